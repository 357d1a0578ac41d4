package webhook

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"

	"cultivate/internal/errs"
)

// guard keeps webhooks from being turned against the server or its
// network (server-side request forgery): a leader could otherwise make the
// server call its own admin endpoints, a cloud metadata service or a
// database on the internal network, and read the answers in the delivery
// log. It checks a URL when it is saved, for a clear error, and again at
// every dial, on the address actually connected to, so a name that
// resolved to a public address at save time and to 127.0.0.1 later (DNS
// rebinding) is still refused.
type guard struct {
	allowPrivate  bool
	allowLoopback bool
	ownHost       string // the instance's host name, lower case ("" if unknown)
}

// blocked is the error of a refused address; deliveries fail permanently
// on it, since retrying reaches the same address.
type blocked struct{ reason string }

func (b blocked) Error() string { return "refused: " + b.reason }

const (
	reasonLoopback    = "this address points at this machine itself; webhooks can only call other servers"
	reasonLinkLocal   = "this address is link-local (such as a cloud metadata service); webhooks may not call it"
	reasonUnusable    = "this is not an address a webhook can deliver to"
	reasonPrivate     = "this address is on a private network; an administrator can allow private addresses with --webhook-allow-private"
	reasonOwn         = "this address is cultivate itself; a webhook cannot call back into the site"
	maxURLLen         = 2000
	saveLookupTimeout = 3 * time.Second
)

// checkIP says why ip may not be called, or "" when it may.
func (g guard) checkIP(ip netip.Addr, own []netip.Addr) string {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid(), ip.IsUnspecified(), ip.IsMulticast(), ip.IsInterfaceLocalMulticast(), ip.IsLinkLocalMulticast(),
		ip == netip.AddrFrom4([4]byte{255, 255, 255, 255}), ip.Is4() && ip.As4()[0] == 0:
		return reasonUnusable
	case ip.IsLinkLocalUnicast():
		// 169.254.0.0/16 and fe80::/10: the metadata service of every
		// large cloud lives at 169.254.169.254 (and fd00:ec2::254, which
		// the private check below catches).
		return reasonLinkLocal
	case ip.IsLoopback():
		if !g.allowLoopback {
			return reasonLoopback
		}
	}
	for _, o := range own {
		if o.Unmap() == ip {
			return reasonOwn
		}
	}
	if (ip.IsPrivate() || sharedAddressSpace.Contains(ip)) && !g.allowPrivate {
		return reasonPrivate
	}
	return ""
}

// sharedAddressSpace is 100.64.0.0/10 (RFC 6598, carrier-grade NAT), as
// internal as the private ranges.
var sharedAddressSpace = netip.MustParsePrefix("100.64.0.0/10")

// checkURL checks a webhook address when it is saved and returns it
// normalized, or an errs.Field error on "url" that says what is wrong.
func (g guard) checkURL(ctx context.Context, raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", errs.Field("url", "Paste the webhook address the receiving service gave you.")
	}
	if len(raw) > maxURLLen {
		return "", errs.Field("url", "The address is too long (at most 2000 characters).")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", errs.Field("url", "This is not a web address. Paste the whole address, starting with https://.")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", errs.Field("url", "Use an http:// or https:// address, such as the one Slack or Teams gives you.")
	}
	host := strings.ToLower(u.Hostname())
	if host == "" || u.Opaque != "" {
		return "", errs.Field("url", "The address needs a host name, such as hooks.slack.com.")
	}
	if g.ownHost != "" && host == g.ownHost {
		return "", errs.Field("url", capital(reasonOwn)+".")
	}
	own := g.ownAddrs(ctx)
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		if why := g.checkIP(ip, own); why != "" {
			return "", errs.Field("url", capital(why)+".")
		}
		return u.String(), nil
	}
	if (host == "localhost" || strings.HasSuffix(host, ".localhost")) && !g.allowLoopback {
		return "", errs.Field("url", capital(reasonLoopback)+".")
	}
	// A name that does not resolve now may resolve later (a receiver not
	// yet deployed); the dial-time check is the one that holds.
	lctx, cancel := context.WithTimeout(ctx, saveLookupTimeout)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(lctx, "ip", host)
	if err == nil {
		for _, ip := range addrs {
			if why := g.checkIP(ip, own); why != "" {
				return "", errs.Field("url", capital(why)+".")
			}
		}
	}
	return u.String(), nil
}

// ownAddrs resolves the instance's own host; a failure leaves the check to
// the name comparison and the other rules.
func (g guard) ownAddrs(ctx context.Context) []netip.Addr {
	if g.ownHost == "" {
		return nil
	}
	if ip, err := netip.ParseAddr(strings.Trim(g.ownHost, "[]")); err == nil {
		return []netip.Addr{ip}
	}
	lctx, cancel := context.WithTimeout(ctx, saveLookupTimeout)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupNetIP(lctx, "ip", g.ownHost)
	if err != nil {
		return nil
	}
	return addrs
}

// dialContext dials like net.Dialer, but its Control function sees the
// resolved address of every connection attempt and refuses the forbidden
// ones before a packet is sent.
func (g guard) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	own := g.ownAddrs(ctx)
	d := net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error { return g.control(address, own) }}
	return d.DialContext(ctx, network, addr)
}

// control is the dial-time check of one resolved address ("ip:port").
func (g guard) control(address string, own []netip.Addr) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return blocked{reasonUnusable}
	}
	if why := g.checkIP(ap.Addr(), own); why != "" {
		return blocked{why}
	}
	return nil
}

// isBlocked reports whether err is a refusal by the guard.
func isBlocked(err error) bool {
	var b blocked
	return errors.As(err, &b)
}

func capital(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
