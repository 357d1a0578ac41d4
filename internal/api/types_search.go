package api

import (
	"time"

	"cultivate/internal/notify"
	"cultivate/internal/search"
)

// searchResultJSON is one thing a search or a similarity check found.
type searchResultJSON struct {
	Kind          string    `json:"kind" enum:"request,artefact"`
	ID            int64     `json:"id" doc:"The id of the request or the artefact."`
	CommunityID   int64     `json:"community_id"`
	CommunitySlug string    `json:"community_slug"`
	Subkind       *string   `json:"subkind" enum:"faq,summary,case_story,failure_reflection,insight,practice,minutes" doc:"An artefact's kind; null for a request."`
	Solved        bool      `json:"solved" doc:"A request that was solved; always false for an artefact."`
	Tags          []string  `json:"tags"`
	CreatedAt     time.Time `json:"created_at"`
	TitleHTML     string    `json:"title_html" doc:"The title as HTML: escaped text, with <mark> around the matched words. Safe to insert as HTML; it holds no other markup."`
	SnippetHTML   string    `json:"snippet_html" doc:"The best passage of the text, as HTML: escaped text with <mark> around the matched words, and no other markup."`
}

func newSearchResult(r search.Result, slug string) searchResultJSON {
	return searchResultJSON{Kind: r.Kind, ID: r.RefID, CommunityID: r.CommunityID, CommunitySlug: slug, Subkind: optString(r.Subkind),
		Solved: r.Solved, Tags: strings0(r.Tags), CreatedAt: r.CreatedAt.UTC(),
		TitleHTML: string(r.Title), SnippetHTML: string(r.Snippet)}
}

// noteJSON is one entry of the caller's inbox.
type noteJSON struct {
	ID          int64      `json:"id"`
	Kind        string     `json:"kind" enum:"mention,reply,comment,accepted,followup,outcome,at_risk,claimed,artefact_source" doc:"What happened."`
	CommunityID *int64     `json:"community_id"`
	ActorID     *int64     `json:"actor_id" doc:"Who caused it; null for the system, or for the anonymous author of a failure reflection."`
	ActorName   string     `json:"actor_name"`
	Title       string     `json:"title" doc:"Plain text, for people."`
	Link        string     `json:"link" doc:"The web page it is about: a path on this instance."`
	CreatedAt   time.Time  `json:"created_at"`
	ReadAt      *time.Time `json:"read_at" doc:"null while unread."`
}

func newNote(n notify.Note) noteJSON {
	return noteJSON{ID: n.ID, Kind: n.Kind, CommunityID: optID(n.CommunityID), ActorID: optID(n.ActorID), ActorName: n.ActorName,
		Title: n.Title, Link: n.Link, CreatedAt: n.CreatedAt.UTC(), ReadAt: optTime(n.ReadAt)}
}

// unreadJSON counts the caller's unread notes.
type unreadJSON struct {
	Unread int `json:"unread"`
}

// listOf is a whole list, not paged: the lists the areas return in one
// piece (histories, tag sets, adopters). It is an object, not a bare
// array, so that it can grow fields.
type listOf[T any] struct {
	Items []T `json:"items"`
}

func newList[T any](items []T) listOf[T] {
	if items == nil {
		items = []T{}
	}
	return listOf[T]{Items: items}
}
