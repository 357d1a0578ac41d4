// Package app wires the areas together once, so the web UI, the JSON API,
// the CLI and the demo all work on the same logic layer.
package app

import (
	"context"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/announce"
	"cultivate/internal/backlog"
	"cultivate/internal/canvas"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/events"
	"cultivate/internal/feed"
	"cultivate/internal/health"
	"cultivate/internal/jobs"
	"cultivate/internal/knowledge"
	"cultivate/internal/mail"
	"cultivate/internal/maturity"
	"cultivate/internal/notify"
	"cultivate/internal/practice"
	"cultivate/internal/search"
	"cultivate/internal/store"
	"cultivate/internal/webhook"
	"cultivate/internal/workshop"
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
	// Mail is email: preferences, the outbox, digests (issue 4).
	Mail *mail.Service

	// Rhythm (issue 4): the backlog and announcements.
	Backlog       *backlog.Service
	Announcements *announce.Service

	// Events (issue 4): formats, recurrence, RSVPs, attendance, feedback
	// and calendar feeds.
	Events *events.Service

	// Reach (issue 4): outgoing webhooks, Atom feeds and feed tokens.
	Webhooks   *webhook.Service
	Describer  *feed.Describer
	FeedTokens *feed.Tokens

	// Vision (issue 5): the canvas and the live workshop that fills it.
	Canvas    *canvas.Service
	Workshops *workshop.Service

	// Health (issue 5): health checks and retrospectives.
	Health *health.Service

	// Maturity (issue 5): the maturity model with its evidence,
	// dimensions, targets and bootstrap steps.
	Maturity *maturity.Service
}

// Options tune the services.
type Options struct {
	// PasswordHash sets argon2id's cost; zero means the production default.
	PasswordHash account.HashParams
	// Webhooks: the instance's base URL and whether private addresses may
	// be called (--webhook-allow-private).
	Webhooks webhook.Options
	// Mail configures email (issue 4): the base URL of links, the From
	// address, the SMTP server; without a server mail stays in the outbox.
	Mail mail.Options
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
	// Rhythm (issue 4): the backlog and announcements. Backlog items link
	// to artefacts here; the events area registers "event" lookups.
	a.Backlog = backlog.New(db, c, log, communities, inbox)
	a.Backlog.SetLinkLookup(backlog.LinkArtefact, artefactLink(a.Knowledge, communities))
	a.Announcements = announce.New(db, c, log, communities, inbox)
	// Events (issue 4): minutes cite events through the knowledge hook;
	// reminders and feedback asks are jobs.
	a.Events = events.New(db, c, log, communities, inbox, queue)
	a.Knowledge.SetEventLookup(a.Events.EventTitle)
	a.Events.Register(queue)
	a.Backlog.SetLinkLookup(backlog.LinkEvent, a.Events.Link)
	// Email (issue 4): every note reaches mail through the inbox's hook,
	// in the note's transaction; the digest's sections come from the areas.
	if a.Mail, err = mail.New(db, c, queue, log, opts.Mail); err != nil {
		return nil, err
	}
	inbox.OnSend(a.Mail.Noted)
	a.Mail.AddSource(mail.RankRequests, mail.PracticeSource(a.Practice))
	a.Mail.AddSource(mail.RankKnowledge, mail.KnowledgeSource(a.Knowledge))
	a.Mail.AddSource(mail.RankEvents, mail.EventsSource(a.Events))
	a.Mail.AddSource(mail.RankBacklog, mail.BacklogSource(a.Backlog))
	a.Mail.Register(queue)
	// Reach (issue 4): webhooks enqueue their deliveries inside each
	// action's transaction, through the activity log's observer.
	a.Describer = feed.NewDescriber(db)
	a.FeedTokens = feed.NewTokens(db, c)
	a.Webhooks = webhook.New(db, c, log, communities, queue, a.Describer, opts.Webhooks)
	log.Observe(a.Webhooks.Observe)
	// Vision (issue 5): the workshop writes its results to the canvas.
	a.Canvas = canvas.New(db, c, log, communities)
	a.Workshops = workshop.New(db, c, log, communities, inbox, a.Canvas)
	// Health (issue 5): scheduled rounds open and overdue retrospective
	// actions are told through jobs.
	a.Health = health.New(db, c, log, communities, inbox)
	a.Health.Register(queue)
	// Maturity (issue 5): evidence and live metrics read events,
	// practice and the backlog.
	a.Maturity = maturity.New(db, c, log, communities, a.Events, a.Practice, a.Backlog)
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

// artefactLink lets backlog items link to the knowledge artefacts of their
// community. The backlog has already checked that the caller may act
// there, so the artefact is read as the community's leader sees it (the
// leader sees every artefact); a deleted one counts as missing.
func artefactLink(k *knowledge.Service, communities *community.Service) backlog.LinkLookup {
	return func(ctx context.Context, communityID, id int64) (string, string, error) {
		c, err := communities.ByID(ctx, communityID)
		if err != nil {
			return "", "", err
		}
		art, err := k.Get(ctx, account.User{ID: c.LeaderID}, c.Slug, id)
		if err != nil {
			return "", "", err
		}
		if !art.DeletedAt.IsZero() {
			return "", "", errs.E(errs.NotFound, "That artefact was deleted.")
		}
		return art.Title, art.Path(), nil
	}
}
