package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/feed"
	"cultivate/internal/jobs"
	"cultivate/internal/store"
)

// Event is what a delivery reports: the generic format sends it as is.
type Event struct {
	ID        string         `json:"id"`    // "activity-123", or "" for a test ping
	Kind      string         `json:"kind"`  // the activity kind: request.asked, artefact.created …
	Topic     string         `json:"topic"` // help, knowledge, events, announcements, backlog, members
	Text      string         `json:"text"`  // the headline, one sentence
	Title     string         `json:"title,omitempty"`
	Link      string         `json:"link"`
	Time      time.Time      `json:"time"`
	Community EventCommunity `json:"community"`
	Actor     EventActor     `json:"actor"`
	Subject   EventSubject   `json:"subject"`
}

// EventCommunity is the community an event happened in.
type EventCommunity struct {
	ID      int64  `json:"id"`
	Slug    string `json:"slug"`
	Name    string `json:"name"`
	Private bool   `json:"private"`
}

// EventActor is who acted; ID 0 for the system or an anonymous author.
type EventActor struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// EventSubject is what was acted on.
type EventSubject struct {
	Type string `json:"type"`
	ID   int64  `json:"id"`
}

// job is a delivery job's payload. The event is fixed when the action
// commits, so a retry sends what happened, not what the subject became.
type job struct {
	WebhookID  int64 `json:"webhook_id"`
	ActivityID int64 `json:"activity_id,omitempty"`
	Ping       bool  `json:"ping,omitempty"`
	Event      Event `json:"event"`
}

