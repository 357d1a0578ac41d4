package api

import (
	"time"

	"cultivate/internal/practice"
)

// Help requests as JSON. Bodies (a request's, what was tried, a reply's)
// are the Markdown people wrote, returned verbatim: the API returns no
// rendered HTML for them, so a client renders them with a Markdown
// renderer that sanitizes HTML, as the web pages do.

// participantJSON is someone as a thread or a list names them.
type participantJSON struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Handle string `json:"handle" doc:"Write @handle in a body to mention them."`
}

// newParticipant is nil for nobody: a removed account, or no one.
func newParticipant(p practice.Person) *participantJSON {
	if p.ID == 0 {
		return nil
	}
	return &participantJSON{ID: p.ID, Name: p.Name, Handle: p.Handle}
}

func participants(list []practice.Person) []participantJSON {
	out := make([]participantJSON, 0, len(list))
	for _, p := range list {
		if q := newParticipant(p); q != nil {
			out = append(out, *q)
		}
	}
	return out
}

// clockJSON is where a request stands against the community's response
// commitment.
type clockJSON struct {
	State               string     `json:"state" enum:"waiting,at_risk,overdue,met,missed,stopped" doc:"waiting, at_risk (reminders went out) and overdue while nobody replied; met or missed once someone did; stopped when closed, solved or deleted first."`
	DueAt               time.Time  `json:"due_at" doc:"When the first reply is due."`
	AtRiskFrom          time.Time  `json:"at_risk_from" doc:"When the leader and the core group are reminded."`
	FirstReplyAt        *time.Time `json:"first_reply_at" doc:"The first reply by someone other than the asker."`
	FirstReplyBy        *int64     `json:"first_reply_by" doc:"The user id of who gave it."`
	SecondsToFirstReply *int64     `json:"seconds_to_first_reply" doc:"Calendar time from asking to the first reply; null until there is one."`
	SecondsLeft         *int64     `json:"seconds_left" doc:"Until the due time, negative once overdue; null once the clock stopped."`
}

func newClock(c practice.ResponseClock) clockJSON {
	out := clockJSON{State: string(c.State), DueAt: c.DueAt.UTC(), AtRiskFrom: c.AtRiskFrom.UTC(),
		FirstReplyAt: optTime(c.FirstReplyAt), FirstReplyBy: optID(c.FirstReplyBy)}
	if !c.FirstReplyAt.IsZero() {
		s := int64(c.TimeToFirstReply.Seconds())
		out.SecondsToFirstReply = &s
	}
	if c.Running() {
		s := int64(c.Left.Seconds())
		out.SecondsLeft = &s
	}
	return out
}

// claimJSON is a visible "I'll take it".
type claimJSON struct {
	By    participantJSON `json:"by"`
	Until time.Time       `json:"until" doc:"When the claim lapses."`
}

func newClaim(c practice.Claim) *claimJSON {
	if !c.Active() {
		return nil
	}
	return &claimJSON{By: *newParticipant(c.By), Until: c.Until.UTC()}
}

// requestJSON is a help request, as its thread shows it.
type requestJSON struct {
	ID                int64            `json:"id"`
	CommunityID       int64            `json:"community_id"`
	CommunitySlug     string           `json:"community_slug"`
	CommunityName     string           `json:"community_name"`
	Title             string           `json:"title" doc:"Plain text, exactly as written."`
	Body              string           `json:"body" doc:"The question. Markdown, exactly as written. Render it with a sanitizing Markdown renderer; never insert it as HTML."`
	Tried             string           `json:"tried" doc:"What the asker already tried. Markdown, exactly as written. Render it with a sanitizing Markdown renderer; never insert it as HTML."`
	Tags              []string         `json:"tags"`
	Author            *participantJSON `json:"author" doc:"Who asked; null when their account was removed."`
	Status            string           `json:"status" enum:"open,solved,closed"`
	Locked            bool             `json:"locked" doc:"No replies, comments or edits by the asker until unlocked."`
	Revision          int              `json:"revision" doc:"Goes up with each edit; see the revisions."`
	ReplyCount        int              `json:"reply_count" doc:"Replies, not counting comments or deleted replies."`
	CreatedAt         time.Time        `json:"created_at"`
	UpdatedAt         time.Time        `json:"updated_at"`
	LastActivityAt    time.Time        `json:"last_activity_at" doc:"Moves on with each reply, comment, acceptance and outcome; lists are ordered by it."`
	DeletedAt         *time.Time       `json:"deleted_at" doc:"Set only for the leader and the core group, who alone still see a deleted request."`
	Clock             clockJSON        `json:"clock"`
	Claim             *claimJSON       `json:"claim" doc:"Who took the request, while their claim runs."`
	AcceptedReplyID   *int64           `json:"accepted_reply_id" doc:"The reply that solved it."`
	SolvedAt          *time.Time       `json:"solved_at"`
	FollowupDueAt     *time.Time       `json:"followup_due_at" doc:"When the asker will be asked how it turned out."`
	FollowupAskedAt   *time.Time       `json:"followup_asked_at"`
	FollowupReaskedAt *time.Time       `json:"followup_reasked_at"`
	Outcome           *string          `json:"outcome" enum:"worked,partly,did_not,no_outcome" doc:"How it turned out, as the asker said; no_outcome when the follow-up went unanswered."`
	OutcomeNote       string           `json:"outcome_note" doc:"What the asker learned. Plain text, exactly as written."`
	OutcomeAt         *time.Time       `json:"outcome_at"`
	ClosedAt          *time.Time       `json:"closed_at"`
	ClosedBy          *participantJSON `json:"closed_by"`
	CloseReason       string           `json:"close_reason" doc:"Plain text, exactly as written."`
}

