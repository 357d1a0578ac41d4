package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os/signal"
	"syscall"
	"time"

	"cultivate/internal/app"
	"cultivate/internal/clock"
	"cultivate/internal/store"
	"cultivate/internal/web"
)

type serveFlags struct {
	database, addr, baseURL, logFormat, logLevel *string
	trustProxy                                   *bool
	maxBody                                      *int64
	sweepEvery                                   *string
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
	a, err := app.New(db, clock.System{}, app.Options{})
	if err != nil {
		return err
	}
	return c.listen(ctx, log, a, sf, nil, nil)
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