// Observe is the activity observer: for an entry in a topic that active
// webhooks of its community send, it enqueues one delivery per webhook in
// the transaction of the action (the dedupe key makes a repeat harmless).
func (s *Service) Observe(ctx context.Context, e activity.Entry) error {
	topic := feed.TopicOf(e.Kind)
	if topic == "" || e.CommunityID == 0 {
		return nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, topics FROM webhooks WHERE community_id = $1 AND active = TRUE ORDER BY id`, e.CommunityID)
	if err != nil {
		return fmt.Errorf("webhook: observe: %w", err)
	}
	var hooks []int64
	for rows.Next() {
		var id int64
		var topics string
		if err := rows.Scan(&id, &topics); err != nil {
			rows.Close()
			return fmt.Errorf("webhook: observe: %w", err)
		}
		for _, t := range strings.Fields(topics) {
			if t == topic {
				hooks = append(hooks, id)
				break
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("webhook: observe: %w", err)
	}
	if len(hooks) == 0 {
		return nil
	}
	var c feed.Community
	var visibility string
	if err := s.db.QueryRowContext(ctx, `SELECT id, slug, name, visibility FROM communities WHERE id = $1`, e.CommunityID).
		Scan(&c.ID, &c.Slug, &c.Name, &visibility); err != nil {
		return fmt.Errorf("webhook: observe: community: %w", err)
	}
	c.Private = visibility == "private"
	if e.ActorID != 0 && e.ActorName == "" {
		// Record is given ids; the name is read here, as List reads it.
		if err := s.db.QueryRowContext(ctx, `SELECT name FROM users WHERE id = $1`, e.ActorID).Scan(&e.ActorName); err != nil {
			return fmt.Errorf("webhook: observe: actor: %w", err)
		}
	}
	items, err := s.describer.Items(ctx, c, []activity.Entry{e})
	if err != nil {
		return err
	}
	ev := s.event(items[0], e)
	for _, id := range hooks {
		if _, err := s.queue.Enqueue(ctx, JobDeliver, job{WebhookID: id, ActivityID: e.ID, Event: ev},
			jobs.Options{Key: fmt.Sprintf("%d/%d", id, e.ID), MaxAttempts: Attempts}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) event(it feed.Item, e activity.Entry) Event {
	return Event{ID: "activity-" + strconv.FormatInt(e.ID, 10), Kind: e.Kind, Topic: it.Topic, Text: it.Headline(), Title: it.Title,
		Link: s.opts.BaseURL + it.Path, Time: e.At.UTC(),
		Community: EventCommunity{ID: it.Community.ID, Slug: it.Community.Slug, Name: it.Community.Name, Private: it.Community.Private},
		Actor:     EventActor{ID: it.ActorID, Name: it.Actor}, Subject: EventSubject{Type: e.SubjectType, ID: e.SubjectID}}
}

// Outcomes of a delivery attempt, as the log shows them.
const (
	Delivered = "delivered" // the receiver answered 2xx
	Retrying  = "retrying"  // failed; another attempt is scheduled
	Failed    = "failed"    // failed for good
	Skipped   = "skipped"   // the webhook was paused; nothing was sent
)

// Delivery is one attempt in a webhook's delivery log.
type Delivery struct {
	ID         int64
	WebhookID  int64
	JobID      int64
	ActivityID int64 // 0 for a test ping
	Kind       string
	Attempt    int
	At         time.Time
	StatusCode int // 0 when no answer came
	Duration   time.Duration
	Error      string
	Outcome    string
}

// DeliveryID is the id receivers see in X-Cultivate-Delivery.
func (d Delivery) DeliveryID() string { return jobs.FormatID(d.JobID) }

// Headers of a delivery.
const (
	HeaderSignature = "X-Cultivate-Signature" // "sha256=" + hex HMAC-SHA256 of timestamp + "." + body
	HeaderTimestamp = "X-Cultivate-Timestamp" // Unix seconds
	HeaderDelivery  = "X-Cultivate-Delivery"  // the job id: the same on every retry, for idempotency
	HeaderEvent     = "X-Cultivate-Event"     // the activity kind
)

// Sign is the signature of body sent at timestamp, as HeaderSignature
// carries it. Receivers compute it with the secret and compare in constant
// time, and refuse timestamps more than a few minutes old (replays).
func Sign(secret, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte("."))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// maxAnswer is how much of a receiver's answer is read.
const maxAnswer = 64 << 10

// deliver is the job handler: it posts one payload and logs the attempt.
func (s *Service) deliver(ctx context.Context, j jobs.Job) error {
	var p job
	if err := j.Decode(&p); err != nil {
		return err
	}
	var w Webhook
	var secret string
	var topics string
	var created, updated int64
	err := s.db.QueryRowContext(ctx, `SELECT id, community_id, name, url, format, topics, active, COALESCE(created_by, 0), created_at, updated_at, secret
		FROM webhooks WHERE id = $1`, p.WebhookID).
		Scan(&w.ID, &w.CommunityID, &w.Name, &w.URL, &w.Format, &topics, &w.Active, &w.CreatedBy, &created, &updated, &secret)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // deleted since: nothing to deliver to
	}
	if err != nil {
		return fmt.Errorf("webhook: deliver %d: %w", p.WebhookID, err)
	}
	maxAttempts := Attempts
	if p.Ping {
		maxAttempts = 1
	}
	d := Delivery{WebhookID: w.ID, JobID: j.ID, ActivityID: p.ActivityID, Kind: p.Event.Kind, Attempt: j.Attempt, At: s.clock.Now()}
	if !w.Active && !p.Ping {
		d.Outcome, d.Error = Skipped, "The webhook was paused; this was not sent."
		return s.logDelivery(ctx, d)
	}
	body, err := encode(w.Format, p.Event)
	if err != nil {
		return jobs.Permanent(err)
	}
	// The duration is the wall clock's, not the injected clock's: it
	// measures the receiver, it does not decide anything.
	start := time.Now()
	status, sendErr := s.post(ctx, w, secret, body, j.ID, p.Event.Kind)
	d.Duration = time.Since(start)
	d.StatusCode = status
	var perm bool
	switch {
	case sendErr == nil:
		d.Outcome = Delivered
	default:
		perm = isPermanent(sendErr)
		d.Error = sendErr.Error()
		d.Outcome = Retrying
		if perm || j.Attempt >= maxAttempts {
			d.Outcome = Failed
		}
	}
	// The delivery happened (or not) whatever the log says: a failure to
	// write the log must not send it again, so it is not returned.
	_ = s.logDelivery(ctx, d)
	if sendErr != nil && perm {
		return jobs.Permanent(sendErr)
	}
	return sendErr
}

// answerError is a receiver's non-2xx answer.
type answerError struct {
	status int
	body   string
}

func (a answerError) Error() string {
	msg := fmt.Sprintf("the receiver answered %d %s", a.status, http.StatusText(a.status))
	if a.status >= 300 && a.status < 400 {
		msg += " (redirects are not followed: use the address it redirects to)"
	}
	if a.body != "" {
		msg += ": " + a.body
	}
	return msg
}

// isPermanent: retrying cannot fix a refused address, a redirect, or a 4xx
// other than 429 (Too Many Requests, which asks to come back later).
func isPermanent(err error) bool {
	if isBlocked(err) {
		return true
	}
	var a answerError
	if errors.As(err, &a) {
		return a.status < 500 && a.status != http.StatusTooManyRequests
	}
	return false
}

// post sends body to w and returns the answer's status.
func (s *Service) post(ctx context.Context, w Webhook, secret string, body []byte, jobID int64, kind string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return 0, blocked{reasonUnusable}
	}
	ts := strconv.FormatInt(s.clock.Now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "cultivate-webhook/1")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderDelivery, jobs.FormatID(jobID))
	req.Header.Set(HeaderEvent, kind)
	req.Header.Set(HeaderSignature, Sign(secret, ts, body))
	resp, err := s.client.Do(req)
	if err != nil {
		if isBlocked(err) {
			var b blocked
			errors.As(err, &b)
			return 0, b
		}
		return 0, fmt.Errorf("could not reach the receiver: %w", unwrapURLError(err))
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 300))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxAnswer)) // so the connection can be reused
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp.StatusCode, nil
	}
	return resp.StatusCode, answerError{status: resp.StatusCode, body: strings.TrimSpace(strings.ToValidUTF8(string(head), "�"))}
}

// unwrapURLError drops url.Error's "Post \"https://…\":" prefix: the
// address can be a secret, and the log line is shown on a page.
func unwrapURLError(err error) error {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if inner := ue.Unwrap(); inner != nil {
			return inner
		}
	}
	return err
}

// logDelivery appends d to its webhook's log and keeps the newest 200.
func (s *Service) logDelivery(ctx context.Context, d Delivery) error {
	if len(d.Error) > 1000 {
		d.Error = d.Error[:1000]
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO webhook_deliveries (webhook_id, job_id, activity_id, kind, attempt, at, status_code, duration_ms, error, outcome)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		d.WebhookID, d.JobID, nullID(d.ActivityID), d.Kind, d.Attempt, store.Millis(d.At), d.StatusCode, d.Duration.Milliseconds(), d.Error, d.Outcome)
	if err != nil {
		return fmt.Errorf("webhook: log delivery: %w", err)
	}
	_, err = s.db.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE webhook_id = $1 AND id <= (
		SELECT id FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT 1 OFFSET 200)`, d.WebhookID)
	if err != nil {
		return fmt.Errorf("webhook: prune delivery log: %w", err)
	}
	return nil
}

