// Package practice is the logic of help requests: members ask, others reply
// and comment, the asker accepts the reply that solved it, and the community
// keeps two promises to the asker (seed 002, dimension "Practice"):
//
//   - a response commitment: a first reply within a time the community set
//     (calendar or working hours), with a visible clock, a triage queue for
//     the core group, claims ("I'll take it") and reminders before a breach;
//   - a learning loop: some days after a request is solved the asker is asked
//     how it turned out (worked, partly, did not, and what they learned); the
//     answer reaches everyone who helped. An unanswered follow-up is asked
//     once more, then closed as "no outcome".
//
// Every state change runs in one transaction together with its activity
// entry, its notes and its search document, so a failed call changes
// nothing. Time-driven work (reminders, follow-ups) is done by Sweep, which
// any number of replicas may run at once.
//
// Bodies are stored as the Markdown people wrote; rendering is elsewhere.
package practice

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"
	// Commitments are counted in the community's time zone; embed the IANA
	// database so a host without zoneinfo still knows Europe/Paris.
	_ "time/tzdata"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/search"
	"cultivate/internal/store"
)

// Kinds of activity entry this package writes. The subject is the request
// ("request", its id) unless said otherwise.
const (
	ActivityAsked           = "request.asked"
	ActivityReplied         = "request.replied"   // detail: reply_id, first, met
	ActivityCommented       = "request.commented" // detail: reply_id, comment_id
	ActivityEdited          = "request.edited"    // detail: revision
	ActivityReplyEdited     = "reply.edited"      // subject: the reply
	ActivityReplyDeleted    = "reply.deleted"     // subject: the reply
	ActivityAccepted        = "request.accepted"  // detail: reply_id, reply_author
	ActivityUnaccepted      = "request.unaccepted"
	ActivityLocked          = "request.locked"
	ActivityUnlocked        = "request.unlocked"
	ActivityClosed          = "request.closed" // detail: reason
	ActivityReopened        = "request.reopened"
	ActivityDeleted         = "request.deleted"
	ActivityClaimed         = "request.claimed" // detail: until
	ActivityUnclaimed       = "request.unclaimed"
	ActivityOutcome         = "request.outcome"           // detail: outcome
	ActivityReminded        = "request.reminded"          // by the system; detail: overdue
	ActivityFollowupAsked   = "request.followup_asked"    // by the system
	ActivityFollowupReasked = "request.followup_reasked"  // by the system
	ActivityNoOutcome       = "request.no_outcome"        // by the system
	ActivitySettingsUpdated = "practice.settings_updated" // subject: the community
)

// Subject types of revisions and activity entries.
const (
	SubjectRequest = "request"
	SubjectReply   = "reply"
)

// Status is where a request stands.
type Status string

// Statuses.
const (
	Open   Status = "open"   // waiting for help or for the asker to accept a reply
	Solved Status = "solved" // a reply was accepted
	Closed Status = "closed" // closed by the asker or a moderator, with a reason
)

// Label names the status for people.
func (s Status) Label() string {
	switch s {
	case Open:
		return "Open"
	case Solved:
		return "Solved"
	case Closed:
		return "Closed"
	}
	return ""
}

// Outcome is how the advice turned out, as the asker reported it.
type Outcome string

// Outcomes. The zero value means not reported yet.
const (
	Worked    Outcome = "worked"
	Partly    Outcome = "partly"
	DidNot    Outcome = "did_not"
	NoOutcome Outcome = "no_outcome" // the follow-up went unanswered twice
)

// Label names the outcome for people.
func (o Outcome) Label() string {
	switch o {
	case Worked:
		return "It worked"
	case Partly:
		return "It partly worked"
	case DidNot:
		return "It did not work"
	case NoOutcome:
		return "No outcome reported"
	}
	return ""
}

// Reported reports whether the asker told how it turned out (a closed loop
// with no answer does not count).
func (o Outcome) Reported() bool { return o == Worked || o == Partly || o == DidNot }

// Person is someone as a thread or a list shows them.
type Person struct {
	ID     int64
	Name   string
	Handle string
}

// Request is a help request, as a thread shows it.
type Request struct {
	ID            int64
	CommunityID   int64
	CommunitySlug string
	CommunityName string
	Author        Person // zero ID if the account was removed
	Title         string
	Body          string // Markdown
	Tried         string // Markdown: what the asker already tried
	Tags          []string
	Status        Status
	Locked        bool
	Revision      int
	ReplyCount    int // replies, not counting comments or deleted replies
	CreatedAt     time.Time
	UpdatedAt     time.Time
	// LastActivityAt moves on when someone asks, replies, comments,
	// accepts or reports an outcome; lists are ordered by it.
	LastActivityAt time.Time
	DeletedAt      time.Time // zero unless deleted (only moderators see these)

	Clock ResponseClock
	Claim Claim // zero unless someone's claim is still running

	AcceptedReplyID int64
	SolvedAt        time.Time

	// The learning loop.
	FollowupDueAt     time.Time
	FollowupAskedAt   time.Time
	FollowupReaskedAt time.Time
	Outcome           Outcome
	OutcomeNote       string
	OutcomeAt         time.Time

	ClosedAt    time.Time
	ClosedBy    Person
	CloseReason string
}

