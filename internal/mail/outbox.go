package mail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/textproto"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/jobs"
	"cultivate/internal/store"
)

// Status is what became of a message.
type Status string

// The statuses of a message.
const (
	Queued Status = "queued" // composed, not yet handed to a server
	Sent   Status = "sent"   // the SMTP server accepted it
	Kept   Status = "kept"   // no SMTP server is configured: it stays here
	Failed Status = "failed" // the last attempt failed; the job retries
)

// Label is the status for people.
func (s Status) Label() string {
	switch s {
	case Queued:
		return "Waiting"
	case Sent:
		return "Sent"
	case Kept:
		return "Kept (no mail server)"
	case Failed:
		return "Failed"
	}
	return string(s)
}

// Message is one composed email, as the outbox keeps it.
type Message struct {
	ID             int64
	JobID          int64
	UserID         int64
	Kind           string // "notes" or "digest"
	To             string // the address
	Subject        string
	MessageID      string // without angle brackets
	UnsubscribeURL string
	Text           string // the plain-text part
	Raw            string // the whole message, as sent
	Status         Status
	Attempts       int
	LastError      string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	SentAt         time.Time
}

const messageColumns = `id, job_id, COALESCE(user_id, 0), kind, to_addr, subject, message_id, unsubscribe_url, text_body, raw,
	status, attempts, last_error, created_at, updated_at, sent_at`

func scanMessage(sc interface{ Scan(...any) error }) (Message, error) {
	var m Message
	var created, updated int64
	var sent sql.NullInt64
	err := sc.Scan(&m.ID, &m.JobID, &m.UserID, &m.Kind, &m.To, &m.Subject, &m.MessageID, &m.UnsubscribeURL, &m.Text, &m.Raw,
		&m.Status, &m.Attempts, &m.LastError, &created, &updated, &sent)
	m.CreatedAt, m.UpdatedAt, m.SentAt = store.Time(created), store.Time(updated), store.NullTime(sent)
	return m, err
}

// messageOfJob finds the message job jobID composed on an earlier run.
func (s *Service) messageOfJob(ctx context.Context, jobID int64) (Message, bool, error) {
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM mail_outbox WHERE job_id = $1`, jobID))
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, false, nil
	}
	if err != nil {
		return Message{}, false, fmt.Errorf("mail: message of job %d: %w", jobID, err)
	}
	return m, true, nil
}

// store writes m to the outbox, queued, and marks notes as carried by it.
func (s *Service) store(ctx context.Context, m *Message, notes []waitingNote) error {
	now := s.clock.Now()
	m.Status, m.CreatedAt, m.UpdatedAt = Queued, now, now
	err := s.db.QueryRowContext(ctx, `INSERT INTO mail_outbox (job_id, user_id, kind, to_addr, subject, message_id, unsubscribe_url,
			text_body, raw, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
		m.JobID, m.UserID, m.Kind, m.To, m.Subject, m.MessageID, m.UnsubscribeURL, m.Text, m.Raw, string(Queued), store.Millis(now)).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("mail: store message of job %d: %w", m.JobID, err)
	}
	for _, n := range notes {
		if _, err := s.db.ExecContext(ctx, `UPDATE mail_notes SET outbox_id = $1 WHERE notification_id = $2`, m.ID, n.id); err != nil {
			return fmt.Errorf("mail: claim note %d: %w", n.id, err)
		}
	}
	return nil
}

// deliver hands m to the sender and records the outcome. Without a
// sender, the message is kept. A failure is recorded and returned, so the
// job retries; a refusal that retrying cannot fix (a 5xx reply) fails the
// job at once.
func (s *Service) deliver(ctx context.Context, m Message) error {
	if m.Status == Sent || m.Status == Kept {
		return nil
	}
	if s.sender == nil {
		return s.setStatus(ctx, m.ID, Kept, "")
	}
	err := s.sender.Send(ctx, s.envelope, m.To, []byte(m.Raw))
	if err == nil {
		return s.setStatus(ctx, m.ID, Sent, "")
	}
	if serr := s.setStatus(ctx, m.ID, Failed, err.Error()); serr != nil {
		return errors.Join(err, serr)
	}
	var reply *textproto.Error
	if errors.As(err, &reply) && reply.Code >= 500 {
		return jobs.Permanent(err)
	}
	return err
}

func (s *Service) setStatus(ctx context.Context, id int64, st Status, lastError string) error {
	now := store.Millis(s.clock.Now())
	if len(lastError) > 2000 {
		lastError = lastError[:2000]
	}
	var sent any
	if st == Sent {
		sent = now
	}
	_, err := s.db.ExecContext(ctx, `UPDATE mail_outbox SET status = $1, last_error = $2, attempts = attempts + $3, updated_at = $4,
		sent_at = COALESCE(sent_at, $5) WHERE id = $6`, string(st), lastError, attemptOf(st), now, sent, id)
	if err != nil {
		return fmt.Errorf("mail: record %s of message %d: %w", st, id, err)
	}
	return nil
}

// attemptOf counts a delivery attempt: kept messages were never tried.
func attemptOf(st Status) int {
	if st == Kept {
		return 0
	}
	return 1
}

// Outbox returns a page of messages, newest first, with ids below before
// (0 for the newest); status filters when set. It returns the next
// cursor, 0 at the end.
func (s *Service) Outbox(ctx context.Context, status Status, before int64, limit int) ([]Message, int64, error) {
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	if before <= 0 {
		before = 1<<62 - 1
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+messageColumns+` FROM mail_outbox WHERE id < $1 AND ($2 = '' OR status = $2)
		ORDER BY id DESC LIMIT $3`, before, string(status), limit+1)
	if err != nil {
		return nil, 0, fmt.Errorf("mail: outbox: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		m, err := scanMessage(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("mail: outbox: %w", err)
		}
		out = append(out, m)
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

// Message returns one message of the outbox.
func (s *Service) Message(ctx context.Context, id int64) (Message, error) {
	m, err := scanMessage(s.db.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM mail_outbox WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, errs.E(errs.NotFound, "There is no message %d in the outbox.", id)
	}
	if err != nil {
		return Message{}, fmt.Errorf("mail: message %d: %w", id, err)
	}
	return m, nil
}

// ParseStatus reads an outbox filter: "" (every message) or a status.
func ParseStatus(v string) (Status, error) {
	switch st := Status(v); st {
	case "", Queued, Sent, Kept, Failed:
		return st, nil
	}
	return "", errs.Field("status", "Choose queued, sent, kept or failed.")
}
