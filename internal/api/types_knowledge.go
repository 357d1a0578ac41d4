package api

import (
	"time"

	"cultivate/internal/knowledge"
)

// Knowledge artefacts as JSON. The knowledge package has JSON tags of its
// own; the API keeps its own types so that its conventions hold (a value
// that may be absent is null, never left out) and the document describes
// exactly what is sent.

// authorJSON names who wrote something.
type authorJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// newAuthor is nil when the author is not to be known: an anonymous
// failure reflection seen by anyone but its author, the leader and the
// core group, or a removed account.
func newAuthor(id int64, name string) *authorJSON {
	if id == 0 {
		return nil
	}
	return &authorJSON{ID: id, Name: name}
}

// sourceJSON is where an artefact came from.
type sourceJSON struct {
	Type  string `json:"type" enum:"request,artefact,event"`
	ID    int64  `json:"id"`
	Title string `json:"title" doc:"The source's current title; empty when it is gone."`
	Gone  bool   `json:"gone" doc:"The source was deleted since."`
}

// artefactPermissionsJSON says what the caller may do with an artefact.
type artefactPermissionsJSON struct {
	Edit      bool `json:"edit"`
	Delete    bool `json:"delete"`
	Restore   bool `json:"restore"`
	SetStatus bool `json:"set_status"`
	Adopt     bool `json:"adopt"`
}

// artefactJSON is a piece of the community's knowledge.
type artefactJSON struct {
	ID             int64                   `json:"id"`
	CommunityID    int64                   `json:"community_id"`
	CommunitySlug  string                  `json:"community_slug"`
	Kind           string                  `json:"kind" enum:"faq,summary,case_story,failure_reflection,insight,practice,minutes"`
	Title          string                  `json:"title" doc:"Plain text, exactly as written."`
	Body           string                  `json:"body" doc:"Markdown, exactly as written. Render it with a sanitizing Markdown renderer; never insert it as HTML."`
	Tags           []string                `json:"tags"`
	Author         *authorJSON             `json:"author" doc:"null for an anonymous failure reflection, except for its author, the leader and the core group."`
	Anonymous      bool                    `json:"anonymous" doc:"Shared without the author's name."`
	PracticeStatus *string                 `json:"practice_status" enum:"proposed,tried,recommended" doc:"A practice's place in its lifecycle; null for other kinds."`
	Revision       int                     `json:"revision" doc:"Send it back as base_revision when editing."`
	Sources        []sourceJSON            `json:"sources"`
	Adopters       int                     `json:"adopters" doc:"How many members use this practice."`
	Adopted        bool                    `json:"adopted" doc:"The caller uses this practice."`
	CreatedAt      time.Time               `json:"created_at"`
	UpdatedAt      time.Time               `json:"updated_at"`
	DeletedAt      *time.Time              `json:"deleted_at" doc:"Set only for the leader and the core group, who alone still see a deleted artefact."`
	Can            artefactPermissionsJSON `json:"can"`
}

func newArtefact(a knowledge.Artefact) artefactJSON {
	out := artefactJSON{ID: a.ID, CommunityID: a.CommunityID, CommunitySlug: a.CommunitySlug, Kind: string(a.Kind), Title: a.Title,
		Body: a.Body, Tags: strings0(a.Tags), Author: newAuthor(a.AuthorID, a.AuthorName), Anonymous: a.Anonymous,
		PracticeStatus: optString(string(a.PracticeStatus)), Revision: a.Revision, Sources: make([]sourceJSON, len(a.Sources)),
		Adopters: a.Adopters, Adopted: a.Adopted, CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(), DeletedAt: optTime(a.DeletedAt),
		Can: artefactPermissionsJSON(a.Can)}
	for i, s := range a.Sources {
		out.Sources[i] = sourceJSON{Type: string(s.Type), ID: s.ID, Title: s.Title, Gone: s.Gone}
	}
	return out
}

// artefactItemJSON is an artefact as a list shows it.
type artefactItemJSON struct {
	ID             int64       `json:"id"`
	CommunityID    int64       `json:"community_id"`
	CommunitySlug  string      `json:"community_slug"`
	CommunityName  string      `json:"community_name"`
	Kind           string      `json:"kind" enum:"faq,summary,case_story,failure_reflection,insight,practice,minutes"`
	Title          string      `json:"title"`
	Tags           []string    `json:"tags"`
	Author         *authorJSON `json:"author" doc:"null for an anonymous failure reflection, except for its author, the leader and the core group."`
	Anonymous      bool        `json:"anonymous"`
	PracticeStatus *string     `json:"practice_status" enum:"proposed,tried,recommended"`
	Revision       int         `json:"revision"`
	Adopters       int         `json:"adopters"`
	Adopted        bool        `json:"adopted"`
	Excerpt        string      `json:"excerpt" doc:"The beginning of the body as plain text, about 200 characters."`
	CreatedAt      time.Time   `json:"created_at"`
	UpdatedAt      time.Time   `json:"updated_at"`
}

