package cli

import (
	"context"
	"log/slog"
	"time"

	"cultivate/internal/app"
)

// background does the work that time brings (reminders before a response
// commitment runs out, follow-ups after solving, pruning expired sessions)
// every interval until ctx ends. Every replica runs it: each piece of work
// is claimed in the database before it is done, so it happens once however
// many replicas sweep at the same moment.
func background(ctx context.Context, log *slog.Logger, a *app.App, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		sweepOnce(ctx, log, a)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func sweepOnce(ctx context.Context, log *slog.Logger, a *app.App) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	rep, err := a.Practice.Sweep(ctx)
	if err != nil {
		if ctx.Err() == nil {
			log.Error("sweep", "err", err)
		}
		return
	}
	if rep.Reminded+rep.FollowupsAsked+rep.FollowupsReasked+rep.LoopsClosed > 0 {
		log.Info("sweep", "reminded", rep.Reminded, "followups_asked", rep.FollowupsAsked,
			"followups_reasked", rep.FollowupsReasked, "loops_closed", rep.LoopsClosed)
	}
	if n, err := a.Accounts.PruneSessions(ctx); err != nil {
		log.Error("prune sessions", "err", err)
	} else if n > 0 {
		log.Debug("pruned expired sessions", "count", n)
	}
}
