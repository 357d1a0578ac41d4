// Package backlog is a community's list of what it could work on next:
// topics for events, questions to dig into, practices to try (seed 004:
// start a backlog when the community starts, and refine it together).
//
// Any member proposes an item; members vote for the items they want, one
// vote per member per item, which they may withdraw and give again; the
// leader and the core group move items from proposed to planned, in
// progress and done, or decline them with a written reason, and may
// reopen them. An item can point at what fulfilled it: an event or a
// knowledge artefact of the same community. This package does not know
// those areas; the application registers a lookup per kind of link
// (SetLinkLookup), so the backlog never imports them.
//
// Lists rank open items by votes, the oldest first among equals, so ideas
// that have waited long rise; or show the newest first.
//
// Nothing a member wrote is silently lost: an edit records the previous
// title, description and tags in the detail of its "backlog.edited"
// activity entry, and a deletion records the whole item in
// "backlog.deleted". The log is read by exactly the people who could read
// the item, it commits in the same transaction, and it already is the
// community's transparency record, so no second history is kept.
//
// Votes are not written to the activity log: a vote can be given and
// withdrawn in a second, one entry per click would drown the community's
// "Recently" feed, and backlog_votes already says who voted for what and
// since when.
package backlog

import (
	"context"
	"errors"
	"strconv"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
)

// Kinds of activity entry this package writes. Subjects are
// ("backlog_item", id).
const (
	ActivityProposed = "backlog.proposed"
	ActivityEdited   = "backlog.edited"
	ActivityDeleted  = "backlog.deleted"
	ActivityMoved    = "backlog.moved"
	ActivityLinked   = "backlog.linked"
)

// SubjectType names a backlog item in activity entries.
const SubjectType = "backlog_item"

// Limits on what people write.
const (
	TitleMin       = 3
	TitleMax       = 150
	DescriptionMax = 5000
	ReasonMax      = 2000
	MaxTags        = 5
)

// The kinds of thing an item may link to.
const (
	LinkEvent    = "event"
	LinkArtefact = "artefact"
)

// LinkLookup returns the title and web address of the thing id of a kind
// (an event, an artefact) in community communityID, or an error for which
// errs.Is(err, errs.NotFound) (or errors.Is(err, store.ErrNotFound))
// holds when there is no such thing there.
type LinkLookup func(ctx context.Context, communityID, id int64) (title, url string, err error)

// Service is the backlog's logic.
type Service struct {
	db          *store.DB
	clock       clock.Clock
	log         *activity.Log
	communities *community.Service
	inbox       *notify.Inbox
	links       map[string]LinkLookup
}

// New returns the backlog Service.
func New(db *store.DB, c clock.Clock, log *activity.Log, communities *community.Service, inbox *notify.Inbox) *Service {
	return &Service{db: db, clock: c, log: log, communities: communities, inbox: inbox, links: map[string]LinkLookup{}}
}

// SetLinkLookup lets items link to things of kind (LinkEvent,
// LinkArtefact) through fn. Call it while wiring the application, before
// serving; until a kind has a lookup, links to it are refused with a
// clear message.
func (s *Service) SetLinkLookup(kind string, fn func(ctx context.Context, communityID, id int64) (title, url string, err error)) {
	s.links[kind] = fn
}

// Path is the web address of an item's page.
func Path(slug string, id int64) string {
	return "/c/" + slug + "/backlog/" + strconv.FormatInt(id, 10)
}

// scope is a viewer in a community they may see.
type scope struct {
	c      community.Community
	m      community.Membership
	viewer account.User
}

func (sc scope) moderates() bool { return sc.m.CanModerate() }

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

// coreScope is scope for the leader and the core group only.
func (s *Service) coreScope(ctx context.Context, user account.User, slug, doing string) (scope, error) {
	sc, err := s.memberScope(ctx, user, slug, doing)
	if err != nil {
		return scope{}, err
	}
	if !sc.moderates() {
		return scope{}, errs.E(errs.Forbidden, "Only the leader and the core group can %s.", doing)
	}
	return sc, nil
}

func errNoItem() error {
	return errs.E(errs.NotFound, "There is no such backlog item in this community; it may have been deleted.")
}

// record writes an activity entry about item id in ctx's transaction.
func (s *Service) record(ctx context.Context, sc scope, kind string, id int64, detail map[string]any) error {
	return s.log.Record(ctx, activity.Entry{At: s.clock.Now(), CommunityID: sc.c.ID, ActorID: sc.viewer.ID, Kind: kind,
		SubjectType: SubjectType, SubjectID: id, Detail: detail})
}

// isNotFound reports whether a lookup's error means "no such thing".
func isNotFound(err error) bool {
	return errs.Is(err, errs.NotFound) || errors.Is(err, store.ErrNotFound)
}
