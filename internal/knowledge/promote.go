package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// Promotion picks, among the replies other than the accepted one, at most
// this many to keep as "also useful"; shorter replies ("thanks!", "+1")
// are left out.
const (
	promotedReplies   = 3
	usefulReplyLength = 40
)

// thread is a help request with what promotion needs of it.
type thread struct {
	id, authorID  int64
	asker         string
	title, body   string
	tried         string
	status        string
	acceptedID    int64
	outcome, note string
	outcomeAt     sql.NullInt64
	tags          []string
	accepted      *post
	others        []post
}

type post struct {
	authorID int64
	author   string
	body     string
}

// DraftFromRequest turns a solved help request into a pre-filled FAQ: the
// title from the question; a body that gives the question and what had
// been tried, the accepted answer quoted with credit to whoever gave it,
// the other useful replies, and how it turned out when the asker said so;
// the request's tags; the request as source. Nothing is saved: the draft
// goes into the form, and Create saves it (and tells the thread's
// participants). The asker, the leader and the core group may promote a
// thread; one that is not solved yet is refused with a Conflict.
func (s *Service) DraftFromRequest(ctx context.Context, user account.User, slug string, requestID int64) (NewArtefact, error) {
	sc, err := s.memberScope(ctx, user, slug, "turn a thread into knowledge")
	if err != nil {
		return NewArtefact{}, err
	}
	t, err := s.thread(ctx, sc.c.ID, requestID)
	if err != nil {
		return NewArtefact{}, err
	}
	if !sc.moderates() && user.ID != t.authorID {
		return NewArtefact{}, errs.E(errs.Forbidden, "Only the person who asked, the leader and the core group can turn this thread into knowledge.")
	}
	if t.status != "solved" && t.acceptedID == 0 {
		return NewArtefact{}, errs.E(errs.Conflict, "This request is not solved yet. Once the reply that solved it is accepted, the thread can become an FAQ.")
	}
	if err := s.loadReplies(ctx, &t); err != nil {
		return NewArtefact{}, err
	}
	title := strings.TrimSpace(t.title)
	if utf8.RuneCountInString(title) < TitleMin {
		title = "FAQ: " + title
	}
	if utf8.RuneCountInString(title) > TitleMax {
		title = string([]rune(title)[:TitleMax-1]) + "…"
	}
	return NewArtefact{
		Kind:    FAQ,
		Title:   title,
		Body:    composeFAQ(t),
		Tags:    strings.Join(t.tags, " "),
		Sources: []Source{{Type: SourceRequest, ID: t.id}},
	}, nil
}

func (s *Service) thread(ctx context.Context, communityID, id int64) (thread, error) {
	t := thread{id: id}
	var deleted sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT COALESCE(r.author_id, 0), COALESCE(u.name, ''), r.title, r.body, r.tried, r.status,
			COALESCE(r.accepted_reply_id, 0), COALESCE(r.outcome, ''), r.outcome_note, r.outcome_at, r.deleted_at
		FROM requests r LEFT JOIN users u ON u.id = r.author_id
		WHERE r.id = $1 AND r.community_id = $2`, id, communityID).Scan(
		&t.authorID, &t.asker, &t.title, &t.body, &t.tried, &t.status, &t.acceptedID, &t.outcome, &t.note, &t.outcomeAt, &deleted)
	if errors.Is(err, sql.ErrNoRows) || deleted.Valid {
		return thread{}, errs.E(errs.NotFound, "There is no such help request in this community; it may have been deleted.")
	}
	if err != nil {
		return thread{}, fmt.Errorf("knowledge: request %d: %w", id, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT tag FROM request_tags WHERE request_id = $1 ORDER BY tag`, id)
	if err != nil {
		return thread{}, fmt.Errorf("knowledge: request tags: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tag string
		if err := rows.Scan(&tag); err != nil {
			return thread{}, fmt.Errorf("knowledge: request tags: %w", err)
		}
		if len(t.tags) < MaxTags {
			t.tags = append(t.tags, tag)
		}
	}
	return t, rows.Err()
}

