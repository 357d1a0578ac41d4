package health

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// Column is one of a retrospective's three columns.
type Column string

// The columns.
const (
	WentWell  Column = "well"
	ToImprove Column = "improve"
	Ideas     Column = "ideas"
)

// Columns lists the columns in the order pages show them.
func Columns() []Column { return []Column{WentWell, ToImprove, Ideas} }

// Label is the column's heading.
func (c Column) Label() string {
	switch c {
	case WentWell:
		return "Went well"
	case ToImprove:
		return "To improve"
	case Ideas:
		return "Ideas"
	}
	return ""
}

// Prompt is the column's question.
func (c Column) Prompt() string {
	switch c {
	case WentWell:
		return "What helped us, what should we keep?"
	case ToImprove:
		return "What got in the way, what frustrated us?"
	case Ideas:
		return "What could we try next?"
	}
	return ""
}

func (c Column) valid() bool { return c == WentWell || c == ToImprove || c == Ideas }

// ActionStatus is where an action stands.
type ActionStatus string

// The statuses of an action.
const (
	ActionOpen  ActionStatus = "open"
	ActionDoing ActionStatus = "doing"
	ActionDone  ActionStatus = "done"
)

// ActionStatuses lists the statuses in order.
func ActionStatuses() []ActionStatus { return []ActionStatus{ActionOpen, ActionDoing, ActionDone} }

// Label is the status for people.
func (a ActionStatus) Label() string {
	switch a {
	case ActionOpen:
		return "To do"
	case ActionDoing:
		return "In progress"
	case ActionDone:
		return "Done"
	}
	return ""
}

func (a ActionStatus) valid() bool { return a == ActionOpen || a == ActionDoing || a == ActionDone }

// Limits on what people write.
const (
	RetroTitleMax  = 120
	RetroCardMax   = 500
	ActionTitleMax = 200
)

// RetroCard is a card on a retrospective.
type RetroCard struct {
	ID     int64  `json:"id"`
	Column Column `json:"column"`
	Body   string `json:"body"`
	// AuthorID and AuthorName are empty for anonymous cards.
	AuthorID   int64     `json:"author_id"`
	AuthorName string    `json:"author_name"`
	Votes      int       `json:"votes"`
	Voted      bool      `json:"voted"`
	CreatedAt  time.Time `json:"created_at"`
}

// Action is something the community agreed to do, with an owner.
type Action struct {
	ID        int64        `json:"id"`
	RetroID   int64        `json:"retro_id"`
	Title     string       `json:"title"`
	OwnerID   int64        `json:"owner_id"`
	OwnerName string       `json:"owner_name"`
	Due       time.Time    `json:"due"` // midnight UTC of the due day
	Status    ActionStatus `json:"status"`
	DoneAt    time.Time    `json:"done_at"`
	Overdue   bool         `json:"overdue"`
	// CanUpdate: the owner and the leader and core group move it along.
	CanUpdate bool `json:"can_update"`
}

// DueLabel is the due day for people.
func (a Action) DueLabel() string { return a.Due.Format("Mon 2 Jan 2006") }

// RetroColumn is a column with its cards, most voted first.
type RetroColumn struct {
	Column Column
	Cards  []RetroCard
}

// Retro is a retrospective as a viewer sees it.
type Retro struct {
	ID            int64     `json:"id"`
	CommunityID   int64     `json:"community_id"`
	CommunitySlug string    `json:"community_slug"`
	Title         string    `json:"title"`
	RoundID       int64     `json:"round_id"` // the health-check round it follows; 0 if none
	CreatedBy     int64     `json:"created_by"`
	CreatedByName string    `json:"created_by_name"`
	CreatedAt     time.Time `json:"created_at"`
	ClosedAt      time.Time `json:"closed_at"`
	Open          bool      `json:"open"`
	Columns       []RetroColumn
	Actions       []Action
	Overdue       int `json:"overdue"`
	ActionsDone   int `json:"actions_done"`
	ActionsTotal  int `json:"actions_total"`
	// What the viewer may do.
	CanWrite  bool `json:"can_write"`  // add cards, vote: members while open
	CanManage bool `json:"can_manage"` // add actions, close: leader and core group
}

