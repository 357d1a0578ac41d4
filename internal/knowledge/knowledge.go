// Package knowledge holds what a community has learned, written down so it
// outlasts the conversation it came from: FAQs, summaries and highlights,
// case stories, failure reflections, insights, practices and minutes (seed
// 002: capturing emergent learning creates continuity for those who missed
// the conversation, those who want to remember it and newcomers).
//
// An artefact is Markdown (never HTML; pages render it through
// internal/markdown) with tags, links to its sources (help requests, other
// artefacts, events), a revision history and, for a practice, a lifecycle
// (proposed, tried, recommended) and the members who say "I use this". A
// solved help request becomes an FAQ in one step (DraftFromRequest, then
// Create).
//
// Trust (seed 000) needs a safe place to talk about failure: a failure
// reflection may be shared anonymously. Its author is then known only to
// the leader, the core group and the author themself: Get, List and
// Revisions leave the author out for everyone else, and the activity log,
// which every member reads, records the author's own actions on it
// without an actor.
//
// Seed 000 also warns that an exclusive focus on documents moves a
// community away from practice, so knowledge here grows out of practice:
// promotion of solved threads, links back to sources, adoption counts.
package knowledge

import (
	"context"
	"strconv"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/search"
	"cultivate/internal/store"
)

// Kinds of activity entry this package writes. Subjects are ("artefact", id).
const (
	ActivityCreated       = "artefact.created"
	ActivityEdited        = "artefact.edited"
	ActivityDeleted       = "artefact.deleted"
	ActivityRestored      = "artefact.restored"
	ActivityStatusChanged = "artefact.status_changed"
	ActivityAdopted       = "artefact.adopted"
	ActivityUnadopted     = "artefact.unadopted"
)

// Limits on what people write.
const (
	TitleMin   = 5
	TitleMax   = 200
	BodyMin    = 20
	BodyMax    = 50000
	MaxTags    = 8
	MaxSources = 20
)

// EventLookup returns the title of event eventID of community communityID,
// or an error for which errs.Is(err, errs.NotFound) holds when there is no
// such event. The events area provides it; see Service.SetEventLookup.
type EventLookup func(ctx context.Context, communityID, eventID int64) (title string, err error)

// Service is the knowledge area's logic.
type Service struct {
	db          *store.DB
	clock       clock.Clock
	log         *activity.Log
	communities *community.Service
	inbox       *notify.Inbox
	index       *search.Index
	events      EventLookup
}

// New returns the knowledge Service.
func New(db *store.DB, c clock.Clock, log *activity.Log, communities *community.Service, inbox *notify.Inbox, idx *search.Index) *Service {
	return &Service{db: db, clock: c, log: log, communities: communities, inbox: inbox, index: idx}
}

// SetEventLookup lets artefacts (minutes above all) cite events as
// sources. Call it once while wiring the application, before serving;
// until then, event sources are refused with a clear message.
func (s *Service) SetEventLookup(fn EventLookup) { s.events = fn }

// Path is the web address of an artefact's page, used in notifications.
func Path(slug string, id int64) string {
	return "/c/" + slug + "/knowledge/" + strconv.FormatInt(id, 10)
}

// scope is a viewer in a community they may see.
type scope struct {
	c      community.Community
	m      community.Membership
	viewer account.User
}

// moderates reports whether the viewer is the leader or in the core group.
func (sc scope) moderates() bool { return sc.m.CanModerate() }

// seesAuthor reports whether the viewer may know who wrote something by
// authorID: always, unless it was shared anonymously; then only the
// leader, the core group and the author themself.
func (sc scope) seesAuthor(anonymous bool, authorID int64) bool {
	return !anonymous || sc.moderates() || (sc.viewer.ID != 0 && sc.viewer.ID == authorID)
}

func (s *Service) scope(ctx context.Context, viewer account.User, slug string) (scope, error) {
	c, m, err := s.communities.BySlug(ctx, slug, viewer)
	if err != nil {
		return scope{}, err
	}
	return scope{c: c, m: m, viewer: viewer}, nil
}

// memberScope is scope for actions that need a signed-in member.
func (s *Service) memberScope(ctx context.Context, user account.User, slug, doing string) (scope, error) {
	if user.ID == 0 {
		return scope{}, errs.E(errs.Unauthorized, "Sign in to %s.", doing)
	}
	sc, err := s.scope(ctx, user, slug)
	if err != nil {
		return scope{}, err
	}
	if !sc.m.IsMember() {
		return scope{}, errs.E(errs.Forbidden, "Only members of %s can %s. Join the community first.", sc.c.Name, doing)
	}
	return sc, nil
}

func errNoArtefact() error {
	return errs.E(errs.NotFound, "There is no such knowledge artefact in this community; it may have been deleted.")
}

// record writes an activity entry about artefact id in the transaction of
// ctx. actorID is 0 when the actor must stay anonymous.
func (s *Service) record(ctx context.Context, sc scope, actorID int64, kind string, id int64, detail map[string]any) error {
	return s.log.Record(ctx, activity.Entry{At: s.clock.Now(), CommunityID: sc.c.ID, ActorID: actorID, Kind: kind,
		SubjectType: "artefact", SubjectID: id, Detail: detail})
}

// actorFor is the actor an activity entry names: nobody when the author of
// an anonymous artefact acts on it, so the log does not undo the anonymity.
func actorFor(userID int64, r artefactRow) int64 {
	if r.anonymous && userID == r.authorID {
		return 0
	}
	return userID
}