// loadReplies reads the accepted reply and the other useful ones: answers
// (not comments), not deleted, not the asker's own, not too short to
// matter, oldest first.
func (s *Service) loadReplies(ctx context.Context, t *thread) error {
	rows, err := s.db.QueryContext(ctx, `SELECT rp.id, COALESCE(rp.author_id, 0), COALESCE(u.name, ''), rp.body, rp.parent_id
		FROM replies rp LEFT JOIN users u ON u.id = rp.author_id
		WHERE rp.request_id = $1 AND rp.deleted_at IS NULL ORDER BY rp.id`, t.id)
	if err != nil {
		return fmt.Errorf("knowledge: replies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var p post
		var parent sql.NullInt64
		if err := rows.Scan(&id, &p.authorID, &p.author, &p.body, &parent); err != nil {
			return fmt.Errorf("knowledge: replies: %w", err)
		}
		switch {
		case id == t.acceptedID:
			t.accepted = &p
		case parent.Valid, p.authorID != 0 && p.authorID == t.authorID:
		case utf8.RuneCountInString(strings.TrimSpace(p.body)) < usefulReplyLength:
		case len(t.others) < promotedReplies:
			t.others = append(t.others, p)
		}
	}
	return rows.Err()
}

// composeFAQ writes the body of an FAQ drawn from a solved thread, in
// Markdown, within BodyMax: the other replies are dropped first if the
// whole would be too long.
func composeFAQ(t thread) string {
	for {
		body := writeFAQ(t)
		if utf8.RuneCountInString(body) <= BodyMax || len(t.others) == 0 {
			return body
		}
		t.others = t.others[:len(t.others)-1]
	}
}

func writeFAQ(t thread) string {
	var b strings.Builder
	b.WriteString("## The question\n\n")
	b.WriteString(strings.TrimSpace(t.body))
	b.WriteString("\n\n")
	if tried := strings.TrimSpace(t.tried); tried != "" {
		b.WriteString("**What had been tried already:**\n\n")
		b.WriteString(tried)
		b.WriteString("\n\n")
	}
	if t.accepted != nil {
		b.WriteString("## The answer that solved it\n\n")
		b.WriteString(quote(t.accepted.body))
		b.WriteString("\n\n— answered by **" + name(t.accepted.author) + "**, accepted as the solution\n\n")
	}
	if len(t.others) > 0 {
		b.WriteString("## Also useful\n\n")
		for _, p := range t.others {
			b.WriteString(quote(p.body))
			b.WriteString("\n\n— **" + name(p.author) + "**\n\n")
		}
	}
	if verdict := outcomeWords(t.outcome); verdict != "" {
		b.WriteString("## How it turned out\n\n")
		b.WriteString(verdict)
		if t.outcomeAt.Valid {
			b.WriteString(", " + name(t.asker) + " reported on " + store.Time(t.outcomeAt.Int64).Format("2 January 2006"))
		}
		b.WriteString(".")
		if note := strings.TrimSpace(t.note); note != "" {
			b.WriteString(" In their words:\n\n")
			b.WriteString(quote(note))
		}
		b.WriteString("\n\n")
	}
	b.WriteString("---\n\n*Drawn from the help request “" + strings.TrimSpace(t.title) + "”, asked by " + name(t.asker) + ".*\n")
	return b.String()
}

// outcomeWords says how advice turned out, or "" when the asker never said.
func outcomeWords(outcome string) string {
	switch outcome {
	case "worked":
		return "**It worked**"
	case "partly":
		return "**It partly worked**"
	case "did_not":
		return "**It did not work**"
	}
	return ""
}

// quote puts text in a Markdown block quote, blank lines included, so a
// reply's own paragraphs, lists and code stay inside it.
func quote(text string) string {
	lines := strings.Split(strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n")), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}

// name is how a person is credited; an account removed since leaves its
// words but not its name.
func name(n string) string {
	if strings.TrimSpace(n) == "" {
		return "a former member"
	}
	return n
}