// Path is the retrospective's web address.
func (r Retro) Path() string { return RetroPath(r.CommunitySlug, r.ID) }

func errNoRetro() error {
	return errs.E(errs.NotFound, "There is no such retrospective in this community.")
}

const retroColumns = `SELECT r.id, r.community_id, c.slug, r.title, COALESCE(r.round_id, 0), COALESCE(r.created_by, 0), COALESCE(u.name, ''),
		r.created_at, r.closed_at,
		(SELECT COUNT(*) FROM retro_actions a WHERE a.retro_id = r.id),
		(SELECT COUNT(*) FROM retro_actions a WHERE a.retro_id = r.id AND a.status = 'done'),
		(SELECT COUNT(*) FROM retro_actions a WHERE a.retro_id = r.id AND a.status <> 'done' AND a.due_at + 86400000 <= $1)
	FROM retros r JOIN communities c ON c.id = r.community_id LEFT JOIN users u ON u.id = r.created_by`

func scanRetro(row interface{ Scan(...any) error }) (Retro, error) {
	var r Retro
	var created int64
	var closed sql.NullInt64
	err := row.Scan(&r.ID, &r.CommunityID, &r.CommunitySlug, &r.Title, &r.RoundID, &r.CreatedBy, &r.CreatedByName, &created, &closed,
		&r.ActionsTotal, &r.ActionsDone, &r.Overdue)
	r.CreatedAt, r.ClosedAt = store.Time(created), store.NullTime(closed)
	r.Open = r.ClosedAt.IsZero()
	return r, err
}

