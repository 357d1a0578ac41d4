// Package activity is the append-only log of who did what, in which
// community, and when. Every meaningful action writes one entry in the same
// transaction as the action itself, so the log never disagrees with the
// data. Feeds, the transparency log and every insight are read from it.
package activity

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"cultivate/internal/store"
)

// Kinds of entry written by the foundation. Later areas add their own; a
// kind is "area.verb" so that prefixes group naturally.
const (
	UserSignedUp         = "user.signed_up"
	CommunityCreated     = "community.created"
	CommunityUpdated     = "community.updated"
	MemberJoined         = "member.joined"
	MemberLeft           = "member.left"
	MemberRoleChanged    = "member.role_changed"
	MemberInvited        = "member.invited"
	JoinRequested        = "member.join_requested"
	JoinApproved         = "member.join_approved"
	JoinDeclined         = "member.join_declined"
	LeadershipHandedOver = "community.leader_changed"
)

// Entry is one line of the log.
type Entry struct {
	ID          int64
	At          time.Time
	CommunityID int64 // 0 for site-wide entries
	ActorID     int64 // 0 for the system
	ActorName   string
	Kind        string
	SubjectType string
	SubjectID   int64
	Detail      map[string]any
}

// Log writes and reads entries.
type Log struct {
	db        *store.DB
	observers []Observer
}

// Observer is told of every entry inside the transaction that records it,
// after the entry is written: webhooks enqueue their deliveries there, so
// a delivery exists exactly when its action committed. An error rolls the
// action back.
type Observer func(ctx context.Context, e Entry) error

// Observe adds fn to the observers. Call it while wiring the application,
// before any request is served.
func (l *Log) Observe(fn Observer) { l.observers = append(l.observers, fn) }

// New returns a Log on db.
func New(db *store.DB) *Log { return &Log{db: db} }

// Record appends e. It must run inside the caller's transaction (ctx from
// store.WithTx), so the entry commits or rolls back with the action.
func (l *Log) Record(ctx context.Context, e Entry) error {
	if !store.InTx(ctx) {
		return fmt.Errorf("activity: Record %s outside a transaction", e.Kind)
	}
	detail := []byte("{}")
	if len(e.Detail) > 0 {
		b, err := json.Marshal(e.Detail)
		if err != nil {
			return fmt.Errorf("activity: detail of %s: %w", e.Kind, err)
		}
		detail = b
	}
	err := l.db.QueryRowContext(ctx, `INSERT INTO activity (at, community_id, actor_id, kind, subject_type, subject_id, detail)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		store.Millis(e.At), nullID(e.CommunityID), nullID(e.ActorID), e.Kind, e.SubjectType, nullID(e.SubjectID), string(detail)).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("activity: record %s: %w", e.Kind, err)
	}
	for _, fn := range l.observers {
		if err := fn(ctx, e); err != nil {
			return fmt.Errorf("activity: observe %s: %w", e.Kind, err)
		}
	}
	return nil
}

// Query selects a page of a community's log, newest first.
type Query struct {
	CommunityID int64
	ActorID     int64  // 0: everyone
	KindPrefix  string // "" : every kind; "member." : membership changes
	Before      int64  // cursor: entries with id < Before; 0 for the newest
	Limit       int
}

// List returns the entries q selects and the cursor of the next page (0 at the end).
func (l *Log) List(ctx context.Context, q Query) ([]Entry, int64, error) {
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	before := q.Before
	if before <= 0 {
		before = 1<<62 - 1
	}
	args := []any{q.CommunityID, before}
	sql := `SELECT a.id, a.at, COALESCE(a.community_id, 0), COALESCE(a.actor_id, 0), COALESCE(u.name, ''),
			a.kind, a.subject_type, COALESCE(a.subject_id, 0), a.detail
		FROM activity a LEFT JOIN users u ON u.id = a.actor_id
		WHERE a.community_id = $1 AND a.id < $2`
	if q.ActorID != 0 {
		args = append(args, q.ActorID)
		sql += fmt.Sprintf(" AND a.actor_id = $%d", len(args))
	}
	if q.KindPrefix != "" {
		// substr, not LIKE: a kind may hold "_", which LIKE reads as a wildcard.
		args = append(args, q.KindPrefix)
		sql += fmt.Sprintf(" AND substr(a.kind, 1, %d) = $%d", len(q.KindPrefix), len(args))
	}
	args = append(args, q.Limit+1)
	sql += fmt.Sprintf(" ORDER BY a.id DESC LIMIT $%d", len(args))
	rows, err := l.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("activity: list: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at int64
		var detail string
		if err := rows.Scan(&e.ID, &at, &e.CommunityID, &e.ActorID, &e.ActorName, &e.Kind, &e.SubjectType, &e.SubjectID, &detail); err != nil {
			return nil, 0, fmt.Errorf("activity: list: %w", err)
		}
		e.At = store.Time(at)
		if detail != "" && detail != "{}" {
			if err := json.Unmarshal([]byte(detail), &e.Detail); err != nil {
				return nil, 0, fmt.Errorf("activity: entry %d detail: %w", e.ID, err)
			}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("activity: list: %w", err)
	}
	var next int64
	if len(out) > q.Limit {
		out = out[:q.Limit]
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
