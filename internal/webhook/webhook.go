// Package webhook sends a community's news to the chat tools its members
// already live in: outgoing webhooks in Slack's format, in Microsoft
// Teams' (an Adaptive Card message) or as generic JSON signed with
// HMAC-SHA256, for the topics the leader or core group choose (help
// requests, knowledge, events, announcements, the backlog, members).
//
// A delivery is a durable job (internal/jobs), enqueued by an activity
// observer inside the transaction of the action it reports, so a delivery
// exists exactly when its action committed; it runs outside any
// transaction, is retried with backoff on network errors, 5xx and 429, and
// fails at once on other 4xx answers. Every attempt is written to the
// webhook's delivery log.
//
// # Who manages webhooks
//
// The leader and the core group: they run the events and announcements
// that webhooks carry, and a broken channel is theirs to mend. What a
// webhook sends is only what every member may see.
//
// # What a payload carries
//
// A headline ("Ada asked for help: Flaky tests"), the subject's title and
// a link, never a body, in open and private communities alike: the channel
// a webhook posts to may be read by people outside the community, a body
// once posted cannot be taken back when it is edited or deleted, and the
// link leads members to the full text behind the community's own access
// check.
//
// # Safety
//
// Addresses are checked against server-side request forgery at save time
// and at every dial (see guard.go); redirects are not followed; requests
// time out; at most a few kilobytes of an answer are read.
package webhook

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/feed"
	"cultivate/internal/jobs"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Format is the shape of a payload.
type Format string

// The formats a webhook can send.
const (
	Slack   Format = "slack"   // {"text": …} with a mrkdwn link; also Mattermost, Rocket.Chat, Discord's /slack endpoint
	Teams   Format = "teams"   // a message with an Adaptive Card, as Teams incoming webhooks and Workflows accept
	Generic Format = "generic" // the entry as JSON, signed
)

// Label names a format in a form.
func (f Format) Label() string {
	switch f {
	case Slack:
		return "Slack (also Mattermost and Rocket.Chat)"
	case Teams:
		return "Microsoft Teams"
	case Generic:
		return "Generic JSON, signed"
	}
	return string(f)
}

// Formats lists the formats in the order forms offer them.
func Formats() []Format { return []Format{Slack, Teams, Generic} }

// Kinds of activity entry this package writes; subjects are ("webhook", id).
// The address is never in the detail: a Slack or Teams webhook address is
// itself a secret, and the log is read by every member.
const (
	ActivityCreated       = "webhook.created"
	ActivityUpdated       = "webhook.updated"
	ActivityDeleted       = "webhook.deleted"
	ActivitySecretRotated = "webhook.secret_rotated"
)

// JobDeliver is the kind of the jobs that deliver payloads.
const JobDeliver = "webhook.deliver"

// Attempts is how many times a delivery is tried before it is marked failed
// (with jobs.Backoff between tries: about two hours in all).
const Attempts = 8

// Limits on what leaders type.
const (
	NameMax = 80
)

// Webhook is one outgoing webhook of a community.
type Webhook struct {
	ID          int64
	CommunityID int64
	Name        string
	URL         string
	Format      Format
	Topics      []string
	Active      bool
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedAt   time.Time

	// Filled by List: the newest delivery attempt, if any.
	Last *Delivery
}

// Sends reports whether the webhook sends topic.
func (w Webhook) Sends(topic string) bool { return slices.Contains(w.Topics, topic) }

// Input is what a leader fills in.
type Input struct {
	Name   string
	URL    string
	Format Format
	Topics []string
	Active bool
}

// Options configure the service for its deployment.
type Options struct {
	// BaseURL is the instance's public address. Links in payloads are made
	// absolute with it, and its host is refused as a webhook address.
	BaseURL string
	// AllowPrivate lets webhooks call private addresses (10/8, 172.16/12,
	// 192.168/16, fc00::/7, 100.64/10): organizations often run chat
	// servers or proxies inside their network.
	AllowPrivate bool
	// AllowLoopback lets webhooks call 127.0.0.0/8 and ::1. For tests only,
	// which deliver to an httptest server; never set it in production.
	AllowLoopback bool
	// Timeout bounds one delivery request; 0 means 10 seconds.
	Timeout time.Duration
}