// Retros lists a community's retrospectives, newest first.
func (s *Service) Retros(ctx context.Context, viewer account.User, slug string) ([]Retro, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, retroColumns+` WHERE r.community_id = $2 ORDER BY r.id DESC LIMIT 100`, store.Millis(s.clock.Now()), sc.c.ID)
	if err != nil {
		return nil, fmt.Errorf("health: retros: %w", err)
	}
	defer rows.Close()
	out := []Retro{}
	for rows.Next() {
		r, err := scanRetro(rows)
		if err != nil {
			return nil, fmt.Errorf("health: retros: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Retro returns retrospective id with its cards and actions.
func (s *Service) Retro(ctx context.Context, viewer account.User, slug string, id int64) (Retro, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Retro{}, err
	}
	return s.loadRetro(ctx, sc, id)
}

func (s *Service) loadRetro(ctx context.Context, sc scope, id int64) (Retro, error) {
	now := s.clock.Now()
	r, err := scanRetro(s.db.QueryRowContext(ctx, retroColumns+` WHERE r.id = $2 AND r.community_id = $3`, store.Millis(now), id, sc.c.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return Retro{}, errNoRetro()
	}
	if err != nil {
		return Retro{}, fmt.Errorf("health: retro %d: %w", id, err)
	}
	r.CanWrite = r.Open && sc.takesPart()
	r.CanManage = sc.moderates()
	rows, err := s.db.QueryContext(ctx, `SELECT k.id, k.col, k.body, COALESCE(k.author_id, 0), COALESCE(u.name, ''), k.votes, k.created_at,
			(SELECT COUNT(*) FROM retro_votes v WHERE v.card_id = k.id AND v.user_id = $2)
		FROM retro_cards k LEFT JOIN users u ON u.id = k.author_id
		WHERE k.retro_id = $1 ORDER BY k.votes DESC, k.id`, id, sc.viewer.ID)
	if err != nil {
		return Retro{}, fmt.Errorf("health: retro cards: %w", err)
	}
	defer rows.Close()
	cols := map[Column]*RetroColumn{}
	for _, c := range Columns() {
		r.Columns = append(r.Columns, RetroColumn{Column: c, Cards: []RetroCard{}})
	}
	for i := range r.Columns {
		cols[r.Columns[i].Column] = &r.Columns[i]
	}
	for rows.Next() {
		var k RetroCard
		var col string
		var created int64
		var voted int
		if err := rows.Scan(&k.ID, &col, &k.Body, &k.AuthorID, &k.AuthorName, &k.Votes, &created, &voted); err != nil {
			return Retro{}, fmt.Errorf("health: retro cards: %w", err)
		}
		k.Column, k.CreatedAt, k.Voted = Column(col), store.Time(created), voted > 0
		if c := cols[k.Column]; c != nil {
			c.Cards = append(c.Cards, k)
		}
	}
	if err := rows.Err(); err != nil {
		return Retro{}, err
	}
	if r.Actions, err = s.actions(ctx, sc, `a.retro_id = $1`, id); err != nil {
		return Retro{}, err
	}
	return r, nil
}

// actions reads actions matching where ($1 is its argument).
func (s *Service) actions(ctx context.Context, sc scope, where string, arg any) ([]Action, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.retro_id, a.title, COALESCE(a.owner_id, 0), COALESCE(u.name, ''), a.due_at, a.status, a.done_at
		FROM retro_actions a LEFT JOIN users u ON u.id = a.owner_id WHERE `+where+` ORDER BY a.due_at, a.id`, arg)
	if err != nil {
		return nil, fmt.Errorf("health: actions: %w", err)
	}
	defer rows.Close()
	now := s.clock.Now()
	out := []Action{}
	for rows.Next() {
		var a Action
		var due int64
		var status string
		var done sql.NullInt64
		if err := rows.Scan(&a.ID, &a.RetroID, &a.Title, &a.OwnerID, &a.OwnerName, &due, &status, &done); err != nil {
			return nil, fmt.Errorf("health: actions: %w", err)
		}
		a.Due, a.Status, a.DoneAt = store.Time(due), ActionStatus(status), store.NullTime(done)
		a.Overdue = a.Status != ActionDone && !now.Before(a.Due.Add(24*time.Hour))
		a.CanUpdate = sc.moderates() || (sc.takesPart() && sc.viewer.ID != 0 && sc.viewer.ID == a.OwnerID)
		out = append(out, a)
	}
	return out, rows.Err()
}

// NewRetro starts a retrospective.
type NewRetro struct {
	Title string
	// RoundID is the health-check round it follows; 0 for none.
	RoundID int64
}

// CreateRetro starts a retrospective (leader and core group).
func (s *Service) CreateRetro(ctx context.Context, user account.User, slug string, in NewRetro) (Retro, error) {
	sc, err := s.coreScope(ctx, user, slug, "start a retrospective")
	if err != nil {
		return Retro{}, err
	}
	var f errs.Fields
	title := validate.Text(&f, "title", "The title", in.Title, 3, RetroTitleMax, false)
	if err := f.Err(); err != nil {
		return Retro{}, err
	}
	var id int64
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		var round any
		if in.RoundID != 0 {
			if _, err := s.loadRound(ctx, sc, in.RoundID); err != nil {
				if isNotFound(err) {
					return errs.Field("round_id", "That health-check round is not one of this community's.")
				}
				return err
			}
			round = in.RoundID
		}
		if err := s.db.QueryRowContext(ctx, `INSERT INTO retros (community_id, title, round_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			sc.c.ID, title, round, user.ID, store.Millis(s.clock.Now())).Scan(&id); err != nil {
			return fmt.Errorf("health: create retro: %w", err)
		}
		return s.record(ctx, sc.c.ID, user.ID, ActivityRetroCreated, SubjectRetro, id, map[string]any{"title": title, "round_id": in.RoundID})
	})
	if err != nil {
		return Retro{}, err
	}
	return s.loadRetro(ctx, sc, id)
}

// CloseRetro closes a retrospective to new cards and votes (leader and
// core group); its actions go on being tracked.
func (s *Service) CloseRetro(ctx context.Context, user account.User, slug string, id int64) (Retro, error) {
	sc, err := s.coreScope(ctx, user, slug, "close a retrospective")
	if err != nil {
		return Retro{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadRetro(ctx, sc, id)
		if err != nil {
			return err
		}
		if !r.Open {
			return errs.E(errs.Conflict, "This retrospective is already closed.")
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE retros SET closed_at = $1, closed_by = $2 WHERE id = $3`, store.Millis(s.clock.Now()), user.ID, id); err != nil {
			return fmt.Errorf("health: close retro: %w", err)
		}
		return s.record(ctx, sc.c.ID, user.ID, ActivityRetroClosed, SubjectRetro, id, map[string]any{"title": r.Title})
	})
	if err != nil {
		return Retro{}, err
	}
	return s.loadRetro(ctx, sc, id)
}

// NewCard is what a member writes on a retrospective.
type NewCard struct {
	Column Column
	Body   string
	// Anonymous hides the author's name from everyone, the core group
	// included: the card keeps no author.
	Anonymous bool
}

// AddCard puts a card in a column of an open retrospective (members).
func (s *Service) AddCard(ctx context.Context, user account.User, slug string, id int64, in NewCard) (RetroCard, error) {
	sc, err := s.memberScope(ctx, user, slug, "write on the retrospective")
	if err != nil {
		return RetroCard{}, err
	}
	var f errs.Fields
	if !in.Column.valid() {
		f.Add("column", "Choose a column: went well, to improve or ideas.")
	}
	body := validate.Text(&f, "body", "The card", in.Body, 2, RetroCardMax, true)
	if err := f.Err(); err != nil {
		return RetroCard{}, err
	}
	var card RetroCard
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadRetro(ctx, sc, id)
		if err != nil {
			return err
		}
		if !r.Open {
			return errs.E(errs.Conflict, "This retrospective is closed; it takes no more cards.")
		}
		var author any
		if !in.Anonymous {
			author = user.ID
		}
		now := s.clock.Now()
		if err := s.db.QueryRowContext(ctx, `INSERT INTO retro_cards (retro_id, col, body, author_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			id, string(in.Column), body, author, store.Millis(now)).Scan(&card.ID); err != nil {
			return fmt.Errorf("health: add card: %w", err)
		}
		card.Column, card.Body, card.CreatedAt = in.Column, body, now
		actor := user.ID
		if in.Anonymous {
			actor = 0 // the log must not undo the anonymity
		} else {
			card.AuthorID, card.AuthorName = user.ID, user.Name
		}
		return s.record(ctx, sc.c.ID, actor, ActivityRetroCard, SubjectRetro, id, map[string]any{"column": string(in.Column)})
	})
	return card, err
}

// VoteCard gives (on) or withdraws user's vote on a card of an open
// retrospective; one vote per member per card, so voting twice is voting
// once.
func (s *Service) VoteCard(ctx context.Context, user account.User, slug string, id, cardID int64, on bool) (RetroCard, error) {
	sc, err := s.memberScope(ctx, user, slug, "vote on the retrospective")
	if err != nil {
		return RetroCard{}, err
	}
	var card RetroCard
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadRetro(ctx, sc, id)
		if err != nil {
			return err
		}
		found := false
		for _, col := range r.Columns {
			for _, k := range col.Cards {
				if k.ID == cardID {
					card, found = k, true
				}
			}
		}
		if !found {
			return errs.E(errs.NotFound, "There is no such card on this retrospective.")
		}
		if !r.Open {
			return errs.E(errs.Conflict, "This retrospective is closed; its votes are final.")
		}
		if on == card.Voted {
			return nil
		}
		if on {
			if _, err := s.db.ExecContext(ctx, `INSERT INTO retro_votes (card_id, user_id, created_at) VALUES ($1, $2, $3)`, cardID, user.ID, store.Millis(s.clock.Now())); err != nil {
				return fmt.Errorf("health: vote: %w", err)
			}
			card.Votes++
		} else {
			if _, err := s.db.ExecContext(ctx, `DELETE FROM retro_votes WHERE card_id = $1 AND user_id = $2`, cardID, user.ID); err != nil {
				return fmt.Errorf("health: unvote: %w", err)
			}
			card.Votes--
		}
		card.Voted = on
		_, err = s.db.ExecContext(ctx, `UPDATE retro_cards SET votes = $1 WHERE id = $2`, card.Votes, cardID)
		return err
	})
	return card, err
}