func newRequest(r practice.Request) requestJSON {
	return requestJSON{ID: r.ID, CommunityID: r.CommunityID, CommunitySlug: r.CommunitySlug, CommunityName: r.CommunityName,
		Title: r.Title, Body: r.Body, Tried: r.Tried, Tags: strings0(r.Tags), Author: newParticipant(r.Author),
		Status: string(r.Status), Locked: r.Locked, Revision: r.Revision, ReplyCount: r.ReplyCount,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(), LastActivityAt: r.LastActivityAt.UTC(), DeletedAt: optTime(r.DeletedAt),
		Clock: newClock(r.Clock), Claim: newClaim(r.Claim), AcceptedReplyID: optID(r.AcceptedReplyID), SolvedAt: optTime(r.SolvedAt),
		FollowupDueAt: optTime(r.FollowupDueAt), FollowupAskedAt: optTime(r.FollowupAskedAt), FollowupReaskedAt: optTime(r.FollowupReaskedAt),
		Outcome: optString(string(r.Outcome)), OutcomeNote: r.OutcomeNote, OutcomeAt: optTime(r.OutcomeAt),
		ClosedAt: optTime(r.ClosedAt), ClosedBy: newParticipant(r.ClosedBy), CloseReason: r.CloseReason}
}

// requestItemJSON is a help request as a list shows it.
type requestItemJSON struct {
	ID              int64            `json:"id"`
	CommunityID     int64            `json:"community_id"`
	CommunitySlug   string           `json:"community_slug"`
	CommunityName   string           `json:"community_name"`
	Title           string           `json:"title" doc:"Plain text, exactly as written."`
	Author          *participantJSON `json:"author"`
	Tags            []string         `json:"tags"`
	ReplyCount      int              `json:"reply_count"`
	Status          string           `json:"status" enum:"open,solved,closed"`
	Locked          bool             `json:"locked"`
	CreatedAt       time.Time        `json:"created_at"`
	LastActivityAt  time.Time        `json:"last_activity_at"`
	Clock           clockJSON        `json:"clock"`
	Claim           *claimJSON       `json:"claim"`
	SolvedAt        *time.Time       `json:"solved_at"`
	FollowupAskedAt *time.Time       `json:"followup_asked_at"`
	Outcome         *string          `json:"outcome" enum:"worked,partly,did_not,no_outcome"`
}

func newRequestItem(it practice.Item) requestItemJSON {
	return requestItemJSON{ID: it.ID, CommunityID: it.CommunityID, CommunitySlug: it.CommunitySlug, CommunityName: it.CommunityName,
		Title: it.Title, Author: newParticipant(it.Author), Tags: strings0(it.Tags), ReplyCount: it.ReplyCount, Status: string(it.Status),
		Locked: it.Locked, CreatedAt: it.CreatedAt.UTC(), LastActivityAt: it.LastActivityAt.UTC(), Clock: newClock(it.Clock),
		Claim: newClaim(it.Claim), SolvedAt: optTime(it.SolvedAt), FollowupAskedAt: optTime(it.FollowupAskedAt), Outcome: optString(string(it.Outcome))}
}

func requestItems(list []practice.Item) []requestItemJSON {
	out := make([]requestItemJSON, len(list))
	for i, it := range list {
		out[i] = newRequestItem(it)
	}
	return out
}

