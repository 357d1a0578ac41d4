package webhook

import (
	"net/netip"
	"strings"
	"testing"
)

// TestDialControl checks the dial-time rule on resolved addresses, which
// is what holds whatever a name resolved to when it was saved.
func TestDialControl(t *testing.T) {
	own := []netip.Addr{netip.MustParseAddr("203.0.113.7")}
	tests := []struct {
		addr                  string
		strict, private, loop string // the reason's start, "" for allowed
	}{
		{"127.0.0.1:80", "this address points", "this address points", ""},
		{"127.9.9.9:443", "this address points", "this address points", ""},
		{"[::1]:80", "this address points", "this address points", ""},
		{"[::ffff:127.0.0.1]:80", "this address points", "this address points", ""},
		{"169.254.169.254:80", "this address is link", "this address is link", "this address is link"},
		{"[fe80::1%25eth0]:80", "this address is link", "this address is link", "this address is link"},
		{"0.0.0.0:80", "this is not", "this is not", "this is not"},
		{"[::]:80", "this is not", "this is not", "this is not"},
		{"239.1.2.3:80", "this is not", "this is not", "this is not"},
		{"10.1.2.3:443", "this address is on a private", "", "this address is on a private"},
		{"172.31.0.1:443", "this address is on a private", "", "this address is on a private"},
		{"192.168.0.10:443", "this address is on a private", "", "this address is on a private"},
		{"100.64.1.1:443", "this address is on a private", "", "this address is on a private"},
		{"[fd12::1]:443", "this address is on a private", "", "this address is on a private"},
		{"203.0.113.7:443", "this address is cultivate", "this address is cultivate", "this address is cultivate"},
		{"93.184.215.14:443", "", "", ""},
		{"[2606:4700::1111]:443", "", "", ""},
		{"not an address", "this is not", "this is not", "this is not"},
	}
	for _, tt := range tests {
		for _, c := range []struct {
			name string
			g    guard
			want string
		}{
			{"strict", guard{}, tt.strict},
			{"private allowed", guard{allowPrivate: true}, tt.private},
			{"loopback allowed", guard{allowLoopback: true}, tt.loop},
		} {
			err := c.g.control(strings.Replace(tt.addr, "%25", "%", 1), own)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("%s %s: refused: %v", c.name, tt.addr, err)
			case c.want != "" && (err == nil || !isBlocked(err) || !strings.HasPrefix(err.(blocked).reason, c.want)):
				t.Errorf("%s %s = %v, want a refusal starting %q", c.name, tt.addr, err, c.want)
			}
		}
	}
}
