package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"strings"
	"time"
)

// TLSMode says how the SMTP connection is protected.
type TLSMode string

// The TLS modes.
const (
	// StartTLS upgrades the connection with STARTTLS and refuses to send
	// when the server does not offer it.
	StartTLS TLSMode = "starttls"
	// ImplicitTLS speaks TLS from the first byte (port 465).
	ImplicitTLS TLSMode = "implicit"
	// NoTLS requires no TLS: STARTTLS is still used when the server offers
	// it, and the message goes in the clear otherwise (a relay on the same
	// machine).
	NoTLS TLSMode = "none"
)

// ParseTLSMode reads a TLS mode: starttls, implicit or none.
func ParseTLSMode(s string) (TLSMode, error) {
	switch m := TLSMode(strings.ToLower(strings.TrimSpace(s))); m {
	case StartTLS, ImplicitTLS, NoTLS:
		return m, nil
	}
	return "", fmt.Errorf("use starttls, implicit or none, not %q", s)
}

// DefaultTimeout bounds one SMTP conversation.
const DefaultTimeout = 30 * time.Second

// SMTP sends through an SMTP server, one connection per message. It is a
// Sender.
type SMTP struct {
	Addr     string // host:port
	Username string // empty: no authentication
	Password string
	TLS      TLSMode       // default StartTLS
	Timeout  time.Duration // the whole conversation; default DefaultTimeout
	// Hello is the name given in EHLO; default "localhost".
	Hello string
	// TLSConfig overrides the TLS settings (tests trust their own
	// certificate with it); ServerName is filled in from Addr.
	TLSConfig *tls.Config
}

// check validates the configuration.
func (c *SMTP) check() error {
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil || host == "" || port == "" {
		return fmt.Errorf("mail: SMTP address %q: use host:port, such as smtp.example.org:587", c.Addr)
	}
	if c.TLS == "" {
		c.TLS = StartTLS
	}
	if _, err := ParseTLSMode(string(c.TLS)); err != nil {
		return fmt.Errorf("mail: SMTP TLS: %w", err)
	}
	if c.Password != "" && c.Username == "" {
		return errors.New("mail: an SMTP password needs a username")
	}
	return nil
}

// Send delivers raw to to, from from. AUTH PLAIN is used only over TLS or
// to a server on this machine (net/smtp refuses otherwise), so a password
// never crosses the network in the clear.
func (c *SMTP) Send(ctx context.Context, from, to string, raw []byte) error {
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("smtp: address %q: %w", c.Addr, err)
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if c.TLSConfig != nil {
		cfg = c.TLSConfig.Clone()
	}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("smtp: connect to %s: %w", c.Addr, err)
	}
	defer conn.Close()
	// The deadline covers the whole conversation, so a server that stops
	// answering frees the job before its lease runs out.
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	if c.TLS == ImplicitTLS {
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fmt.Errorf("smtp: TLS with %s: %w", c.Addr, err)
		}
		conn = tc
	}
	cl, err := smtp.NewClient(conn, host)
	if err != nil {
		return fmt.Errorf("smtp: %s: %w", c.Addr, err)
	}
	defer cl.Close()
	hello := c.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := cl.Hello(hello); err != nil {
		return fmt.Errorf("smtp: EHLO: %w", err)
	}
	if c.TLS != ImplicitTLS {
		if ok, _ := cl.Extension("STARTTLS"); ok {
			if err := cl.StartTLS(cfg); err != nil {
				return fmt.Errorf("smtp: STARTTLS: %w", err)
			}
		} else if c.TLS == StartTLS {
			return fmt.Errorf("smtp: %s does not offer STARTTLS; use --smtp-tls none to send without TLS", c.Addr)
		}
	}
	if c.Username != "" {
		if ok, _ := cl.Extension("AUTH"); !ok {
			return fmt.Errorf("smtp: %s does not offer AUTH, but a username is set", c.Addr)
		}
		if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, host)); err != nil {
			return fmt.Errorf("smtp: AUTH: %w", err)
		}
	}
	if err := cl.Mail(from); err != nil {
		return fmt.Errorf("smtp: MAIL FROM: %w", err)
	}
	if err := cl.Rcpt(to); err != nil {
		return fmt.Errorf("smtp: RCPT TO: %w", err)
	}
	w, err := cl.Data()
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	// The message is accepted once DATA is; a failed QUIT changes nothing.
	_ = cl.Quit()
	return nil
}
