package mail

import (
	"context"
	"fmt"
	"time"

	"cultivate/internal/jobs"
)

// Item is one line of a digest section.
type Item struct {
	Title  string
	Link   string // a path on the site ("/c/testing/requests/12") or an absolute URL; "" for none
	Detail string // one short line under the title: who, when, where
}

// Section is one part of the weekly digest. A section without items is
// left out.
type Section struct {
	Title string
	Items []Item
	Link  string // "See all": a path on the site, optional
}

// Source gives one section of userID's digest for the week [since, until).
// Sources read; they change nothing. An error fails the digest job, which
// retries later.
type Source func(ctx context.Context, userID int64, since, until time.Time) (Section, error)

// DigestPeriod is how far back a digest looks.
const DigestPeriod = 7 * 24 * time.Hour

// staleDigest is how late a weekly slot may start and still send digests.
const staleDigest = 24 * time.Hour

type slotJob struct {
	Slot time.Time `json:"slot"`
}

type digestJob struct {
	UserID int64     `json:"user_id"`
	Slot   time.Time `json:"slot"`
}

// runDigest is the weekly slot: it enqueues one digest job per member who
// wants the digest, keyed by person and week, so each is composed once
// however many replicas schedule the slot.
func (s *Service) runDigest(ctx context.Context, j jobs.Job) error {
	var p slotJob
	if err := j.Decode(&p); err != nil {
		return err
	}
	if p.Slot.IsZero() {
		p.Slot = j.RunAt
	}
	// A slot found long after its time (the first start of a new instance,
	// or one that was down all Monday) is skipped: a digest days late
	// tells people of a week they have lived through.
	if s.clock.Now().Sub(p.Slot) > staleDigest || p.Slot.Before(s.digestsFrom) {
		return nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT u.id FROM users u LEFT JOIN mail_settings m ON m.user_id = u.id
		WHERE u.disabled_at IS NULL AND COALESCE(m.weekly_digest, TRUE) ORDER BY u.id`)
	if err != nil {
		return fmt.Errorf("mail: digest members: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("mail: digest members: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	week := p.Slot.UTC().Format("2006-01-02")
	for _, id := range ids {
		if _, err := s.queue.Enqueue(ctx, JobDigestUser, digestJob{UserID: id, Slot: p.Slot},
			jobs.Options{Key: fmt.Sprintf("%d@%s", id, week), RunAt: p.Slot}); err != nil {
			return err
		}
	}
	return nil
}

// runDigestUser composes one member's digest (once: a retry finds the
// message by the job's id) and delivers it. An empty digest is not sent.
func (s *Service) runDigestUser(ctx context.Context, j jobs.Job) error {
	var p digestJob
	if err := j.Decode(&p); err != nil {
		return err
	}
	m, found, err := s.messageOfJob(ctx, j.ID)
	if err != nil {
		return err
	}
	if !found {
		m, found, err = s.composeDigest(ctx, j.ID, p.UserID, p.Slot)
		if err != nil || !found {
			return err
		}
	}
	return s.deliver(ctx, m)
}

// DigestSections gathers userID's digest for the week ending at until:
// every source's section, then the notes set to "digest" that are still
// waiting. Sections without items are left out. It changes nothing (a
// preview).
func (s *Service) DigestSections(ctx context.Context, userID int64, until time.Time) ([]Section, error) {
	out, err := s.sourceSections(ctx, userID, until)
	if err != nil {
		return nil, err
	}
	notes, err := s.waiting(ctx, userID, Digest, until)
	if err != nil {
		return nil, err
	}
	if len(notes) > 0 {
		out = append(out, notesSection(notes))
	}
	return out, nil
}

// sourceSections asks every source, in rank order.
func (s *Service) sourceSections(ctx context.Context, userID int64, until time.Time) ([]Section, error) {
	s.mu.Lock()
	list := append([]rankedSource(nil), s.sources...)
	s.mu.Unlock()
	var out []Section
	for _, rs := range list {
		sec, err := rs.src(ctx, userID, until.Add(-DigestPeriod), until)
		if err != nil {
			return nil, fmt.Errorf("mail: digest section for %d: %w", userID, err)
		}
		if len(sec.Items) > 0 {
			out = append(out, sec)
		}
	}
	return out, nil
}

func notesSection(notes []waitingNote) Section {
	sec := Section{Title: "From your inbox", Link: "/inbox"}
	for _, n := range notes {
		it := Item{Title: n.title, Link: n.link}
		if n.actor != "" {
			it.Detail = "from " + n.actor
		}
		sec.Items = append(sec.Items, it)
	}
	return sec
}

// composeDigest gathers and stores userID's digest for the week ending at
// slot; it reports false when there is nothing to say or the member no
// longer wants it.
func (s *Service) composeDigest(ctx context.Context, jobID, userID int64, slot time.Time) (Message, bool, error) {
	prefs, err := s.Preferences(ctx, userID)
	if err != nil || !prefs.WeeklyDigest {
		return Message{}, false, err
	}
	r, ok, err := s.recipient(ctx, userID)
	if err != nil || !ok {
		return Message{}, false, err
	}
	// The sources read outside the transaction: they may take a while, and
	// on SQLite a write transaction holds the only writer.
	sources, err := s.sourceSections(ctx, userID, slot)
	if err != nil {
		return Message{}, false, err
	}
	var m Message
	var found bool
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.db.LockKey(ctx, fmt.Sprintf("mail:%d", userID)); err != nil {
			return err
		}
		notes, err := s.waiting(ctx, userID, Digest, slot)
		if err != nil {
			return err
		}
		sections := sources
		if len(notes) > 0 {
			sections = append(sections, notesSection(notes))
		}
		if len(sections) == 0 {
			return nil
		}
		c := content{greeting: "Hello " + firstName(r.name) + ",",
			intro:    "Here is your week on cultivate, up to " + slot.UTC().Format("Monday 2 January") + ":",
			sections: sections,
			why:      "You get this digest once a week because it is on in your notification settings.",
		}
		n := 0
		for _, sec := range sections {
			n += len(sec.Items)
		}
		c.subject = fmt.Sprintf("Your week on cultivate: %s (%d)", sections[0].Title, n)
		if len(sections) > 1 {
			c.subject = fmt.Sprintf("Your week on cultivate: %s, and more (%d)", sections[0].Title, n)
		}
		if c.unsubscribe, err = s.UnsubscribeURL(ctx, userID, ScopeDigest); err != nil {
			return err
		}
		c.unsubLabel = scopeLabel(ScopeDigest)
		if m, err = s.message(jobID, r, "digest", c); err != nil {
			return err
		}
		found = true
		return s.store(ctx, &m, notes)
	})
	return m, found, err
}

// nextDigest is when the digest after t is composed (shown on the
// settings page).
func nextDigest(t time.Time) time.Time {
	return jobs.Weekly(time.Monday, 7)(t).Add(DigestPeriod)
}

// NextDigest says when the next weekly digest goes out.
func (s *Service) NextDigest() time.Time { return nextDigest(s.clock.Now()) }
