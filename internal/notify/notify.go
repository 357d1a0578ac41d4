// Package notify is the in-app inbox: what reached a person (a mention, a
// reply to their request, a follow-up to answer, a request at risk…), read
// or not. Notes are written in the transaction of the action that caused
// them. Email and digests build on the same notes.
package notify

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"cultivate/internal/clock"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// Kinds of note.
const (
	Mention        = "mention"
	Reply          = "reply"           // someone replied to my request
	Comment        = "comment"         // someone commented on my reply
	Accepted       = "accepted"        // my reply solved a request
	FollowUp       = "followup"        // how did it turn out?
	Outcome        = "outcome"         // an asker reported how advice I gave turned out
	AtRisk         = "at_risk"         // a request nears its response commitment
	Claimed        = "claimed"         // someone took my request
	ArtefactFromMe = "artefact_source" // a thread I took part in became knowledge

	// Rhythm (issue 4).
	EventReminder = "event_reminder" // an event I said I'd go to starts soon
	EventChanged  = "event_changed"  // an event I answered moved, changed or was cancelled
	EventFeedback = "event_feedback" // was the event I attended worth my time?
	EventWaitlist = "event_waitlist" // a seat freed up and I moved off the waitlist
	Announcement  = "announcement"   // the leader or core group announced something
	BacklogMoved  = "backlog_moved"  // a backlog item I proposed or voted for changed status

	// Health (issue 5).
	HealthCheck = "health_check" // a health-check round opened in my community
	RetroAction = "retro_action" // a retrospective action I own was given to me or is overdue
)

// Note is one entry of a person's inbox.
type Note struct {
	ID          int64
	UserID      int64
	Kind        string
	CommunityID int64
	ActorID     int64
	ActorName   string
	Title       string
	Link        string
	CreatedAt   time.Time
	ReadAt      time.Time
}

// Inbox sends and reads notes.
type Inbox struct {
	db     *store.DB
	clock  clock.Clock
	onSend []Hook
}

// Hook learns of each note Send writes, once per recipient, inside the
// action's transaction (n.ID and n.UserID are set): email enqueues its
// message there, so a mail exists exactly when its note committed. An
// error rolls the action back.
type Hook func(ctx context.Context, n Note, userID int64) error

// OnSend adds fn to the hooks. Call it while wiring the application,
// before any request is served.
func (b *Inbox) OnSend(fn Hook) { b.onSend = append(b.onSend, fn) }

// New returns the Inbox on db.
func New(db *store.DB, c clock.Clock) *Inbox { return &Inbox{db: db, clock: c} }

// Send writes n to each of users except the actor themself (nobody needs
// telling what they just did), once per user. It must run inside the
// action's transaction.
func (b *Inbox) Send(ctx context.Context, n Note, users ...int64) error {
	if !store.InTx(ctx) {
		return fmt.Errorf("notify: Send %s outside a transaction", n.Kind)
	}
	now := b.clock.Now()
	seen := map[int64]bool{}
	for _, u := range users {
		if u == 0 || u == n.ActorID || seen[u] {
			continue
		}
		seen[u] = true
		note := n
		note.UserID, note.CreatedAt = u, now
		if err := b.db.QueryRowContext(ctx, `INSERT INTO notifications (user_id, kind, community_id, actor_id, title, link, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, u, n.Kind, nullID(n.CommunityID), nullID(n.ActorID), n.Title, n.Link, store.Millis(now)).Scan(&note.ID); err != nil {
			return fmt.Errorf("notify: send %s to %d: %w", n.Kind, u, err)
		}
		for _, h := range b.onSend {
			if err := h(ctx, note, u); err != nil {
				return fmt.Errorf("notify: send %s to %d: %w", n.Kind, u, err)
			}
		}
	}
	return nil
}

// List returns a page of userID's notes, newest first; before is the id
// cursor (0 for the newest). It returns the next cursor, 0 at the end.
func (b *Inbox) List(ctx context.Context, userID int64, unreadOnly bool, before int64, limit int) ([]Note, int64, error) {
	if limit <= 0 || limit > 100 {
		limit = 30
	}
	if before <= 0 {
		before = 1<<62 - 1
	}
	rows, err := b.db.QueryContext(ctx, `SELECT n.id, n.kind, COALESCE(n.community_id, 0), COALESCE(n.actor_id, 0), COALESCE(u.name, ''),
			n.title, n.link, n.created_at, n.read_at
		FROM notifications n LEFT JOIN users u ON u.id = n.actor_id
		WHERE n.user_id = $1 AND n.id < $2 AND ($3 = FALSE OR n.read_at IS NULL)
		ORDER BY n.id DESC LIMIT $4`, userID, before, unreadOnly, limit+1)
	if err != nil {
		return nil, 0, fmt.Errorf("notify: list: %w", err)
	}
	defer rows.Close()
	var out []Note
	for rows.Next() {
		n := Note{UserID: userID}
		var created int64
		var read sql.NullInt64
		if err := rows.Scan(&n.ID, &n.Kind, &n.CommunityID, &n.ActorID, &n.ActorName, &n.Title, &n.Link, &created, &read); err != nil {
			return nil, 0, fmt.Errorf("notify: list: %w", err)
		}
		n.CreatedAt, n.ReadAt = store.Time(created), store.NullTime(read)
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	var next int64
	if len(out) > limit {
		out = out[:limit]
		next = out[len(out)-1].ID
	}
	return out, next, nil
}

// Unread counts userID's unread notes (shown in the header).
func (b *Inbox) Unread(ctx context.Context, userID int64) (int, error) {
	var n int
	err := b.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("notify: unread: %w", err)
	}
	return n, nil
}

// MarkRead marks one of userID's notes read (id > 0), or all of them (id 0).
func (b *Inbox) MarkRead(ctx context.Context, userID, id int64) error {
	now := store.Millis(b.clock.Now())
	var res sql.Result
	err := b.db.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if id == 0 {
			res, err = b.db.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`, now, userID)
		} else {
			res, err = b.db.ExecContext(ctx, `UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE user_id = $2 AND id = $3`, now, userID, id)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("notify: mark read: %w", err)
	}
	if n, _ := res.RowsAffected(); id != 0 && n == 0 {
		return errs.E(errs.NotFound, "No such notification.")
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
