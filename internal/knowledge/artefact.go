package knowledge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/search"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// SourceType is what an artefact was drawn from.
type SourceType string

// The types of source.
const (
	SourceRequest  SourceType = "request"  // a help request thread
	SourceArtefact SourceType = "artefact" // another artefact
	SourceEvent    SourceType = "event"    // an event (minutes, above all)
)

// Source is where an artefact came from. On input only Type and ID count;
// on output Title is filled in.
type Source struct {
	Type SourceType `json:"type"`
	ID   int64      `json:"id"`
	// Title is the source's current title; empty when Gone.
	Title string `json:"title"`
	// Gone is true when the source was deleted since.
	Gone bool `json:"gone"`
}

// NewArtefact is what a member writes to add knowledge.
type NewArtefact struct {
	Kind  Kind
	Title string
	Body  string // Markdown
	Tags  string // comma- or space-separated
	// Anonymous hides the author's name from everyone but the leader and
	// the core group. Only for a failure reflection.
	Anonymous bool
	// PracticeStatus is only for a practice; empty means proposed.
	PracticeStatus PracticeStatus
	Sources        []Source
}

// Permissions say what the viewer may do with an artefact, so pages show
// only the buttons that work.
type Permissions struct {
	Edit      bool `json:"edit"`
	Delete    bool `json:"delete"`
	Restore   bool `json:"restore"`
	SetStatus bool `json:"set_status"`
	Adopt     bool `json:"adopt"`
}

