package practice

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// Thread is a request with everything its page shows.
type Thread struct {
	Request  Request
	Replies  []Reply  // oldest first, each with its comments
	Helpers  []Person // who replied (not counting the asker), in order of their first reply
	Settings Settings // the community's commitment, to explain the clock
	Can      Permissions
}

// Permissions say what the viewer of a thread may do with it, so pages
// offer only what will work.
type Permissions struct {
	Reply         bool // reply and comment
	Edit          bool // edit the request
	Accept        bool // accept or unaccept a reply
	Claim         bool // "I'll take it" (or extend their own claim)
	Unclaim       bool
	ReportOutcome bool
	Close         bool
	Delete        bool
	Moderate      bool // lock, unlock, reopen, edit and delete anything
}

// Get returns one request as viewer may see it: members and visitors of an
// open community, members of a private one. Deleted requests are NotFound
// except to the leader and the core group.
func (s *Service) Get(ctx context.Context, viewer account.User, slug string, id int64) (Request, error) {
	c, m, err := s.access(ctx, viewer, slug)
	if err != nil {
		return Request{}, err
	}
	r, err := s.loadVisible(ctx, m, c.ID, id)
	if err != nil {
		return Request{}, err
	}
	st, err := s.Settings(ctx, c.ID)
	if err != nil {
		return Request{}, err
	}
	return s.build(ctx, c, r, st)
}

// build turns a stored row into a Request with names and tags.
func (s *Service) build(ctx context.Context, c community.Community, r row, st Settings) (Request, error) {
	now := s.clock.Now()
	claimer := r.claimHolder(now)
	people, err := s.people(ctx, r.authorID, claimer, r.closedBy)
	if err != nil {
		return Request{}, err
	}
	tags, err := s.tagsOf(ctx, r.id)
	if err != nil {
		return Request{}, err
	}
	out := Request{
		ID: r.id, CommunityID: c.ID, CommunitySlug: c.Slug, CommunityName: c.Name,
		Author: people[r.authorID], Title: r.title, Body: r.body, Tried: r.tried, Tags: tags,
		Status: r.status, Locked: r.locked, Revision: r.revision, ReplyCount: r.replyCount,
		CreatedAt: store.Time(r.createdAt), UpdatedAt: store.Time(r.updatedAt), LastActivityAt: store.Time(r.lastActivityAt),
		DeletedAt: store.NullTime(r.deletedAt), Clock: responseClock(st, r, now),
		AcceptedReplyID: r.acceptedReplyID, SolvedAt: store.NullTime(r.solvedAt),
		FollowupDueAt: store.NullTime(r.followupDueAt), FollowupAskedAt: store.NullTime(r.followupAskedAt),
		FollowupReaskedAt: store.NullTime(r.followupReaskedAt), Outcome: Outcome(r.outcome.String), OutcomeNote: r.outcomeNote,
		OutcomeAt: store.NullTime(r.outcomeAt), ClosedAt: store.NullTime(r.closedAt), CloseReason: r.closeReason,
	}
	if claimer != 0 {
		out.Claim = Claim{By: people[claimer], Until: store.NullTime(r.claimedUntil)}
	}
	if r.closedBy != 0 {
		out.ClosedBy = people[r.closedBy]
	}
	return out, nil
}

// people looks up names and handles of users by id (0s are skipped).
func (s *Service) people(ctx context.Context, ids ...int64) (map[int64]Person, error) {
	out := map[int64]Person{}
	var args []any
	var ph []string
	for _, id := range ids {
		if id == 0 {
			continue
		}
		if _, ok := out[id]; ok {
			continue
		}
		out[id] = Person{ID: id}
		args = append(args, id)
		ph = append(ph, fmt.Sprintf("$%d", len(args)))
	}
	if len(args) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, handle FROM users WHERE id IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("practice: people: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p Person
		if err := rows.Scan(&p.ID, &p.Name, &p.Handle); err != nil {
			return nil, err
		}
		out[p.ID] = p
	}
	return out, rows.Err()
}