// NewAction is an action agreed on a retrospective.
type NewAction struct {
	Title   string
	OwnerID int64
	// Due is the due day, as 2026-03-31.
	Due string
}

// AddAction adds an action with an owner, who must take part in the
// community, and a due day (leader and core group). The owner is told.
func (s *Service) AddAction(ctx context.Context, user account.User, slug string, id int64, in NewAction) (Action, error) {
	sc, err := s.coreScope(ctx, user, slug, "add actions")
	if err != nil {
		return Action{}, err
	}
	var f errs.Fields
	title := validate.Text(&f, "title", "The action", in.Title, 3, ActionTitleMax, false)
	due, derr := parseDay("due", strings.TrimSpace(in.Due))
	if derr != nil {
		f = append(f, derr.(*errs.Error))
	} else if due.Before(s.clock.Now().AddDate(-1, 0, 0)) || due.After(s.clock.Now().AddDate(3, 0, 0)) {
		f.Add("due", "Choose a due day within the next three years.")
	}
	if in.OwnerID <= 0 {
		f.Add("owner_id", "Choose who owns the action.")
	}
	if err := f.Err(); err != nil {
		return Action{}, err
	}
	var actionID int64
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.loadRetro(ctx, sc, id)
		if err != nil {
			return err
		}
		owner, err := s.communities.Membership(ctx, sc.c.ID, in.OwnerID)
		if err != nil {
			return err
		}
		if !takesPart(owner.Role) {
			return errs.Field("owner_id", "The owner must be a member of "+sc.c.Name+".")
		}
		if err := s.db.QueryRowContext(ctx, `INSERT INTO retro_actions (retro_id, title, owner_id, due_at, status, created_by, created_at)
			VALUES ($1, $2, $3, $4, 'open', $5, $6) RETURNING id`, id, title, in.OwnerID, store.Millis(due), user.ID, store.Millis(s.clock.Now())).Scan(&actionID); err != nil {
			return fmt.Errorf("health: add action: %w", err)
		}
		if err := s.record(ctx, sc.c.ID, user.ID, ActivityActionAdded, SubjectAction, actionID, map[string]any{"title": title, "retro_id": id,
			"owner_id": in.OwnerID, "due": due.Format(time.DateOnly)}); err != nil {
			return err
		}
		return s.inbox.Send(ctx, notify.Note{Kind: notify.RetroAction, CommunityID: sc.c.ID, ActorID: user.ID,
			Title: fmt.Sprintf("You own an action from “%s”: %s (due %s)", r.Title, title, due.Format("2 Jan")),
			Link:  RetroPath(sc.c.Slug, id) + "#action-" + fmt.Sprint(actionID)}, in.OwnerID)
	})
	if err != nil {
		return Action{}, err
	}
	return s.action(ctx, sc, id, actionID)
}

