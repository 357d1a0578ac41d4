package mail_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpServer is a small but real SMTP server (RFC 5321) on a loopback
// port, enough for net/smtp: EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA,
// RSET, NOOP, QUIT. What arrives is kept in received. It is written here
// rather than taken from a library so the module needs no dependency for
// tests alone.
type smtpServer struct {
	t        *testing.T
	ln       net.Listener
	tls      *tls.Config // offers STARTTLS when set
	authUser string      // offers AUTH PLAIN when set
	authPass string
	implicit bool // TLS from the first byte

	mu       sync.Mutex
	down     bool // greet with 421 and hang up: the server is "down"
	received []received
	wg       sync.WaitGroup
}

// received is one message as the server got it.
type received struct {
	From, To string
	Data     string
	TLS      bool
	AuthUser string
}

func (r received) parse(t *testing.T) *mail.Message {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(r.Data))
	if err != nil {
		t.Fatalf("the message that arrived does not parse: %v\n%s", err, r.Data)
	}
	return m
}

func startSMTP(t *testing.T, withTLS bool, user, pass string) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{t: t, ln: ln, authUser: user, authPass: pass}
	if withTLS {
		s.tls = &tls.Config{Certificates: []tls.Certificate{testCert(t)}}
	}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

// startImplicitTLS is a server that speaks TLS from the first byte (as on
// port 465), so it offers no STARTTLS.
func startImplicitTLS(t *testing.T) *smtpServer {
	t.Helper()
	cfg := &tls.Config{Certificates: []tls.Certificate{testCert(t)}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{t: t, ln: tls.NewListener(ln, cfg), tls: cfg, implicit: true}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(func() { ln.Close(); s.wg.Wait() })
	return s
}

func (s *smtpServer) addr() string { return s.ln.Addr().String() }

func (s *smtpServer) setDown(down bool) {
	s.mu.Lock()
	s.down = down
	s.mu.Unlock()
}

func (s *smtpServer) messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.received...)
}

func (s *smtpServer) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(30 * time.Second))
			s.session(c)
		}()
	}
}

func (s *smtpServer) session(c net.Conn) {
	s.mu.Lock()
	down := s.down
	s.mu.Unlock()
	tp := textproto.NewConn(c)
	if down {
		_ = tp.PrintfLine("421 4.3.2 mail.test is down for maintenance")
		return
	}
	_ = tp.PrintfLine("220 mail.test ESMTP ready")
	var cur received
	isTLS, authed := s.implicit, ""
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			ext := []string{"250-mail.test", "250-8BITMIME"}
			if s.tls != nil && !isTLS {
				ext = append(ext, "250-STARTTLS")
			}
			if s.authUser != "" {
				ext = append(ext, "250-AUTH PLAIN")
			}
			ext = append(ext, "250 SMTPUTF8")
			for _, l := range ext {
				_ = tp.PrintfLine("%s", l)
			}
		case "STARTTLS":
			if s.tls == nil || isTLS {
				_ = tp.PrintfLine("502 5.5.1 not offered")
				continue
			}
			_ = tp.PrintfLine("220 2.0.0 go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, isTLS = tc, true
			tp = textproto.NewConn(tc)
			cur = received{}
		case "AUTH":
			mech, ir, _ := strings.Cut(arg, " ")
			if s.authUser == "" || !strings.EqualFold(mech, "PLAIN") {
				_ = tp.PrintfLine("504 5.5.4 mechanism not supported")
				continue
			}
			raw, err := base64.StdEncoding.DecodeString(ir)
			parts := strings.Split(string(raw), "\x00")
			if err != nil || len(parts) != 3 || parts[1] != s.authUser || parts[2] != s.authPass {
				_ = tp.PrintfLine("535 5.7.8 authentication failed")
				continue
			}
			authed = parts[1]
			_ = tp.PrintfLine("235 2.7.0 authenticated")
		case "MAIL":
			if s.authUser != "" && authed == "" {
				_ = tp.PrintfLine("530 5.7.0 authentication required")
				continue
			}
			cur = received{From: addrArg(arg), TLS: isTLS, AuthUser: authed}
			_ = tp.PrintfLine("250 2.1.0 ok")
		case "RCPT":
			cur.To = addrArg(arg)
			_ = tp.PrintfLine("250 2.1.5 ok")
		case "DATA":
			_ = tp.PrintfLine("354 end with <CRLF>.<CRLF>")
			b, err := io.ReadAll(tp.DotReader())
			if err != nil {
				return
			}
			cur.Data = string(b)
			s.mu.Lock()
			s.received = append(s.received, cur)
			s.mu.Unlock()
			_ = tp.PrintfLine("250 2.0.0 queued")
		case "RSET", "NOOP":
			_ = tp.PrintfLine("250 2.0.0 ok")
		case "QUIT":
			_ = tp.PrintfLine("221 2.0.0 bye")
			return
		default:
			_ = tp.PrintfLine("500 5.5.2 unknown command")
		}
	}
}

// addrArg takes the address out of "FROM:<a@b> SIZE=…".
func addrArg(arg string) string {
	_, rest, _ := strings.Cut(arg, ":")
	rest = strings.TrimSpace(rest)
	if i := strings.IndexByte(rest, '>'); i >= 0 {
		rest = rest[:i]
	}
	return strings.TrimPrefix(rest, "<")
}

// testCert is a self-signed certificate for 127.0.0.1 and localhost.
func testCert(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mail.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
}

// clientTLS trusts s's certificate.
func (s *smtpServer) clientTLS() *tls.Config {
	pool := x509.NewCertPool()
	pool.AddCert(s.tls.Certificates[0].Leaf)
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
}