// Thread returns a request with its replies and comments, who helped, the
// community's commitment and what viewer may do. Visibility is Get's.
func (s *Service) Thread(ctx context.Context, viewer account.User, slug string, id int64) (Thread, error) {
	c, m, err := s.access(ctx, viewer, slug)
	if err != nil {
		return Thread{}, err
	}
	r, err := s.loadVisible(ctx, m, c.ID, id)
	if err != nil {
		return Thread{}, err
	}
	st, err := s.Settings(ctx, c.ID)
	if err != nil {
		return Thread{}, err
	}
	req, err := s.build(ctx, c, r, st)
	if err != nil {
		return Thread{}, err
	}
	t := Thread{Request: req, Settings: st}
	t.Replies, t.Helpers, err = s.replies(ctx, viewer, m, r)
	if err != nil {
		return Thread{}, err
	}
	t.Can = permissions(viewer, m, r, s.clock.Now())
	return t, nil
}

func permissions(viewer account.User, m community.Membership, r row, now time.Time) Permissions {
	member := viewer.ID != 0 && m.IsMember()
	if !member {
		return Permissions{}
	}
	mod, asker, live := m.CanModerate(), r.authorID == viewer.ID, !r.deleted()
	holder := r.claimHolder(now)
	return Permissions{
		Reply:         r.writable() == nil,
		Edit:          live && (mod || (asker && !r.locked && r.status != Closed)),
		Accept:        live && (mod || asker) && r.status != Closed && r.replyCount > 0,
		Claim:         live && !asker && r.status == Open && !r.locked && !r.firstReplyAt.Valid && (holder == 0 || holder == viewer.ID),
		Unclaim:       holder != 0 && (holder == viewer.ID || mod),
		ReportOutcome: live && asker && r.status == Solved && !Outcome(r.outcome.String).Reported(),
		Close:         live && (mod || asker) && r.status == Open,
		Delete:        live && (mod || (asker && r.replyCount == 0)),
		Moderate:      mod,
	}
}