// Artefact is a piece of knowledge as a viewer may see it. For an
// anonymous failure reflection seen by anyone but the leader, the core
// group and the author, AuthorID is 0 and AuthorName empty, and both are
// left out of its JSON.
type Artefact struct {
	ID             int64          `json:"id"`
	CommunityID    int64          `json:"community_id"`
	CommunitySlug  string         `json:"community_slug"`
	Kind           Kind           `json:"kind"`
	Title          string         `json:"title"`
	Body           string         `json:"body"`
	Tags           []string       `json:"tags"`
	AuthorID       int64          `json:"author_id,omitzero"`
	AuthorName     string         `json:"author_name,omitzero"`
	Anonymous      bool           `json:"anonymous"`
	PracticeStatus PracticeStatus `json:"practice_status,omitzero"`
	Revision       int            `json:"revision"`
	Sources        []Source       `json:"sources"`
	Adopters       int            `json:"adopters"`
	// Adopted is true when the viewer said "I use this".
	Adopted   bool      `json:"adopted"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	// DeletedAt is set only for the leader and core group, the only ones
	// who still see a deleted artefact.
	DeletedAt time.Time   `json:"deleted_at,omitzero"`
	Can       Permissions `json:"can"`
}

// KindLabel is the artefact's kind for people.
func (a Artefact) KindLabel() string { return a.Kind.Label() }

// Path is the artefact's web address.
func (a Artefact) Path() string { return Path(a.CommunitySlug, a.ID) }

// artefactRow is an artefact as stored, before it is shaped for a viewer.
type artefactRow struct {
	id, communityID, authorID int64
	kind                      Kind
	title, body, authorName   string
	anonymous                 bool
	status                    PracticeStatus
	revision                  int
	created, updated          int64
	deleted                   sql.NullInt64
	adopters                  int
	adopted                   bool
}

// load reads artefact id of communityID, deleted or not; viewerID fills
// in whether they adopted it.
func (s *Service) load(ctx context.Context, communityID, id, viewerID int64) (artefactRow, error) {
	var r artefactRow
	var kind, status string
	var adopted int
	err := s.db.QueryRowContext(ctx, `SELECT a.id, a.community_id, COALESCE(a.author_id, 0), a.kind, a.title, a.body, COALESCE(u.name, ''),
			a.anonymous, a.practice_status, a.revision, a.created_at, a.updated_at, a.deleted_at,
			(SELECT COUNT(*) FROM adoptions ad WHERE ad.artefact_id = a.id),
			(SELECT COUNT(*) FROM adoptions ad WHERE ad.artefact_id = a.id AND ad.user_id = $3)
		FROM artefacts a LEFT JOIN users u ON u.id = a.author_id
		WHERE a.id = $1 AND a.community_id = $2`, id, communityID, viewerID).Scan(
		&r.id, &r.communityID, &r.authorID, &kind, &r.title, &r.body, &r.authorName,
		&r.anonymous, &status, &r.revision, &r.created, &r.updated, &r.deleted, &r.adopters, &adopted)
	if errors.Is(err, sql.ErrNoRows) {
		return artefactRow{}, errNoArtefact()
	}
	if err != nil {
		return artefactRow{}, fmt.Errorf("knowledge: load artefact %d: %w", id, err)
	}
	r.kind, r.status, r.adopted = Kind(kind), PracticeStatus(status), adopted > 0
	return r, nil
}

// visible loads an artefact the viewer may see: a deleted one only for the
// leader and core group.
func (s *Service) visible(ctx context.Context, sc scope, id int64) (artefactRow, error) {
	r, err := s.load(ctx, sc.c.ID, id, sc.viewer.ID)
	if err != nil {
		return artefactRow{}, err
	}
	if r.deleted.Valid && !sc.moderates() {
		return artefactRow{}, errNoArtefact()
	}
	return r, nil
}

// live loads an artefact that is not deleted, for changing it.
func (s *Service) live(ctx context.Context, sc scope, id int64) (artefactRow, error) {
	r, err := s.visible(ctx, sc, id)
	if err != nil {
		return artefactRow{}, err
	}
	if r.deleted.Valid {
		return artefactRow{}, errs.E(errs.Conflict, "This artefact is deleted. Restore it first.")
	}
	return r, nil
}

// mayEdit: the author while still a member, or the leader and core group.
func (sc scope) mayEdit(r artefactRow) bool {
	return sc.moderates() || (sc.m.IsMember() && sc.viewer.ID != 0 && sc.viewer.ID == r.authorID)
}

func (s *Service) shape(ctx context.Context, sc scope, r artefactRow) (Artefact, error) {
	a := Artefact{ID: r.id, CommunityID: r.communityID, CommunitySlug: sc.c.Slug, Kind: r.kind, Title: r.title, Body: r.body,
		Anonymous: r.anonymous, PracticeStatus: r.status, Revision: r.revision, Adopters: r.adopters, Adopted: r.adopted,
		CreatedAt: store.Time(r.created), UpdatedAt: store.Time(r.updated), DeletedAt: store.NullTime(r.deleted)}
	if sc.seesAuthor(r.anonymous, r.authorID) {
		a.AuthorID, a.AuthorName = r.authorID, r.authorName
	}
	var err error
	if a.Tags, err = s.tags(ctx, r.id); err != nil {
		return Artefact{}, err
	}
	if a.Sources, err = s.sources(ctx, sc.c.ID, r.id); err != nil {
		return Artefact{}, err
	}
	deleted := r.deleted.Valid
	a.Can = Permissions{
		Edit:      !deleted && sc.mayEdit(r),
		Delete:    !deleted && sc.mayEdit(r),
		Restore:   deleted && sc.moderates(),
		SetStatus: !deleted && r.kind == Practice && sc.moderates(),
		Adopt:     !deleted && r.kind == Practice && sc.m.IsMember(),
	}
	return a, nil
}

func (s *Service) tags(ctx context.Context, id int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT tag FROM artefact_tags WHERE artefact_id = $1 ORDER BY tag`, id)
	if err != nil {
		return nil, fmt.Errorf("knowledge: tags: %w", err)
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, fmt.Errorf("knowledge: tags: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// sources resolves an artefact's links to the titles of what they point at,
// within the artefact's own community only.
func (s *Service) sources(ctx context.Context, communityID, id int64) ([]Source, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT target_type, target_id FROM artefact_links WHERE artefact_id = $1 ORDER BY target_type DESC, target_id`, id)
	if err != nil {
		return nil, fmt.Errorf("knowledge: sources: %w", err)
	}
	out := []Source{}
	for rows.Next() {
		var src Source
		var typ string
		if err := rows.Scan(&typ, &src.ID); err != nil {
			rows.Close()
			return nil, fmt.Errorf("knowledge: sources: %w", err)
		}
		src.Type = SourceType(typ)
		out = append(out, src)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("knowledge: sources: %w", err)
	}
	for i := range out {
		title, err := s.sourceTitle(ctx, communityID, out[i])
		switch {
		case errs.Is(err, errs.NotFound):
			out[i].Gone = true
		case err != nil:
			return nil, err
		default:
			out[i].Title = title
		}
	}
	return out, nil
}

// sourceTitle returns the title of a source in communityID, or a NotFound
// error when it does not exist there (or was deleted).
func (s *Service) sourceTitle(ctx context.Context, communityID int64, src Source) (string, error) {
	var q string
	switch src.Type {
	case SourceRequest:
		q = `SELECT title FROM requests WHERE id = $1 AND community_id = $2 AND deleted_at IS NULL`
	case SourceArtefact:
		q = `SELECT title FROM artefacts WHERE id = $1 AND community_id = $2 AND deleted_at IS NULL`
	case SourceEvent:
		if s.events == nil {
			return "", errs.E(errs.NotFound, "Events cannot be linked yet.")
		}
		return s.events(ctx, communityID, src.ID)
	default:
		return "", errs.E(errs.NotFound, "Unknown kind of source.")
	}
	var title string
	err := s.db.QueryRowContext(ctx, q, src.ID, communityID).Scan(&title)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.E(errs.NotFound, "No such %s.", src.Type)
	}
	if err != nil {
		return "", fmt.Errorf("knowledge: source %s %d: %w", src.Type, src.ID, err)
	}
	return title, nil
}

// Get returns artefact id of the community at slug as viewer may see it:
// with its tags, its sources (titles resolved), its adoption count and
// whether viewer adopted it. A deleted artefact is NotFound, except to the
// leader and core group. The author of an anonymous failure reflection is
// left out for everyone but them and the author.
func (s *Service) Get(ctx context.Context, viewer account.User, slug string, id int64) (Artefact, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return Artefact{}, err
	}
	r, err := s.visible(ctx, sc, id)
	if err != nil {
		return Artefact{}, err
	}
	return s.shape(ctx, sc, r)
}

// cleanArtefact is a NewArtefact that passed validation.
type cleanArtefact struct {
	kind      Kind
	title     string
	body      string
	tags      []string
	anonymous bool
	status    PracticeStatus
	sources   []Source
}

func kindChoices() string {
	var names []string
	for _, k := range Kinds() {
		names = append(names, k.Label)
	}
	return strings.Join(names, ", ")
}

// check validates what a member wrote; every problem is reported at once,
// each under its field (kind, title, body, tags, anonymous,
// practice_status, sources).
func check(in NewArtefact) (cleanArtefact, error) {
	var f errs.Fields
	out := cleanArtefact{kind: in.Kind, anonymous: in.Anonymous, status: in.PracticeStatus}
	info, ok := in.Kind.Info()
	if !ok {
		f.Add("kind", "Choose what kind of knowledge this is: "+kindChoices()+".")
	}
	out.title = validate.Text(&f, "title", "Title", in.Title, TitleMin, TitleMax, false)
	out.body = validate.Text(&f, "body", "Text", in.Body, BodyMin, BodyMax, true)
	out.tags = validate.Tags(&f, "tags", in.Tags, MaxTags)
	if in.Anonymous && ok && !info.MayBeAnonymous {
		f.Add("anonymous", "Only a failure reflection can be shared without your name.")
	}
	switch {
	case !ok:
	case info.HasStatus && in.PracticeStatus == "":
		out.status = Proposed
	case info.HasStatus && !in.PracticeStatus.Valid():
		f.Add("practice_status", "Choose proposed, tried or recommended.")
	case !info.HasStatus && in.PracticeStatus != "":
		f.Add("practice_status", "Only a practice has a status (proposed, tried, recommended).")
	}
	out.sources = checkSources(&f, in.Sources)
	return out, f.Err()
}

// checkSources drops duplicates and checks the form of each source; that
// they exist is checked in the transaction.
func checkSources(f *errs.Fields, in []Source) []Source {
	var out []Source
	seen := map[Source]bool{}
	for _, src := range in {
		key := Source{Type: src.Type, ID: src.ID}
		if seen[key] {
			continue
		}
		seen[key] = true
		switch src.Type {
		case SourceRequest, SourceArtefact, SourceEvent:
		default:
			f.Add("sources", "A source is a help request, another artefact or an event.")
			return nil
		}
		if src.ID <= 0 {
			f.Add("sources", "A source needs the number of the "+string(src.Type)+" it points to.")
			return nil
		}
		out = append(out, key)
	}
	if len(out) > MaxSources {
		f.Add("sources", "Link at most "+strconv.Itoa(MaxSources)+" sources.")
		return nil
	}
	return out
}

// verifySources checks, in the transaction, that every source exists in
// the community and is not deleted.
func (s *Service) verifySources(ctx context.Context, communityID int64, sources []Source) error {
	var f errs.Fields
	for _, src := range sources {
		_, err := s.sourceTitle(ctx, communityID, src)
		switch {
		case errs.Is(err, errs.NotFound) && src.Type == SourceEvent && s.events == nil:
			f.Add("sources", "Events cannot be linked as sources yet.")
		case errs.Is(err, errs.NotFound):
			f.Add("sources", fmt.Sprintf("There is no %s number %d in this community to link to.", src.Type, src.ID))
		case err != nil:
			return err
		}
	}
	return f.Err()
}

// Create adds an artefact to the community at slug, written by user, who
// must be a member. Sources must exist in the same community. When a
// source is a help request, everyone who took part in that thread (the
// asker and everyone who replied) is told it became knowledge. It returns
// the artefact as its author sees it.
func (s *Service) Create(ctx context.Context, user account.User, slug string, in NewArtefact) (Artefact, error) {
	sc, err := s.memberScope(ctx, user, slug, "add to the community's knowledge")
	if err != nil {
		return Artefact{}, err
	}
	a, err := check(in)
	if err != nil {
		return Artefact{}, err
	}
	now := s.clock.Now()
	var id int64
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		if err := s.verifySources(ctx, sc.c.ID, a.sources); err != nil {
			return err
		}
		var sourceRequest any
		for _, src := range a.sources {
			if src.Type == SourceRequest {
				sourceRequest = src.ID
				break
			}
		}
		err := s.db.QueryRowContext(ctx, `INSERT INTO artefacts (community_id, kind, title, body, author_id, anonymous, practice_status,
				revision, source_request_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $9) RETURNING id`,
			sc.c.ID, string(a.kind), a.title, a.body, user.ID, a.anonymous, string(a.status), sourceRequest, store.Millis(now)).Scan(&id)
		if err != nil {
			return fmt.Errorf("knowledge: create: %w", err)
		}
		if err := s.setTags(ctx, sc.c.ID, id, a.tags); err != nil {
			return err
		}
		for _, src := range a.sources {
			if _, err := s.db.ExecContext(ctx, `INSERT INTO artefact_links (artefact_id, target_type, target_id) VALUES ($1, $2, $3)`,
				id, string(src.Type), src.ID); err != nil {
				return fmt.Errorf("knowledge: link source: %w", err)
			}
		}
		row := artefactRow{id: id, authorID: user.ID, anonymous: a.anonymous}
		detail := map[string]any{"kind": string(a.kind), "title": a.title}
		if a.anonymous {
			detail["anonymous"] = true
		}
		if len(a.sources) > 0 {
			detail["sources"] = len(a.sources)
		}
		if err := s.record(ctx, sc, actorFor(user.ID, row), ActivityCreated, id, detail); err != nil {
			return err
		}
		if err := s.index.Put(ctx, searchDoc(sc.c.ID, id, a.kind, a.title, a.body, a.tags, now)); err != nil {
			return err
		}
		return s.tellParticipants(ctx, sc, user, row, a)
	})
	if err != nil {
		return Artefact{}, err
	}
	return s.Get(ctx, user, slug, id)
}

// tellParticipants notifies the people of every help request the new
// artefact was drawn from: its asker and everyone who replied or
// commented, except the artefact's author.
func (s *Service) tellParticipants(ctx context.Context, sc scope, author account.User, r artefactRow, a cleanArtefact) error {
	var people []int64
	for _, src := range a.sources {
		if src.Type != SourceRequest {
			continue
		}
		rows, err := s.db.QueryContext(ctx, `SELECT author_id FROM requests WHERE id = $1 AND author_id IS NOT NULL
			UNION SELECT author_id FROM replies WHERE request_id = $1 AND deleted_at IS NULL AND author_id IS NOT NULL`, src.ID)
		if err != nil {
			return fmt.Errorf("knowledge: thread participants: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return fmt.Errorf("knowledge: thread participants: %w", err)
			}
			if id != author.ID {
				people = append(people, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("knowledge: thread participants: %w", err)
		}
	}
	if len(people) == 0 {
		return nil
	}
	slices.Sort(people)
	note := notify.Note{Kind: notify.ArtefactFromMe, CommunityID: sc.c.ID, ActorID: actorFor(author.ID, r),
		Title: "A thread you took part in became knowledge: “" + a.title + "” (" + a.kind.Label() + ")",
		Link:  Path(sc.c.Slug, r.id)}
	return s.inbox.Send(ctx, note, people...)
}

// setTags replaces an artefact's tags.
func (s *Service) setTags(ctx context.Context, communityID, id int64, tags []string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM artefact_tags WHERE artefact_id = $1`, id); err != nil {
		return fmt.Errorf("knowledge: tags: %w", err)
	}
	for _, t := range tags {
		if _, err := s.db.ExecContext(ctx, `INSERT INTO artefact_tags (artefact_id, community_id, tag) VALUES ($1, $2, $3)`, id, communityID, t); err != nil {
			return fmt.Errorf("knowledge: tags: %w", err)
		}
	}
	return nil
}

// searchDoc is the search index's copy of an artefact. It never holds the
// author, so search cannot reveal who wrote an anonymous reflection.
func searchDoc(communityID, id int64, kind Kind, title, body string, tags []string, created time.Time) search.Doc {
	return search.Doc{Kind: search.KindArtefact, RefID: id, CommunityID: communityID, Subkind: string(kind),
		Tags: tags, CreatedAt: created, Title: title, Body: body}
}