func newArtefactItem(it knowledge.Item) artefactItemJSON {
	return artefactItemJSON{ID: it.ID, CommunityID: it.CommunityID, CommunitySlug: it.CommunitySlug, CommunityName: it.CommunityName,
		Kind: string(it.Kind), Title: it.Title, Tags: strings0(it.Tags), Author: newAuthor(it.AuthorID, it.AuthorName), Anonymous: it.Anonymous,
		PracticeStatus: optString(string(it.PracticeStatus)), Revision: it.Revision, Adopters: it.Adopters, Adopted: it.Adopted,
		Excerpt: it.Excerpt, CreatedAt: it.CreatedAt.UTC(), UpdatedAt: it.UpdatedAt.UTC()}
}

// versionJSON is one version of an artefact.
type versionJSON struct {
	Revision  int         `json:"revision"`
	Title     string      `json:"title"`
	Body      string      `json:"body" doc:"Markdown, exactly as written. Render it with a sanitizing Markdown renderer; never insert it as HTML."`
	Tags      []string    `json:"tags"`
	Editor    *authorJSON `json:"editor" doc:"Who wrote this version; null when that is the anonymous author and the caller may not know them."`
	WrittenAt time.Time   `json:"written_at"`
	Current   bool        `json:"current" doc:"The version shown now (the last)."`
}

func newVersion(v knowledge.Version) versionJSON {
	return versionJSON{Revision: v.Revision, Title: v.Title, Body: v.Body, Tags: strings0(v.Tags),
		Editor: newAuthor(v.EditorID, v.EditorName), WrittenAt: v.WrittenAt.UTC(), Current: v.Current}
}

// comparisonJSON is what changed between two versions of an artefact.
type comparisonJSON struct {
	From         versionJSON `json:"from"`
	To           versionJSON `json:"to"`
	TitleChanged bool        `json:"title_changed"`
	TagsAdded    []string    `json:"tags_added"`
	TagsRemoved  []string    `json:"tags_removed"`
	Inserted     int         `json:"inserted" doc:"Lines of the body inserted."`
	Deleted      int         `json:"deleted" doc:"Lines of the body deleted."`
	Hunks        []hunkJSON  `json:"hunks" doc:"The body's changes with three lines of context, as in a unified diff."`
}

// hunkJSON is a run of changes with the lines around them.
type hunkJSON struct {
	Header   string         `json:"header" doc:"Such as “@@ -3,7 +3,8 @@”."`
	OldStart int            `json:"old_start"`
	OldLines int            `json:"old_lines"`
	NewStart int            `json:"new_start"`
	NewLines int            `json:"new_lines"`
	Lines    []diffLineJSON `json:"lines"`
}

// diffLineJSON is one line of a hunk.
type diffLineJSON struct {
	Op       string        `json:"op" enum:"equal,insert,delete"`
	Text     string        `json:"text"`
	OldLine  *int          `json:"old_line" doc:"The line's number in the old text; null for an inserted line."`
	NewLine  *int          `json:"new_line" doc:"The line's number in the new text; null for a deleted line."`
	Segments []segmentJSON `json:"segments" doc:"For a changed line paired with its replacement, the text split into kept and changed pieces; empty otherwise."`
}

type segmentJSON struct {
	Text    string `json:"text"`
	Changed bool   `json:"changed"`
}

func newComparison(c knowledge.Comparison) comparisonJSON {
	out := comparisonJSON{From: newVersion(c.From), To: newVersion(c.To), TitleChanged: c.TitleChanged,
		TagsAdded: strings0(c.TagsAdded), TagsRemoved: strings0(c.TagsRemoved), Inserted: c.Inserted, Deleted: c.Deleted,
		Hunks: make([]hunkJSON, len(c.Hunks))}
	for i, h := range c.Hunks {
		hj := hunkJSON{Header: h.Header(), OldStart: h.OldStart, OldLines: h.OldLines, NewStart: h.NewStart, NewLines: h.NewLines}
		for _, l := range h.Lines() {
			lj := diffLineJSON{Op: l.Kind.String(), Text: l.Text, OldLine: optLine(l.OldLine), NewLine: optLine(l.NewLine), Segments: []segmentJSON{}}
			for _, s := range l.Segments {
				lj.Segments = append(lj.Segments, segmentJSON{Text: s.Text, Changed: s.Changed})
			}
			hj.Lines = append(hj.Lines, lj)
		}
		if hj.Lines == nil {
			hj.Lines = []diffLineJSON{}
		}
		out.Hunks[i] = hj
	}
	return out
}

