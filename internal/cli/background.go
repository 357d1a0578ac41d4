package cli

import (
	"context"
	"log/slog"
	"time"

	"cultivate/internal/app"
)

// background runs the due jobs (reminders before a response commitment
// runs out, follow-ups after solving, digests, webhook deliveries, event
// reminders and feedback requests, housekeeping) every interval until ctx
// ends. Every replica runs it: each job is leased in the database before it
// runs and marked done with its effect (internal/jobs), so it happens once
// however many replicas look at the same moment.
func background(ctx context.Context, log *slog.Logger, a *app.App, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		runJobs(ctx, log, a)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func runJobs(ctx context.Context, log *slog.Logger, a *app.App) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	rep, err := a.Jobs.RunDue(ctx)
	if err != nil && ctx.Err() == nil {
		log.Error("background jobs", "err", err)
	}
	if rep.Retried+rep.Failed > 0 {
		log.Warn("background jobs", "done", rep.Done, "retried", rep.Retried, "failed", rep.Failed)
	} else if rep.Done > 0 {
		log.Debug("background jobs", "done", rep.Done)
	}
}
