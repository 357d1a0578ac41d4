package maturity

import (
	"context"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/backlog"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/events"
	"cultivate/internal/practice"
	"cultivate/internal/store"
)

// Kinds of activity entry this package writes. Subjects are ("community",
// id) except for targets, whose subject is ("target", id).
const (
	ActivityAssessed          = "maturity.assessed"
	ActivityDimensionsSet     = "dimensions.set"
	ActivityDimensionAdapted  = "dimensions.adapted"
	ActivityTargetCreated     = "target.created"
	ActivityTargetUpdated     = "target.updated"
	ActivityTargetDeleted     = "target.deleted"
	ActivityTargetValue       = "target.value_recorded"
	ActivityBootstrapTicked   = "bootstrap.ticked"
	ActivityBootstrapUnticked = "bootstrap.unticked"
)

// Service is the maturity area's logic: assessments and their evidence,
// dimensions, targets and bootstrap steps.
type Service struct {
	db          *store.DB
	clock       clock.Clock
	log         *activity.Log
	communities *community.Service
	events      *events.Service
	practice    *practice.Service
	backlog     *backlog.Service
}

// New returns the maturity Service. Events, practice and the backlog are
// read for evidence, live metrics and bootstrap steps.
func New(db *store.DB, c clock.Clock, log *activity.Log, communities *community.Service,
	ev *events.Service, pr *practice.Service, bl *backlog.Service) *Service {
	return &Service{db: db, clock: c, log: log, communities: communities, events: ev, practice: pr, backlog: bl}
}

// HealthPath is the Health tab's overview page of a community.
func HealthPath(slug string) string { return "/c/" + slug + "/health" }

// MaturityPath is a community's maturity page.
func MaturityPath(slug string) string { return "/c/" + slug + "/health/maturity" }

// DimensionsPath is a community's dimensions page.
func DimensionsPath(slug string) string { return "/c/" + slug + "/health/dimensions" }

// TargetsPath is a community's targets page.
func TargetsPath(slug string) string { return "/c/" + slug + "/health/targets" }

// scope is a viewer in a community they may see.
type scope struct {
	c      community.Community
	m      community.Membership
	viewer account.User
}

// mayEdit: the leader and the core group (and admins, who run the instance).
func (sc scope) mayEdit() bool { return sc.m.CanModerate() || sc.viewer.IsAdmin }

func (s *Service) scope(ctx context.Context, viewer account.User, slug string) (scope, error) {
	c, m, err := s.communities.BySlug(ctx, slug, viewer)
	if err != nil {
		return scope{}, err
	}
	return scope{c: c, m: m, viewer: viewer}, nil
}

// coreScope is scope for an action only the leader and core group take.
func (s *Service) coreScope(ctx context.Context, viewer account.User, slug, doing string) (scope, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return scope{}, err
	}
	if viewer.ID == 0 {
		return scope{}, errs.E(errs.Unauthorized, "Log in first.")
	}
	if !sc.mayEdit() {
		return scope{}, errs.E(errs.Forbidden, "Only the leader and the core group of %s can %s.", sc.c.Name, doing)
	}
	return sc, nil
}

func (s *Service) record(ctx context.Context, sc scope, kind, subjectType string, subjectID int64, detail map[string]any) error {
	return s.log.Record(ctx, activity.Entry{At: s.clock.Now(), CommunityID: sc.c.ID, ActorID: sc.viewer.ID, Kind: kind,
		SubjectType: subjectType, SubjectID: subjectID, Detail: detail})
}