// Deliveries returns a page of a webhook's delivery log, newest first, and
// the cursor of the next page (0 at the end).
func (s *Service) Deliveries(ctx context.Context, actor account.User, slug string, id, before int64, limit int) ([]Delivery, int64, error) {
	c, err := s.scope(ctx, actor, slug)
	if err != nil {
		return nil, 0, err
	}
	if _, err := s.get(ctx, c.ID, id); err != nil {
		return nil, 0, err
	}
	return s.deliveries(ctx, id, before, limit)
}

func (s *Service) deliveries(ctx context.Context, webhookID, before int64, limit int) ([]Delivery, int64, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	if before <= 0 {
		before = 1<<62 - 1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, webhook_id, job_id, COALESCE(activity_id, 0), kind, attempt, at, status_code, duration_ms, error, outcome
		FROM webhook_deliveries WHERE webhook_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3`, webhookID, before, limit+1)
	if err != nil {
		return nil, 0, fmt.Errorf("webhook: deliveries: %w", err)
	}
	defer rows.Close()
	var out []Delivery
	for rows.Next() {
		var d Delivery
		var at, ms int64
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.JobID, &d.ActivityID, &d.Kind, &d.Attempt, &at, &d.StatusCode, &ms, &d.Error, &d.Outcome); err != nil {
			return nil, 0, fmt.Errorf("webhook: deliveries: %w", err)
		}
		d.At, d.Duration = store.Time(at), time.Duration(ms)*time.Millisecond
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("webhook: deliveries: %w", err)
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].ID
	}
	return out, next, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
