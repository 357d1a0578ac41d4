// Package health is how a community reflects on itself (seed 004: check
// regularly whether you meet your goals, with a self-assessment and with
// retrospectives):
//
//   - Health checks. A template of cards, each a topic with a red and a
//     green pole; by default the eleven cards of seed 004's community
//     health check, in our own words, which the leader and the core group
//     may adapt (a template is data, so the support team can ship another
//     one per organization). A round asks the template's cards as they are
//     when it opens; each member rates each card red, amber or green, says
//     whether it gets better, stays or gets worse, and may comment.
//     Answers are anonymous (see answer.go) and results show only once at
//     least K members answered (K per community, 3 by default). Rounds
//     open by hand or on a schedule (schedule.go).
//   - Retrospectives (retro.go): went well, to improve, ideas; votes;
//     actions with an owner and a due date, tracked to done; one may follow
//     a health-check round and show its results beside.
package health

import (
	"context"
	"errors"
	"strconv"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/jobs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
)

// Credit names where the health check and retrospectives come from, for
// the "What is this?" of every page that shows them.
const Credit = "After the community health check and the advice to run retrospectives in “How to run a Community of Practices” " +
	"(seed 004 of cultivate's sources), which suggests adapting the self-assessment questions to your own community's vision."

// Kinds of activity entry this package writes.
const (
	ActivityRoundOpened     = "health.round_opened"
	ActivityRoundClosed     = "health.round_closed"
	ActivityTemplateChanged = "health.template_changed"
	ActivitySettingsChanged = "health.settings_changed"
	ActivityRetroCreated    = "retro.created"
	ActivityRetroClosed     = "retro.closed"
	ActivityRetroCard       = "retro.card_added"
	ActivityActionAdded     = "retro.action_added"
	ActivityActionStatus    = "retro.action_status"
)

// Subject types of the activity entries.
const (
	SubjectRound  = "health_round"
	SubjectRetro  = "retro"
	SubjectAction = "retro_action"
)

// DefaultMinAnswers is K, the number of answers before results show,
// unless a community sets another.
const DefaultMinAnswers = 3

// Service is the health area's logic.
type Service struct {
	db          *store.DB
	clock       clock.Clock
	log         *activity.Log
	communities *community.Service
	inbox       *notify.Inbox
	jobs        *jobs.Queue // set by Register
}

// New returns the health Service.
func New(db *store.DB, c clock.Clock, log *activity.Log, communities *community.Service, inbox *notify.Inbox) *Service {
	return &Service{db: db, clock: c, log: log, communities: communities, inbox: inbox}
}

// ChecksPath is the web address of a community's health checks.
func ChecksPath(slug string) string { return "/c/" + slug + "/health/checks" }

// RoundPath is the web address of a round.
func RoundPath(slug string, id int64) string {
	return ChecksPath(slug) + "/" + strconv.FormatInt(id, 10)
}

// RetrosPath is the web address of a community's retrospectives.
func RetrosPath(slug string) string { return "/c/" + slug + "/retros" }

// RetroPath is the web address of a retrospective.
func RetroPath(slug string, id int64) string {
	return RetrosPath(slug) + "/" + strconv.FormatInt(id, 10)
}

// scope is a viewer in a community they may see.
type scope struct {
	c      community.Community
	m      community.Membership
	viewer account.User
}

func (sc scope) moderates() bool { return sc.m.CanModerate() }

// takesPart reports whether the viewer answers health checks and writes
// on retrospectives: the leader, the core group and members. Sponsors
// read results, as aggregates, but do not answer.
func (sc scope) takesPart() bool { return takesPart(sc.m.Role) }

func takesPart(r community.Role) bool {
	return r == community.Leader || r == community.Core || r == community.Member
}

func (s *Service) scope(ctx context.Context, viewer account.User, slug string) (scope, error) {
	c, m, err := s.communities.BySlug(ctx, slug, viewer)
	if err != nil {
		return scope{}, err
	}
	return scope{c: c, m: m, viewer: viewer}, nil
}

// memberScope is scope for actions that need a member taking part.
func (s *Service) memberScope(ctx context.Context, user account.User, slug, doing string) (scope, error) {
	if user.ID == 0 {
		return scope{}, errs.E(errs.Unauthorized, "Sign in to %s.", doing)
	}
	sc, err := s.scope(ctx, user, slug)
	if err != nil {
		return scope{}, err
	}
	if !sc.takesPart() {
		if sc.m.Role == community.Sponsor {
			return scope{}, errs.E(errs.Forbidden, "Sponsors read the results but do not %s: that is for the members of %s.", doing, sc.c.Name)
		}
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

func (s *Service) record(ctx context.Context, communityID, actorID int64, kind, subject string, id int64, detail map[string]any) error {
	return s.log.Record(ctx, activity.Entry{At: s.clock.Now(), CommunityID: communityID, ActorID: actorID, Kind: kind,
		SubjectType: subject, SubjectID: id, Detail: detail})
}

// participants returns the ids of the people who take part in community
// id (leader, core group, members), for notifications and the K check.
func (s *Service) participants(ctx context.Context, communityID int64) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT user_id FROM memberships WHERE community_id = $1 AND role IN ('leader', 'core', 'member') ORDER BY user_id`, communityID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// parseDay reads a date as a person types it (2026-03-31), as midnight UTC.
func parseDay(field, value string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, value)
	if err != nil {
		if value == "" {
			return time.Time{}, errs.Field(field, "Give a date.")
		}
		return time.Time{}, errs.Field(field, "“"+clip(value, 20)+"” is not a date; write it as 2026-03-31.")
	}
	return d, nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

func isNotFound(err error) bool {
	return errs.Is(err, errs.NotFound) || errors.Is(err, store.ErrNotFound)
}