// Deleted reports whether the request was deleted.
func (r Request) Deleted() bool { return !r.DeletedAt.IsZero() }

// Link is the address of the request's thread.
func (r Request) Link() string { return RequestLink(r.CommunitySlug, r.ID) }

// Claim is a visible "I'll take it" on an unanswered request; it lapses at
// Until.
type Claim struct {
	By    Person
	Until time.Time
}

// Active reports whether someone holds the claim.
func (c Claim) Active() bool { return c.By.ID != 0 }

// Reply is a reply to a request, or a comment under a reply (ParentID set).
type Reply struct {
	ID        int64
	RequestID int64
	ParentID  int64 // the reply a comment belongs to; 0 for a reply
	Author    Person
	Body      string // Markdown; empty for a deleted reply unless the viewer moderates
	Revision  int
	CreatedAt time.Time
	UpdatedAt time.Time
	DeletedAt time.Time
	Accepted  bool    // this reply solved the request
	Comments  []Reply // one level, oldest first; only on replies

	// What the viewer of a thread may do with it.
	CanEdit   bool
	CanDelete bool
}

// Deleted reports whether the reply was deleted.
func (r Reply) Deleted() bool { return !r.DeletedAt.IsZero() }

// RequestLink is the address of a request's thread on the web; notes link
// there.
func RequestLink(slug string, id int64) string {
	return "/c/" + slug + "/requests/" + strconv.FormatInt(id, 10)
}

// ReplyLink is the address of a reply (or comment) within its thread.
func ReplyLink(slug string, requestID, replyID int64) string {
	return RequestLink(slug, requestID) + "#reply-" + strconv.FormatInt(replyID, 10)
}

// Service is the practice area's logic.
type Service struct {
	db          *store.DB
	clock       clock.Clock
	log         *activity.Log
	communities *community.Service
	accounts    *account.Service
	inbox       *notify.Inbox
	index       *search.Index
}

// New returns the practice Service.
func New(db *store.DB, c clock.Clock, log *activity.Log, communities *community.Service, accounts *account.Service, inbox *notify.Inbox, idx *search.Index) *Service {
	return &Service{db: db, clock: c, log: log, communities: communities, accounts: accounts, inbox: inbox, index: idx}
}

// errNoRequest is what anyone gets for a request that does not exist, is in
// another community, or was deleted and the viewer does not moderate.
func errNoRequest() error {
	return errs.E(errs.NotFound, "There is no such help request here, or it was deleted.")
}

func errNoReply() error {
	return errs.E(errs.NotFound, "There is no such reply here, or it was deleted.")
}

// mustBeMember refuses people who are not members: signing in first, or
// joining an open community first.
func mustBeMember(user account.User, c community.Community, m community.Membership, doing string) error {
	if user.ID == 0 {
		return errs.E(errs.Unauthorized, "Log in to %s.", doing)
	}
	if !m.IsMember() {
		return errs.E(errs.Forbidden, "Join %s to %s.", c.Name, doing)
	}
	return nil
}

// access finds the community at slug as user sees it (private ones are
// NotFound to outsiders).
func (s *Service) access(ctx context.Context, user account.User, slug string) (community.Community, community.Membership, error) {
	return s.communities.BySlug(ctx, slug, user)
}

// member finds the community at slug and checks that user belongs to it.
func (s *Service) member(ctx context.Context, user account.User, slug, doing string) (community.Community, community.Membership, error) {
	c, m, err := s.access(ctx, user, slug)
	if err != nil {
		return c, m, err
	}
	return c, m, mustBeMember(user, c, m, doing)
}

// row is a request as stored, without names.
type row struct {
	id, communityID, authorID int64
	title, body, tried        string
	status                    Status
	locked                    bool
	revision, replyCount      int
	createdAt, updatedAt      int64
	lastActivityAt            int64
	deletedAt                 sql.NullInt64
	dueAt                     int64
	firstReplyAt              sql.NullInt64
	firstReplyBy              int64
	commitmentMet             sql.NullBool
	remindedAt                sql.NullInt64
	claimedBy                 int64
	claimedUntil              sql.NullInt64
	acceptedReplyID           int64
	solvedAt                  sql.NullInt64
	followupDueAt             sql.NullInt64
	followupAskedAt           sql.NullInt64
	followupReaskedAt         sql.NullInt64
	outcome                   sql.NullString
	outcomeNote               string
	outcomeAt                 sql.NullInt64
	closedAt                  sql.NullInt64
	closedBy                  int64
	closeReason               string
}

