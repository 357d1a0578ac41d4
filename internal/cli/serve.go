package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os/signal"
	"syscall"
	"time"

	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/mail"
	"cultivate/internal/store"
	"cultivate/internal/web"
	"cultivate/internal/webhook"
)

type serveFlags struct {
	database, addr, baseURL, logFormat, logLevel *string
	trustProxy                                   *bool
	maxBody                                      *int64
	sweepEvery                                   *string
	// Email (issue 4): the SMTP server and the sender; see mailOptions.
	smtpAddr, smtpUsername, smtpPassword, smtpTLS, mailFrom *string
	// Webhooks (issue 4): whether they may call private addresses.
	webhookAllowPrivate *bool
}

func (c *command) serveFlags(f *flagSet, defAddr string) serveFlags {
	return serveFlags{
		database:   f.String("database", "cultivate.db", "SQLite file path, or a postgres:// URL"),
		addr:       f.String("addr", defAddr, "address to listen on"),
		baseURL:    f.String("base-url", "", "public URL, e.g. https://cop.example.org (https turns on secure cookies)"),
		logFormat:  f.String("log-format", "text", "log format: text or json"),
		logLevel:   f.String("log-level", "info", "log level: debug, info, warn or error"),
		trustProxy: f.Bool("trust-proxy", false, "believe X-Forwarded-For (only behind a proxy that sets it)"),
		maxBody:    f.Int64("max-body-bytes", 1<<20, "largest request body accepted"),
		sweepEvery: f.String("sweep-interval", "1m", "how often due background jobs (reminders, follow-ups, digests, webhooks) are looked for (a Go duration, 10s to 1h)"),
		// Email (issue 4).
		smtpAddr:     f.String("smtp-addr", "", "SMTP server as host:port, e.g. smtp.example.org:587; empty keeps mail in the admins' outbox"),
		smtpUsername: f.String("smtp-username", "", "SMTP user name (AUTH PLAIN, only over TLS or to localhost); empty sends without logging in"),
		smtpPassword: f.String("smtp-password", "", "SMTP password: set it in the environment only, never on the command line"),
		smtpTLS:      f.String("smtp-tls", "starttls", "SMTP encryption: starttls (required), implicit (TLS from the start, port 465) or none (STARTTLS only when offered)"),
		mailFrom:     f.String("mail-from", "", `sender of every email, e.g. "Cultivate <cop@example.org>" (default: noreply at the base URL's host)`),

		// Webhooks (issue 4).
		webhookAllowPrivate: f.Bool("webhook-allow-private", false, "let webhooks call private network addresses (10/8, 172.16/12, 192.168/16, fc00::/7), e.g. a Mattermost or Teams proxy inside the organization; loopback, link-local and this instance stay refused"),
	}
}

func (c *command) serve(ctx context.Context, args []string) error {
	f := c.flags("serve", "Serves cultivate. Migrates the database first.")
	sf := c.serveFlags(f, ":8080")
	if err := f.parse(args); err != nil {
		return err
	}
	log, err := newLogger(c.stderr, *sf.logFormat, *sf.logLevel)
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, *sf.database)
	if err != nil {
		return err
	}
	defer db.Close()
	mo, err := c.mailOptions(sf)
	if err != nil {
		return err
	}
	a, err := app.New(db, clock.System{}, app.Options{Mail: mo, Webhooks: webhookOptions(sf)})
	if err != nil {
		return err
	}
	return c.listen(ctx, log, a, sf, nil, nil)
}

// webhookOptions are the webhooks' settings from the flags: the base URL
// (links in payloads; its host is refused as a webhook address) and
// --webhook-allow-private.
func webhookOptions(sf serveFlags) webhook.Options {
	return webhook.Options{BaseURL: *sf.baseURL, AllowPrivate: *sf.webhookAllowPrivate}
}