func (s *Service) action(ctx context.Context, sc scope, retroID, actionID int64) (Action, error) {
	list, err := s.actions(ctx, sc, `a.id = $1`, actionID)
	if err != nil {
		return Action{}, err
	}
	if len(list) == 0 || list[0].RetroID != retroID {
		return Action{}, errs.E(errs.NotFound, "There is no such action on this retrospective.")
	}
	return list[0], nil
}

// SetActionStatus moves an action along (its owner, the leader and the
// core group), even after the retrospective closed.
func (s *Service) SetActionStatus(ctx context.Context, user account.User, slug string, id, actionID int64, status ActionStatus) (Action, error) {
	sc, err := s.memberScope(ctx, user, slug, "update actions")
	if err != nil {
		return Action{}, err
	}
	if !status.valid() {
		return Action{}, errs.Field("status", "Choose to do, in progress or done.")
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.loadRetro(ctx, sc, id); err != nil {
			return err
		}
		a, err := s.action(ctx, sc, id, actionID)
		if err != nil {
			return err
		}
		if !a.CanUpdate {
			return errs.E(errs.Forbidden, "Only the action's owner, the leader and the core group can update it.")
		}
		if a.Status == status {
			return nil
		}
		var done any
		if status == ActionDone {
			done = store.Millis(s.clock.Now())
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE retro_actions SET status = $1, done_at = $2 WHERE id = $3`, string(status), done, actionID); err != nil {
			return fmt.Errorf("health: action status: %w", err)
		}
		return s.record(ctx, sc.c.ID, user.ID, ActivityActionStatus, SubjectAction, actionID, map[string]any{"title": a.Title,
			"from": string(a.Status), "to": string(status), "retro_id": id})
	})
	if err != nil {
		return Action{}, err
	}
	return s.action(ctx, sc, id, actionID)
}

// NotifyOverdue tells the owner of every action that became overdue (its
// due day passed and it is not done), once per action; the daily job
// calls it. It reports how many owners it told.
func (s *Service) NotifyOverdue(ctx context.Context) (int, error) {
	now := s.clock.Now()
	n := 0
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.title, a.owner_id, a.due_at, r.id, r.title, c.id, c.slug
			FROM retro_actions a JOIN retros r ON r.id = a.retro_id JOIN communities c ON c.id = r.community_id
			WHERE a.status <> 'done' AND a.overdue_notified_at IS NULL AND a.owner_id IS NOT NULL AND a.due_at + 86400000 <= $1
			ORDER BY a.id`, store.Millis(now))
		if err != nil {
			return fmt.Errorf("health: overdue: %w", err)
		}
		type due struct {
			id, owner, retro, community int64
			title, retroTitle, slug     string
			at                          int64
		}
		var list []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.title, &d.owner, &d.at, &d.retro, &d.retroTitle, &d.community, &d.slug); err != nil {
				rows.Close()
				return fmt.Errorf("health: overdue: %w", err)
			}
			list = append(list, d)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for _, d := range list {
			if _, err := s.db.ExecContext(ctx, `UPDATE retro_actions SET overdue_notified_at = $1 WHERE id = $2`, store.Millis(now), d.id); err != nil {
				return fmt.Errorf("health: overdue: %w", err)
			}
			if err := s.inbox.Send(ctx, notify.Note{Kind: notify.RetroAction, CommunityID: d.community,
				Title: fmt.Sprintf("Overdue since %s: %s (from “%s”). Mark it done, or tell the core group what is in the way.", store.Time(d.at).Format("2 Jan"), d.title, d.retroTitle),
				Link:  RetroPath(d.slug, d.retro) + "#action-" + fmt.Sprint(d.id)}, d.owner); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// OwnerChoice is a person who may own an action.
type OwnerChoice struct {
	ID   int64
	Name string
}

// Owners lists the people who may own an action in the community at slug
// (leader, core group, members), by name.
func (s *Service) Owners(ctx context.Context, viewer account.User, slug string) ([]OwnerChoice, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.community_id = $1 AND m.role IN ('leader', 'core', 'member') ORDER BY u.name, u.id LIMIT 500`, sc.c.ID)
	if err != nil {
		return nil, fmt.Errorf("health: owners: %w", err)
	}
	defer rows.Close()
	var out []OwnerChoice
	for rows.Next() {
		var o OwnerChoice
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
