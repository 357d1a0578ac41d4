package mail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"cultivate/internal/jobs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
)

// Noted learns of a note sent to userID, inside the action's transaction
// (it is the hook notify.Inbox.OnSend calls). A note to be mailed at once
// waits for the job at the end of the current minute; one for the digest
// waits for the next digest; one set to never is left to the inbox.
func (s *Service) Noted(ctx context.Context, n notify.Note, userID int64) error {
	var choice sql.NullString
	var digest sql.NullBool
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT choice FROM mail_preferences WHERE user_id = $1 AND kind = $2),
		(SELECT weekly_digest FROM mail_settings WHERE user_id = $1)`, userID, n.Kind).Scan(&choice, &digest)
	if err != nil {
		return fmt.Errorf("mail: preference of %d for %s: %w", userID, n.Kind, err)
	}
	c := Choice(choice.String)
	if !choice.Valid {
		k, _ := kindInfo(n.Kind)
		c = k.Default
	}
	if c == Never || c == Digest && digest.Valid && !digest.Bool {
		return nil
	}
	now := s.clock.Now()
	if _, err := s.db.ExecContext(ctx, `INSERT INTO mail_notes (notification_id, user_id, mode, created_at) VALUES ($1, $2, $3, $4)`,
		n.ID, userID, string(c), store.Millis(now)); err != nil {
		return fmt.Errorf("mail: queue note %d: %w", n.ID, err)
	}
	if c != Now {
		return nil
	}
	slot := now.Truncate(time.Minute).Add(time.Minute)
	_, err = s.queue.Enqueue(ctx, JobSend, sendJob{UserID: userID},
		jobs.Options{Key: fmt.Sprintf("%d@%d", userID, slot.Unix()), RunAt: slot})
	return err
}

type sendJob struct {
	UserID int64 `json:"user_id"`
}

// maxNotes bounds the notes one message carries; the rest go in the next.
const maxNotes = 50

// runSend mails one person's waiting notes: composes the message once
// (a retry finds it by the job's id) and delivers it.
func (s *Service) runSend(ctx context.Context, j jobs.Job) error {
	var p sendJob
	if err := j.Decode(&p); err != nil {
		return err
	}
	m, found, err := s.messageOfJob(ctx, j.ID)
	if err != nil {
		return err
	}
	if !found {
		err := s.db.WithTx(ctx, func(ctx context.Context) error {
			var err error
			m, found, err = s.composeNotes(ctx, j.ID, p.UserID)
			return err
		})
		if err != nil || !found {
			return err
		}
	}
	return s.deliver(ctx, m)
}

// waitingNote is a note waiting for a message.
type waitingNote struct {
	id    int64
	kind  string
	title string
	link  string
	actor string
	at    time.Time
}

// composeNotes claims userID's notes waiting to be mailed at once and
// stores the message that carries them. It reports false when there is
// nothing to send (an earlier job took them all, or the person changed
// their mind, or has no working address).
func (s *Service) composeNotes(ctx context.Context, jobID, userID int64) (Message, bool, error) {
	// Two jobs for one person (two minutes) could run at once on two
	// replicas; the lock makes them take turns, so a note goes out once.
	if err := s.db.LockKey(ctx, fmt.Sprintf("mail:%d", userID)); err != nil {
		return Message{}, false, err
	}
	r, ok, err := s.recipient(ctx, userID)
	if err != nil || !ok {
		return Message{}, false, err
	}
	notes, err := s.waiting(ctx, userID, Now, time.Time{})
	if err != nil {
		return Message{}, false, err
	}
	// The person may have changed their mind since the note was queued.
	prefs, err := s.Preferences(ctx, userID)
	if err != nil {
		return Message{}, false, err
	}
	var keep []waitingNote
	for _, n := range notes {
		switch prefs.Choice(n.kind) {
		case Now:
			keep = append(keep, n)
		case Digest:
			_, err = s.db.ExecContext(ctx, `UPDATE mail_notes SET mode = 'digest' WHERE notification_id = $1`, n.id)
		default:
			_, err = s.db.ExecContext(ctx, `DELETE FROM mail_notes WHERE notification_id = $1`, n.id)
		}
		if err != nil {
			return Message{}, false, fmt.Errorf("mail: requeue note %d: %w", n.id, err)
		}
	}
	if len(keep) == 0 {
		return Message{}, false, nil
	}
	m, err := s.notesMessage(ctx, jobID, r, keep)
	if err != nil {
		return Message{}, false, err
	}
	if err := s.store(ctx, &m, keep); err != nil {
		return Message{}, false, err
	}
	return m, true, nil
}

// recipient is a person mail goes to.
type recipient struct {
	id          int64
	name, email string
}

// recipient loads userID, reporting false for a missing or disabled account.
func (s *Service) recipient(ctx context.Context, userID int64) (recipient, bool, error) {
	r := recipient{id: userID}
	var disabled sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT name, email, disabled_at FROM users WHERE id = $1`, userID).Scan(&r.name, &r.email, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	if err != nil {
		return r, false, fmt.Errorf("mail: recipient %d: %w", userID, err)
	}
	return r, !disabled.Valid && r.email != "", nil
}

// waiting returns userID's notes waiting in mode, oldest first; with a
// non-zero until, only those sent before it.
func (s *Service) waiting(ctx context.Context, userID int64, mode Choice, until time.Time) ([]waitingNote, error) {
	end := int64(1<<62 - 1)
	if !until.IsZero() {
		end = store.Millis(until)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT n.id, n.kind, n.title, n.link, COALESCE(u.name, ''), n.created_at
		FROM mail_notes w JOIN notifications n ON n.id = w.notification_id LEFT JOIN users u ON u.id = n.actor_id
		WHERE w.user_id = $1 AND w.mode = $2 AND w.outbox_id IS NULL AND n.created_at < $3
		ORDER BY w.notification_id LIMIT $4`, userID, string(mode), end, maxNotes)
	if err != nil {
		return nil, fmt.Errorf("mail: waiting notes of %d: %w", userID, err)
	}
	defer rows.Close()
	var out []waitingNote
	for rows.Next() {
		var n waitingNote
		var at int64
		if err := rows.Scan(&n.id, &n.kind, &n.title, &n.link, &n.actor, &at); err != nil {
			return nil, fmt.Errorf("mail: waiting notes of %d: %w", userID, err)
		}
		n.at = store.Time(at)
		out = append(out, n)
	}
	return out, rows.Err()
}