const rowColumns = `r.id, r.community_id, COALESCE(r.author_id, 0), r.title, r.body, r.tried, r.status, r.locked, r.revision, r.reply_count,
	r.created_at, r.updated_at, r.last_activity_at, r.deleted_at, r.due_at, r.first_reply_at, COALESCE(r.first_reply_by, 0), r.commitment_met,
	r.reminded_at, COALESCE(r.claimed_by, 0), r.claimed_until, COALESCE(r.accepted_reply_id, 0), r.solved_at, r.followup_due_at,
	r.followup_asked_at, r.followup_reasked_at, r.outcome, r.outcome_note, r.outcome_at, r.closed_at, COALESCE(r.closed_by, 0), r.close_reason`

func scanRow(sc interface{ Scan(...any) error }) (row, error) {
	var r row
	var status string
	err := sc.Scan(&r.id, &r.communityID, &r.authorID, &r.title, &r.body, &r.tried, &status, &r.locked, &r.revision, &r.replyCount,
		&r.createdAt, &r.updatedAt, &r.lastActivityAt, &r.deletedAt, &r.dueAt, &r.firstReplyAt, &r.firstReplyBy, &r.commitmentMet,
		&r.remindedAt, &r.claimedBy, &r.claimedUntil, &r.acceptedReplyID, &r.solvedAt, &r.followupDueAt,
		&r.followupAskedAt, &r.followupReaskedAt, &r.outcome, &r.outcomeNote, &r.outcomeAt, &r.closedAt, &r.closedBy, &r.closeReason)
	r.status = Status(status)
	return r, err
}

func (r row) deleted() bool { return r.deletedAt.Valid }

// claimHolder returns who holds an unexpired claim at now, 0 for nobody.
func (r row) claimHolder(now time.Time) int64 {
	if r.claimedBy != 0 && r.claimedUntil.Valid && r.claimedUntil.Int64 > store.Millis(now) {
		return r.claimedBy
	}
	return 0
}

// load reads request id of communityID. Inside a transaction on PostgreSQL
// it locks the row, so concurrent changes to one request take turns (SQLite
// writers already do).
func (s *Service) load(ctx context.Context, communityID, id int64) (row, error) {
	q := `SELECT ` + rowColumns + ` FROM requests r WHERE r.id = $1 AND r.community_id = $2`
	if store.InTx(ctx) && s.db.Dialect() == store.Postgres {
		q += ` FOR UPDATE`
	}
	r, err := scanRow(s.db.QueryRowContext(ctx, q, id, communityID))
	if errors.Is(err, sql.ErrNoRows) {
		return row{}, errNoRequest()
	}
	if err != nil {
		return row{}, fmt.Errorf("practice: load request %d: %w", id, err)
	}
	return r, nil
}

// loadVisible is load for someone who may not see deleted requests unless
// they moderate.
func (s *Service) loadVisible(ctx context.Context, m community.Membership, communityID, id int64) (row, error) {
	r, err := s.load(ctx, communityID, id)
	if err != nil {
		return r, err
	}
	if r.deleted() && !m.CanModerate() {
		return row{}, errNoRequest()
	}
	return r, nil
}

// writable refuses changes to the discussion of a locked, closed or
// deleted request.
func (r row) writable() error {
	switch {
	case r.deleted():
		return errs.E(errs.Conflict, "This request was deleted; replies are closed.")
	case r.locked:
		return errs.E(errs.Conflict, "This request is locked; replies are closed.")
	case r.status == Closed:
		return errs.E(errs.Conflict, "This request is closed; replies are closed.")
	}
	return nil
}

// replyRow is a reply as stored.
type replyRow struct {
	id, requestID, parentID, authorID int64
	body                              string
	revision                          int
	createdAt, updatedAt              int64
	deletedAt                         sql.NullInt64
}

// loadReply reads reply id with its request, checking that the request is
// in communityID.
func (s *Service) loadReply(ctx context.Context, communityID, id int64) (replyRow, error) {
	var p replyRow
	err := s.db.QueryRowContext(ctx, `SELECT p.id, p.request_id, COALESCE(p.parent_id, 0), COALESCE(p.author_id, 0), p.body, p.revision,
			p.created_at, p.updated_at, p.deleted_at
		FROM replies p JOIN requests r ON r.id = p.request_id
		WHERE p.id = $1 AND r.community_id = $2`, id, communityID).Scan(
		&p.id, &p.requestID, &p.parentID, &p.authorID, &p.body, &p.revision, &p.createdAt, &p.updatedAt, &p.deletedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return replyRow{}, errNoReply()
	}
	if err != nil {
		return replyRow{}, fmt.Errorf("practice: load reply %d: %w", id, err)
	}
	return p, nil
}

// record appends an activity entry about a request.
func (s *Service) record(ctx context.Context, now time.Time, communityID, actorID int64, kind string, subjectType string, subjectID int64, detail map[string]any) error {
	return s.log.Record(ctx, activity.Entry{At: now, CommunityID: communityID, ActorID: actorID, Kind: kind,
		SubjectType: subjectType, SubjectID: subjectID, Detail: detail})
}

// quote shortens a title for a note.
func quote(title string) string {
	const max = 80
	r := []rune(title)
	if len(r) > max {
		title = string(r[:max-1]) + "…"
	}
	return "“" + title + "”"
}