// replies loads a request's replies with their comments, as viewer may see
// them, and who helped.
func (s *Service) replies(ctx context.Context, viewer account.User, m community.Membership, r row) ([]Reply, []Person, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT p.id, COALESCE(p.parent_id, 0), COALESCE(p.author_id, 0), COALESCE(u.name, ''), COALESCE(u.handle, ''),
			p.body, p.revision, p.created_at, p.updated_at, p.deleted_at
		FROM replies p LEFT JOIN users u ON u.id = p.author_id
		WHERE p.request_id = $1 ORDER BY p.id`, r.id)
	if err != nil {
		return nil, nil, fmt.Errorf("practice: replies of %d: %w", r.id, err)
	}
	defer rows.Close()
	mod := m.CanModerate()
	member := viewer.ID != 0 && m.IsMember()
	writable := r.writable() == nil
	var out []Reply
	at := map[int64]int{} // reply id → index in out
	var helpers []Person
	helped := map[int64]bool{}
	for rows.Next() {
		var p Reply
		var created, updated int64
		var deleted sql.NullInt64
		if err := rows.Scan(&p.ID, &p.ParentID, &p.Author.ID, &p.Author.Name, &p.Author.Handle, &p.Body, &p.Revision, &created, &updated, &deleted); err != nil {
			return nil, nil, fmt.Errorf("practice: replies of %d: %w", r.id, err)
		}
		p.RequestID, p.CreatedAt, p.UpdatedAt, p.DeletedAt = r.id, store.Time(created), store.Time(updated), store.NullTime(deleted)
		p.Accepted = p.ID == r.acceptedReplyID && r.status == Solved
		if p.Deleted() && !mod {
			p.Body = ""
		}
		mine := member && p.Author.ID == viewer.ID
		p.CanEdit = !p.Deleted() && ((mine && writable) || (member && mod))
		p.CanDelete = !p.Deleted() && !p.Accepted && ((mine && writable) || (member && mod))
		if p.ParentID == 0 {
			if !p.Deleted() && p.Author.ID != r.authorID && p.Author.ID != 0 && !helped[p.Author.ID] {
				helped[p.Author.ID] = true
				helpers = append(helpers, p.Author)
			}
			at[p.ID] = len(out)
			out = append(out, p)
			continue
		}
		i, ok := at[p.ParentID]
		if !ok || (p.Deleted() && !mod) {
			continue
		}
		out[i].Comments = append(out[i].Comments, p)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if !mod {
		// A deleted reply stays as a placeholder only to hold its comments.
		kept := out[:0]
		for _, p := range out {
			if !p.Deleted() || len(p.Comments) > 0 {
				kept = append(kept, p)
			}
		}
		out = kept
	}
	return out, helpers, nil
}

// Revision is one version of a request or a reply.
type Revision struct {
	Number  int
	Editor  Person    // who wrote this version: the author for the first
	At      time.Time // when this version was written
	Current bool      // the version shown now
	Title   string    // requests only
	Body    string
	Tried   string   // requests only
	Tags    []string // requests only
}

// Revisions returns every version of a request (subjectType "request") or a
// reply or comment ("reply"), oldest first, the current one last, for a
// history page to diff. Whoever may see the thread may see its history.
func (s *Service) Revisions(ctx context.Context, viewer account.User, slug, subjectType string, id int64) ([]Revision, error) {
	if subjectType != SubjectRequest && subjectType != SubjectReply {
		return nil, errs.Field("subject_type", "Choose the history of a request or of a reply.")
	}
	c, m, err := s.access(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	var current Revision
	var authorID int64
	var created int64
	if subjectType == SubjectRequest {
		r, err := s.loadVisible(ctx, m, c.ID, id)
		if err != nil {
			return nil, err
		}
		tags, err := s.tagsOf(ctx, id)
		if err != nil {
			return nil, err
		}
		current = Revision{Number: r.revision, Title: r.title, Body: r.body, Tried: r.tried, Tags: tags}
		authorID, created = r.authorID, r.createdAt
	} else {
		p, err := s.loadReply(ctx, c.ID, id)
		if err != nil {
			return nil, err
		}
		if _, err := s.loadVisible(ctx, m, c.ID, p.requestID); err != nil {
			return nil, err
		}
		if p.deletedAt.Valid && !m.CanModerate() {
			return nil, errNoReply()
		}
		current = Revision{Number: p.revision, Body: p.body}
		authorID, created = p.authorID, p.createdAt
	}
	rows, err := s.db.QueryContext(ctx, `SELECT revision, COALESCE(editor_id, 0), title, body, extra, created_at
		FROM revisions WHERE subject_type = $1 AND subject_id = $2 ORDER BY revision`, subjectType, id)
	if err != nil {
		return nil, fmt.Errorf("practice: revisions of %s %d: %w", subjectType, id, err)
	}
	defer rows.Close()
	var out []Revision
	// Each stored row is a replaced version, with who replaced it and
	// when: that is who wrote the next version.
	writer, writtenAt := authorID, created
	ids := []int64{authorID}
	for rows.Next() {
		var v Revision
		var editor, at int64
		var extra string
		if err := rows.Scan(&v.Number, &editor, &v.Title, &v.Body, &extra, &at); err != nil {
			return nil, fmt.Errorf("practice: revisions of %s %d: %w", subjectType, id, err)
		}
		if subjectType == SubjectRequest && extra != "" {
			var x requestExtra
			if err := json.Unmarshal([]byte(extra), &x); err != nil {
				return nil, fmt.Errorf("practice: revision %d of %s %d: %w", v.Number, subjectType, id, err)
			}
			v.Tried, v.Tags = x.Tried, x.Tags
		}
		v.Editor.ID, v.At = writer, store.Time(writtenAt)
		writer, writtenAt = editor, at
		ids = append(ids, editor)
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	current.Editor.ID, current.At, current.Current = writer, store.Time(writtenAt), true
	out = append(out, current)
	people, err := s.people(ctx, ids...)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if p, ok := people[out[i].Editor.ID]; ok {
			out[i].Editor = p
		}
	}
	return out, nil
}