// replyJSON is a reply to a request, or a comment under a reply.
type replyJSON struct {
	ID        int64            `json:"id"`
	RequestID int64            `json:"request_id"`
	ParentID  *int64           `json:"parent_id" doc:"For a comment, the reply it is under; null for a reply."`
	Author    *participantJSON `json:"author"`
	Body      string           `json:"body" doc:"Markdown, exactly as written. Render it with a sanitizing Markdown renderer; never insert it as HTML. Empty for a deleted reply, except for the leader and the core group."`
	Revision  int              `json:"revision"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
	DeletedAt *time.Time       `json:"deleted_at"`
	Accepted  bool             `json:"accepted" doc:"This reply solved the request."`
	CanEdit   bool             `json:"can_edit" doc:"The caller may edit it."`
	CanDelete bool             `json:"can_delete" doc:"The caller may delete it."`
}

func newReply(p practice.Reply) replyJSON {
	return replyJSON{ID: p.ID, RequestID: p.RequestID, ParentID: optID(p.ParentID), Author: newParticipant(p.Author), Body: p.Body,
		Revision: p.Revision, CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC(), DeletedAt: optTime(p.DeletedAt),
		Accepted: p.Accepted, CanEdit: p.CanEdit, CanDelete: p.CanDelete}
}

// threadReplyJSON is a reply in its thread, with its comments.
type threadReplyJSON struct {
	replyJSON
	Comments []replyJSON `json:"comments" doc:"One level deep, oldest first."`
}

// threadPermissionsJSON says what the caller may do with a thread.
type threadPermissionsJSON struct {
	Reply         bool `json:"reply" doc:"Reply and comment."`
	Edit          bool `json:"edit"`
	Accept        bool `json:"accept" doc:"Accept a reply, or take the acceptance back."`
	Claim         bool `json:"claim" doc:"Take the request (“I'll take it”), or extend one's own claim."`
	Unclaim       bool `json:"unclaim"`
	ReportOutcome bool `json:"report_outcome"`
	Close         bool `json:"close"`
	Delete        bool `json:"delete"`
	Moderate      bool `json:"moderate" doc:"Lock, unlock, reopen, and edit or delete anything."`
}

// threadJSON is a request with everything its page shows.
type threadJSON struct {
	Request    requestJSON           `json:"request"`
	Replies    []threadReplyJSON     `json:"replies" doc:"Oldest first. A deleted reply stays, without its text, only while it holds comments."`
	Helpers    []participantJSON     `json:"helpers" doc:"Who replied (not the asker), in the order of their first reply."`
	Commitment commitmentJSON        `json:"commitment" doc:"The community's commitment, which the clock follows."`
	Can        threadPermissionsJSON `json:"can"`
}

func newThread(t practice.Thread) threadJSON {
	out := threadJSON{Request: newRequest(t.Request), Replies: make([]threadReplyJSON, len(t.Replies)), Helpers: participants(t.Helpers),
		Commitment: newCommitment(t.Settings), Can: threadPermissionsJSON(t.Can)}
	for i, p := range t.Replies {
		out.Replies[i] = threadReplyJSON{replyJSON: newReply(p), Comments: make([]replyJSON, len(p.Comments))}
		for j, c := range p.Comments {
			out.Replies[i].Comments[j] = newReply(c)
		}
	}
	return out
}

// commitmentJSON is a community's response commitment and the rhythm of
// its learning loops.
type commitmentJSON struct {
	ResponseMinutes     int        `json:"response_minutes" doc:"The promise: a first reply within this time (working time when working_hours_only)."`
	WorkingHoursOnly    bool       `json:"working_hours_only" doc:"Count only Monday to Friday, from day_start_minute to day_end_minute in time_zone."`
	TimeZone            string     `json:"time_zone" doc:"An IANA time zone, such as Europe/Paris."`
	DayStartMinute      int        `json:"day_start_minute" doc:"The working day's start, in minutes after midnight (540 is 09:00)."`
	DayEndMinute        int        `json:"day_end_minute" doc:"The working day's end, in minutes after midnight."`
	FollowupDays        int        `json:"followup_days" doc:"Days after a request is solved when the asker is asked how it turned out."`
	ClaimMinutes        int        `json:"claim_minutes" doc:"How long an “I'll take it” lasts."`
	RemindBeforeMinutes int        `json:"remind_before_minutes" doc:"How long before the due time the leader and the core group are reminded."`
	Description         string     `json:"description" doc:"The commitment in words, such as “a first reply within 24 hours”."`
	UpdatedAt           *time.Time `json:"updated_at" doc:"null while the community keeps the defaults."`
}

func newCommitment(s practice.Settings) commitmentJSON {
	return commitmentJSON{ResponseMinutes: s.ResponseMinutes, WorkingHoursOnly: s.WorkingHoursOnly, TimeZone: s.TimeZone,
		DayStartMinute: s.DayStartMinute, DayEndMinute: s.DayEndMinute, FollowupDays: s.FollowupDays, ClaimMinutes: s.ClaimMinutes,
		RemindBeforeMinutes: s.RemindBeforeMinutes, Description: s.Describe(), UpdatedAt: optTime(s.UpdatedAt)}
}

// requestRevisionJSON is one version of a request.
type requestRevisionJSON struct {
	Number    int              `json:"number"`
	Editor    *participantJSON `json:"editor" doc:"Who wrote this version: the asker for the first."`
	WrittenAt time.Time        `json:"written_at"`
	Current   bool             `json:"current" doc:"The version shown now (the last)."`
	Title     string           `json:"title"`
	Body      string           `json:"body" doc:"Markdown, exactly as written. Render it with a sanitizing Markdown renderer; never insert it as HTML."`
	Tried     string           `json:"tried" doc:"Markdown, exactly as written. Render it with a sanitizing Markdown renderer; never insert it as HTML."`
	Tags      []string         `json:"tags"`
}

// replyRevisionJSON is one version of a reply or comment.
type replyRevisionJSON struct {
	Number    int              `json:"number"`
	Editor    *participantJSON `json:"editor" doc:"Who wrote this version: the author for the first."`
	WrittenAt time.Time        `json:"written_at"`
	Current   bool             `json:"current"`
	Body      string           `json:"body" doc:"Markdown, exactly as written. Render it with a sanitizing Markdown renderer; never insert it as HTML."`
}

// tagCountJSON is a tag with how many things carry it.
type tagCountJSON struct {
	Tag   string `json:"tag"`
	Count int    `json:"count"`
}

// triageJSON is the core group's queue: every open request still waiting
// for a first reply, most urgent first.
type triageJSON struct {
	Overdue    []requestItemJSON `json:"overdue" doc:"Past their due time, oldest due first."`
	AtRisk     []requestItemJSON `json:"at_risk" doc:"Due soon; reminders have gone out."`
	Waiting    []requestItemJSON `json:"waiting" doc:"Due later."`
	Total      int               `json:"total" doc:"Requests waiting, even beyond those listed."`
	Truncated  bool              `json:"truncated" doc:"Only the most urgent are listed."`
	Commitment commitmentJSON    `json:"commitment"`
}

func newTriage(t practice.Triage) triageJSON {
	return triageJSON{Overdue: requestItems(t.Overdue), AtRisk: requestItems(t.AtRisk), Waiting: requestItems(t.Waiting),
		Total: t.Total, Truncated: t.Truncated, Commitment: newCommitment(t.Settings)}
}

// Request bodies.

type askBody struct {
	Title string   `json:"title" doc:"8 to 160 characters."`
	Body  string   `json:"body" doc:"The question, 20 to 20,000 characters of Markdown."`
	Tried string   `json:"tried,omitempty" doc:"What you already tried, in Markdown."`
	Tags  []string `json:"tags,omitempty" doc:"At most 5: the community's tags or new ones, each one word (letters, digits and - + . #)."`
}

type requestUpdate struct {
	Title *string   `json:"title,omitempty"`
	Body  *string   `json:"body,omitempty"`
	Tried *string   `json:"tried,omitempty"`
	Tags  *[]string `json:"tags,omitempty" doc:"Replaces every tag."`
}

type replyBody struct {
	Body string `json:"body" doc:"Markdown: up to 20,000 characters for a reply, 4,000 for a comment."`
}

type acceptReplyBody struct {
	ReplyID int64 `json:"reply_id" doc:"The reply that solved the request (not a comment)."`
}

type outcomeBody struct {
	Outcome string `json:"outcome" enum:"worked,partly,did_not" doc:"How the advice turned out."`
	Note    string `json:"note,omitempty" doc:"What you learned; everyone who helped reads it."`
}

type closeBody struct {
	Reason string `json:"reason" doc:"Why, for people reading the thread: 3 to 500 characters."`
}

type commitmentUpdate struct {
	ResponseMinutes     *int    `json:"response_minutes,omitempty" doc:"60 (an hour) to 20160 (14 days)."`
	WorkingHoursOnly    *bool   `json:"working_hours_only,omitempty"`
	TimeZone            *string `json:"time_zone,omitempty"`
	DayStartMinute      *int    `json:"day_start_minute,omitempty"`
	DayEndMinute        *int    `json:"day_end_minute,omitempty"`
	FollowupDays        *int    `json:"followup_days,omitempty" doc:"1 to 90."`
	ClaimMinutes        *int    `json:"claim_minutes,omitempty" doc:"15 to 4320 (72 hours)."`
	RemindBeforeMinutes *int    `json:"remind_before_minutes,omitempty" doc:"0 to the whole response time."`
}