func optLine(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// adopterJSON is someone who uses a practice.
type adopterJSON struct {
	UserID int64     `json:"user_id"`
	Name   string    `json:"name"`
	Since  time.Time `json:"since"`
}

// kindJSON describes a kind of artefact.
type kindJSON struct {
	Kind           string `json:"kind" enum:"faq,summary,case_story,failure_reflection,insight,practice,minutes"`
	Label          string `json:"label"`
	Plural         string `json:"plural"`
	About          string `json:"about" doc:"What an artefact of this kind is, in one sentence."`
	Credit         string `json:"credit" doc:"Where the idea comes from."`
	MayBeAnonymous bool   `json:"may_be_anonymous" doc:"Can be shared without the author's name."`
	HasStatus      bool   `json:"has_status" doc:"Has a lifecycle (proposed, tried, recommended) and adoptions."`
}

// practiceStatusJSON describes a step of a practice's lifecycle.
type practiceStatusJSON struct {
	Status string `json:"status" enum:"proposed,tried,recommended"`
	Label  string `json:"label"`
	About  string `json:"about"`
}

// knowledgeKindsJSON is what a client needs to offer the kinds of
// knowledge and the statuses of a practice.
type knowledgeKindsJSON struct {
	Kinds            []kindJSON           `json:"kinds" doc:"In the order pages offer them."`
	PracticeStatuses []practiceStatusJSON `json:"practice_statuses" doc:"In lifecycle order."`
}

// sourceRefJSON points at a source of an artefact.
type sourceRefJSON struct {
	Type string `json:"type" enum:"request,artefact,event"`
	ID   int64  `json:"id"`
}

// artefactDraftJSON is a pre-filled artefact, not saved: send it, changed
// as you like, to POST …/artefacts.
type artefactDraftJSON struct {
	Kind           string          `json:"kind" enum:"faq,summary,case_story,failure_reflection,insight,practice,minutes"`
	Title          string          `json:"title"`
	Body           string          `json:"body" doc:"Markdown, exactly as written. Render it with a sanitizing Markdown renderer; never insert it as HTML."`
	Tags           []string        `json:"tags"`
	Anonymous      bool            `json:"anonymous"`
	PracticeStatus *string         `json:"practice_status" enum:"proposed,tried,recommended"`
	Sources        []sourceRefJSON `json:"sources"`
}

func newDraft(d knowledge.NewArtefact, tags []string) artefactDraftJSON {
	out := artefactDraftJSON{Kind: string(d.Kind), Title: d.Title, Body: d.Body, Tags: strings0(tags), Anonymous: d.Anonymous,
		PracticeStatus: optString(string(d.PracticeStatus)), Sources: make([]sourceRefJSON, len(d.Sources))}
	for i, s := range d.Sources {
		out.Sources[i] = sourceRefJSON{Type: string(s.Type), ID: s.ID}
	}
	return out
}

// Request bodies.

type artefactBody struct {
	Kind           string          `json:"kind" enum:"faq,summary,case_story,failure_reflection,insight,practice,minutes"`
	Title          string          `json:"title" doc:"5 to 200 characters."`
	Body           string          `json:"body" doc:"20 to 50,000 characters of Markdown."`
	Tags           []string        `json:"tags,omitempty" doc:"At most 8, each one word (letters, digits and - + . #)."`
	Anonymous      bool            `json:"anonymous,omitempty" doc:"Share a failure reflection without your name: only the leader and the core group will know it is yours."`
	PracticeStatus string          `json:"practice_status,omitempty" enum:"proposed,tried,recommended" doc:"Only for a practice; proposed when left out."`
	Sources        []sourceRefJSON `json:"sources,omitempty" doc:"What it was drawn from, in this community: at most 20."`
}

type artefactUpdate struct {
	BaseRevision int       `json:"base_revision" doc:"The revision you edited. If someone saved a newer one since, the edit is refused with 409 and nothing changes."`
	Title        *string   `json:"title,omitempty"`
	Body         *string   `json:"body,omitempty"`
	Tags         *[]string `json:"tags,omitempty" doc:"Replaces every tag."`
}

type statusBody struct {
	Status string `json:"status" enum:"proposed,tried,recommended"`
}
