// Package app wires the areas together once, so the web UI, the JSON API,
// the CLI and the demo all work on the same logic layer.
package app

import (
	"context"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/jobs"
	"cultivate/internal/knowledge"
	"cultivate/internal/notify"
	"cultivate/internal/practice"
	"cultivate/internal/search"
	"cultivate/internal/store"
)

// App holds every area's service.
type App struct {
	DB          *store.DB
	Clock       clock.Clock
	Jobs        *jobs.Queue
	Activity    *activity.Log
	Accounts    *account.Service
	Communities *community.Service
	Inbox       *notify.Inbox
	Search      *search.Index
	Knowledge   *knowledge.Service
	Practice    *practice.Service
}

// Options tune the services.
type Options struct {
	// PasswordHash sets argon2id's cost; zero means the production default.
	PasswordHash account.HashParams
}

// New builds the services on db.
func New(db *store.DB, c clock.Clock, opts Options) (*App, error) {
	log := activity.New(db)
	accounts, err := account.New(db, c, log, account.Options{Hash: opts.PasswordHash})
	if err != nil {
		return nil, err
	}
	communities := community.New(db, c, log)
	inbox := notify.New(db, c)
	idx := search.New(db)
	queue := jobs.New(db, c)
	a := &App{
		DB:          db,
		Clock:       c,
		Jobs:        queue,
		Activity:    log,
		Accounts:    accounts,
		Communities: communities,
		Inbox:       inbox,
		Search:      idx,
		Knowledge:   knowledge.New(db, c, log, communities, inbox, idx),
		Practice:    practice.New(db, c, log, communities, accounts, inbox, idx),
	}
	a.scheduleHousekeeping()
	return a, nil
}

// Kinds of the jobs the application schedules itself.
const (
	JobSweep         = "practice.sweep"
	JobPruneSessions = "account.prune_sessions"
	JobPruneJobs     = "jobs.prune"
)

// scheduleHousekeeping registers the periodic work every replica offers to
// do; the jobs table makes sure each slot runs once.
func (a *App) scheduleHousekeeping() {
	// The sweep claims each reminder and follow-up in the transaction that
	// sends it, so it runs outside the job's own transaction.
	a.Jobs.Every(JobSweep, jobs.Interval(time.Minute))
	a.Jobs.HandleOutside(JobSweep, func(ctx context.Context, _ jobs.Job) error {
		_, err := a.Practice.Sweep(ctx)
		return err
	})
	a.Jobs.Every(JobPruneSessions, jobs.Interval(time.Hour))
	a.Jobs.Handle(JobPruneSessions, func(ctx context.Context, _ jobs.Job) error {
		_, err := a.Accounts.PruneSessions(ctx)
		return err
	})
	a.Jobs.Every(JobPruneJobs, jobs.Interval(24*time.Hour))
	a.Jobs.Handle(JobPruneJobs, func(ctx context.Context, _ jobs.Job) error {
		_, err := a.Jobs.PruneDone(ctx, a.Clock.Now().Add(-30*24*time.Hour))
		return err
	})
}