// Service manages webhooks and delivers their payloads.
type Service struct {
	db          *store.DB
	clock       clock.Clock
	log         *activity.Log
	communities *community.Service
	queue       *jobs.Queue
	describer   *feed.Describer
	opts        Options
	guard       guard
	client      *http.Client
}

// New returns the Service and registers its delivery handler on queue.
// Register Observe with the activity log to send deliveries.
func New(db *store.DB, c clock.Clock, log *activity.Log, communities *community.Service, queue *jobs.Queue, d *feed.Describer, opts Options) *Service {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	g := guard{allowPrivate: opts.AllowPrivate, allowLoopback: opts.AllowLoopback}
	if u, err := url.Parse(opts.BaseURL); err == nil {
		g.ownHost = strings.ToLower(u.Hostname())
	}
	transport := &http.Transport{
		Proxy:                 nil, // an environment proxy would dial for us, past the guard
		DialContext:           g.dialContext,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: opts.Timeout,
		MaxIdleConns:          20,
		IdleConnTimeout:       60 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	s := &Service{db: db, clock: c, log: log, communities: communities, queue: queue, describer: d, opts: opts, guard: g,
		client: &http.Client{Transport: transport, Timeout: opts.Timeout,
			// A redirect would lead the request to an address the guard
			// checked only as a dial; answer with the 3xx instead.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	queue.HandleOutside(JobDeliver, s.deliver)
	return s
}

// scope is the community a leader or core member manages webhooks of.
func (s *Service) scope(ctx context.Context, actor account.User, slug string) (community.Community, error) {
	if actor.ID == 0 {
		return community.Community{}, errs.E(errs.Unauthorized, "Sign in to manage webhooks.")
	}
	c, m, err := s.communities.BySlug(ctx, slug, actor)
	if err != nil {
		return community.Community{}, err
	}
	if !m.CanModerate() {
		return community.Community{}, errs.E(errs.Forbidden, "Only the leader and the core group of %s can manage its webhooks.", c.Name)
	}
	return c, nil
}

func errNoWebhook() error {
	return errs.E(errs.NotFound, "There is no such webhook in this community; it may have been deleted.")
}

const webhookColumns = `id, community_id, name, url, format, topics, active, COALESCE(created_by, 0), created_at, updated_at`

func scanWebhook(row interface{ Scan(...any) error }) (Webhook, error) {
	var w Webhook
	var topics string
	var created, updated int64
	if err := row.Scan(&w.ID, &w.CommunityID, &w.Name, &w.URL, &w.Format, &topics, &w.Active, &w.CreatedBy, &created, &updated); err != nil {
		return Webhook{}, err
	}
	w.Topics = strings.Fields(topics)
	w.CreatedAt, w.UpdatedAt = store.Time(created), store.Time(updated)
	return w, nil
}

// List returns a community's webhooks, oldest first, each with its newest
// delivery attempt.
func (s *Service) List(ctx context.Context, actor account.User, slug string) ([]Webhook, error) {
	c, err := s.scope(ctx, actor, slug)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE community_id = $1 ORDER BY id`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("webhook: list: %w", err)
	}
	var out []Webhook
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("webhook: list: %w", err)
		}
		out = append(out, w)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("webhook: list: %w", err)
	}
	for i := range out {
		ds, _, err := s.deliveries(ctx, out[i].ID, 0, 1)
		if err != nil {
			return nil, err
		}
		if len(ds) > 0 {
			out[i].Last = &ds[0]
		}
	}
	return out, nil
}

// Get returns one webhook of a community.
func (s *Service) Get(ctx context.Context, actor account.User, slug string, id int64) (Webhook, error) {
	c, err := s.scope(ctx, actor, slug)
	if err != nil {
		return Webhook{}, err
	}
	return s.get(ctx, c.ID, id)
}

func (s *Service) get(ctx context.Context, communityID, id int64) (Webhook, error) {
	w, err := scanWebhook(s.db.QueryRowContext(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE id = $1 AND community_id = $2`, id, communityID))
	if errors.Is(err, sql.ErrNoRows) {
		return Webhook{}, errNoWebhook()
	}
	if err != nil {
		return Webhook{}, fmt.Errorf("webhook: get %d: %w", id, err)
	}
	return w, nil
}

// validate checks a leader's input; the URL goes through the guard.
func (s *Service) validate(ctx context.Context, in Input) (Input, error) {
	var f errs.Fields
	in.Name = validate.Text(&f, "name", "The name", in.Name, 1, NameMax, false)
	if !slices.Contains(Formats(), in.Format) {
		f.Add("format", "Choose Slack, Microsoft Teams or generic JSON.")
	}
	var topics []string
	for _, t := range in.Topics {
		if !feed.ValidTopic(t) {
			f.Add("topics", "Choose among the topics listed.")
			break
		}
		if !slices.Contains(topics, t) {
			topics = append(topics, t)
		}
	}
	if len(in.Topics) == 0 {
		f.Add("topics", "Choose at least one topic to send.")
	}
	in.Topics = topics
	if u, err := s.guard.checkURL(ctx, in.URL); err != nil {
		e, _ := errs.As(err) // checkURL only answers errs.Field errors
		f.Add("url", e.Message)
	} else {
		in.URL = u
	}
	return in, f.Err()
}

// Create adds a webhook and returns it with its signing secret, which is
// shown this once.
func (s *Service) Create(ctx context.Context, actor account.User, slug string, in Input) (Webhook, string, error) {
	c, err := s.scope(ctx, actor, slug)
	if err != nil {
		return Webhook{}, "", err
	}
	if in, err = s.validate(ctx, in); err != nil {
		return Webhook{}, "", err
	}
	secret := newSecret()
	now := s.clock.Now()
	var id int64
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.QueryRowContext(ctx, `INSERT INTO webhooks (community_id, name, url, format, topics, secret, active, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			c.ID, in.Name, in.URL, string(in.Format), strings.Join(in.Topics, " "), secret, in.Active, actor.ID, store.Millis(now)).Scan(&id); err != nil {
			return fmt.Errorf("webhook: create: %w", err)
		}
		return s.record(ctx, c.ID, actor.ID, ActivityCreated, id, map[string]any{"name": in.Name, "format": string(in.Format)})
	})
	if err != nil {
		return Webhook{}, "", err
	}
	w, err := s.get(ctx, c.ID, id)
	return w, secret, err
}

// Update changes every setting of a webhook; its secret stays.
func (s *Service) Update(ctx context.Context, actor account.User, slug string, id int64, in Input) (Webhook, error) {
	c, err := s.scope(ctx, actor, slug)
	if err != nil {
		return Webhook{}, err
	}
	if _, err := s.get(ctx, c.ID, id); err != nil {
		return Webhook{}, err
	}
	if in, err = s.validate(ctx, in); err != nil {
		return Webhook{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		res, err := s.db.ExecContext(ctx, `UPDATE webhooks SET name = $1, url = $2, format = $3, topics = $4, active = $5, updated_at = $6
			WHERE id = $7 AND community_id = $8`,
			in.Name, in.URL, string(in.Format), strings.Join(in.Topics, " "), in.Active, store.Millis(s.clock.Now()), id, c.ID)
		if err != nil {
			return fmt.Errorf("webhook: update: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNoWebhook()
		}
		return s.record(ctx, c.ID, actor.ID, ActivityUpdated, id, map[string]any{"name": in.Name, "active": in.Active})
	})
	if err != nil {
		return Webhook{}, err
	}
	return s.get(ctx, c.ID, id)
}

// SetActive pauses (false) or resumes (true) a webhook. Deliveries queued
// while it is paused are skipped, not sent later.
func (s *Service) SetActive(ctx context.Context, actor account.User, slug string, id int64, active bool) (Webhook, error) {
	c, err := s.scope(ctx, actor, slug)
	if err != nil {
		return Webhook{}, err
	}
	w, err := s.get(ctx, c.ID, id)
	if err != nil {
		return Webhook{}, err
	}
	if w.Active == active {
		return w, nil
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `UPDATE webhooks SET active = $1, updated_at = $2 WHERE id = $3`, active, store.Millis(s.clock.Now()), id); err != nil {
			return fmt.Errorf("webhook: set active: %w", err)
		}
		return s.record(ctx, c.ID, actor.ID, ActivityUpdated, id, map[string]any{"name": w.Name, "active": active})
	})
	if err != nil {
		return Webhook{}, err
	}
	return s.get(ctx, c.ID, id)
}

// Delete removes a webhook and its delivery log. Deliveries still queued
// find it gone and send nothing.
func (s *Service) Delete(ctx context.Context, actor account.User, slug string, id int64) error {
	c, err := s.scope(ctx, actor, slug)
	if err != nil {
		return err
	}
	w, err := s.get(ctx, c.ID, id)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE webhook_id = $1`, id); err != nil {
			return fmt.Errorf("webhook: delete deliveries: %w", err)
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM webhooks WHERE id = $1`, id); err != nil {
			return fmt.Errorf("webhook: delete: %w", err)
		}
		return s.record(ctx, c.ID, actor.ID, ActivityDeleted, id, map[string]any{"name": w.Name})
	})
}

// RotateSecret gives a webhook a new signing secret, shown this once; the
// old one stops signing at once.
func (s *Service) RotateSecret(ctx context.Context, actor account.User, slug string, id int64) (string, error) {
	c, err := s.scope(ctx, actor, slug)
	if err != nil {
		return "", err
	}
	w, err := s.get(ctx, c.ID, id)
	if err != nil {
		return "", err
	}
	secret := newSecret()
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `UPDATE webhooks SET secret = $1, updated_at = $2 WHERE id = $3`, secret, store.Millis(s.clock.Now()), id); err != nil {
			return fmt.Errorf("webhook: rotate secret: %w", err)
		}
		return s.record(ctx, c.ID, actor.ID, ActivitySecretRotated, id, map[string]any{"name": w.Name})
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// Ping queues a test delivery, sent even while the webhook is paused, so a
// leader can check the address before turning it on.
func (s *Service) Ping(ctx context.Context, actor account.User, slug string, id int64) error {
	c, err := s.scope(ctx, actor, slug)
	if err != nil {
		return err
	}
	w, err := s.get(ctx, c.ID, id)
	if err != nil {
		return err
	}
	now := s.clock.Now()
	ev := Event{Kind: "webhook.ping", Text: "This is a test from cultivate: the webhook “" + w.Name + "” of " + c.Name + " works.",
		Link: s.opts.BaseURL + "/c/" + c.Slug + "/settings/webhooks/" + fmt.Sprint(id), Time: now.UTC(),
		Community: EventCommunity{ID: c.ID, Slug: c.Slug, Name: c.Name, Private: c.Visibility == community.Private},
		Actor:     EventActor{ID: actor.ID, Name: actor.Name}, Subject: EventSubject{Type: "webhook", ID: id}}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := s.queue.Enqueue(ctx, JobDeliver, job{WebhookID: id, Ping: true, Event: ev}, jobs.Options{MaxAttempts: 1})
		return err
	})
}

func (s *Service) record(ctx context.Context, communityID, actorID int64, kind string, id int64, detail map[string]any) error {
	return s.log.Record(ctx, activity.Entry{At: s.clock.Now(), CommunityID: communityID, ActorID: actorID, Kind: kind,
		SubjectType: "webhook", SubjectID: id, Detail: detail})
}

// newSecret is 32 random bytes, base64url, with a prefix that says what it is.
func newSecret() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return "whsec_" + base64.RawURLEncoding.EncodeToString(b[:])
}