// mailOptions checks the email flags, naming the one at fault. The SMTP
// password is read from CULTIVATE_SMTP_PASSWORD only: on the command line
// it would show in the process list and the shell's history.
func (c *command) mailOptions(sf serveFlags) (mail.Options, error) {
	if *sf.smtpPassword != c.env(envName("smtp-password")) {
		return mail.Options{}, errors.New("--smtp-password: set CULTIVATE_SMTP_PASSWORD in the environment instead; a password on the command line shows in the process list")
	}
	var o mail.Options
	base := *sf.baseURL
	if base != "" {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return o, fmt.Errorf("--base-url %q: use an http or https address such as https://cop.example.org", base)
		}
	} else {
		// Links in email need an absolute address: the one we listen on.
		host, port, err := net.SplitHostPort(*sf.addr)
		if err != nil {
			return o, fmt.Errorf("--addr %q: use host:port or :port, such as :8080", *sf.addr)
		}
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		base = "http://" + net.JoinHostPort(host, port)
	}
	o.BaseURL = base
	if from := *sf.mailFrom; from != "" {
		if _, err := mail.ParseAddress(from); err != nil {
			return o, fmt.Errorf("--mail-from %q: not an email address; use one such as \"Cultivate <cop@example.org>\"", from)
		}
		o.From = from
	}
	mode, err := mail.ParseTLSMode(*sf.smtpTLS)
	if err != nil {
		return o, fmt.Errorf("--smtp-tls: %w", err)
	}
	addr := *sf.smtpAddr
	if addr == "" {
		if *sf.smtpUsername != "" || *sf.smtpPassword != "" {
			return o, errors.New("--smtp-username and CULTIVATE_SMTP_PASSWORD need --smtp-addr, the server to log in to")
		}
		return o, nil
	}
	if host, port, err := net.SplitHostPort(addr); err != nil || host == "" || port == "" {
		return o, fmt.Errorf("--smtp-addr %q: use host:port, such as smtp.example.org:587", addr)
	}
	if *sf.smtpPassword != "" && *sf.smtpUsername == "" {
		return o, errors.New("CULTIVATE_SMTP_PASSWORD is set but --smtp-username is not")
	}
	o.SMTP = mail.SMTP{Addr: addr, Username: *sf.smtpUsername, Password: *sf.smtpPassword, TLS: mode}
	return o, nil
}

func openMigrated(ctx context.Context, dsn string) (*store.DB, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("--database: %w", err)
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// listen serves until ctx ends or SIGINT/SIGTERM arrives, then drains
// requests for up to 20 seconds. ready, if set, is called with the bound
// address once the listener is open.
func (c *command) listen(ctx context.Context, log *slog.Logger, a *app.App, sf serveFlags, demo []web.DemoLogin, ready func(addr string)) error {
	api, err := newAPI(a, log)
	if err != nil {
		return err
	}
	h, err := web.New(a, log, web.Config{BaseURL: *sf.baseURL, MaxBodyBytes: *sf.maxBody, Version: version(),
		DemoLogins: demo, API: api, TrustProxy: *sf.trustProxy})
	if err != nil {
		return err
	}
	sweep, err := time.ParseDuration(*sf.sweepEvery)
	if err != nil || sweep < 10*time.Second || sweep > time.Hour {
		return fmt.Errorf("--sweep-interval %q: use a duration from 10s to 1h, such as 1m", *sf.sweepEvery)
	}
	ln, err := net.Listen("tcp", *sf.addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %w", *sf.addr, err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	// Live workshop streams never go idle; end them when shutting down so
	// Shutdown does not wait for them until its deadline (issue 5).
	srv.RegisterOnShutdown(a.Workshops.Shutdown)
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	bgCtx, bgStop := context.WithCancel(ctx)
	bgDone := make(chan struct{})
	go func() { background(bgCtx, log, a, sweep); close(bgDone) }()
	defer func() { bgStop(); <-bgDone }()
	log.Info("serving", "addr", ln.Addr().String(), "database", a.DB.Dialect().String(), "version", version())
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}
