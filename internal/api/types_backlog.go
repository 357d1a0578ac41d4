package api

import (
	"time"

	"cultivate/internal/announce"
	"cultivate/internal/backlog"
)

// The backlog and announcements as JSON (issue 4). As for knowledge, the
// API keeps its own types so that its conventions hold: a value that may
// be absent is null, never left out.

// backlogLinkJSON is what fulfilled a backlog item.
type backlogLinkJSON struct {
	Type  string  `json:"type" enum:"event,artefact"`
	ID    int64   `json:"id"`
	Title string  `json:"title" doc:"Its title: current on a single item, as it was when linked in lists."`
	URL   *string `json:"url" doc:"Its web address (a path on this site); null in lists and when it is gone."`
	Gone  bool    `json:"gone" doc:"It was deleted since it was linked."`
}

// backlogPermissionsJSON says what the caller may do with an item.
type backlogPermissionsJSON struct {
	Vote   bool `json:"vote"`
	Edit   bool `json:"edit"`
	Delete bool `json:"delete"`
	Move   bool `json:"move"`
	Link   bool `json:"link"`
}

// backlogItemJSON is one topic or idea of a community's backlog.
type backlogItemJSON struct {
	ID              int64                  `json:"id"`
	CommunityID     int64                  `json:"community_id"`
	CommunitySlug   string                 `json:"community_slug"`
	Title           string                 `json:"title" doc:"Plain text, exactly as written."`
	Description     string                 `json:"description" doc:"Markdown, exactly as written; may be empty. Render it with a sanitizing Markdown renderer; never insert it as HTML."`
	Tags            []string               `json:"tags"`
	Author          *authorJSON            `json:"author" doc:"Who proposed it; null when the account is gone."`
	Status          string                 `json:"status" enum:"proposed,planned,in_progress,done,declined"`
	DeclineReason   *string                `json:"decline_reason" doc:"Why the core group declined it; null unless declined."`
	Votes           int                    `json:"votes" doc:"How many members voted for it."`
	Voted           bool                   `json:"voted" doc:"The caller voted for it."`
	Link            *backlogLinkJSON       `json:"link" doc:"What fulfilled it; null when nothing is linked."`
	CreatedAt       time.Time              `json:"created_at"`
	UpdatedAt       time.Time              `json:"updated_at"`
	StatusChangedAt time.Time              `json:"status_changed_at" doc:"When it last changed status (its creation, if never)."`
	Can             backlogPermissionsJSON `json:"can"`
}

func newBacklogItem(it backlog.Item) backlogItemJSON {
	out := backlogItemJSON{ID: it.ID, CommunityID: it.CommunityID, CommunitySlug: it.CommunitySlug, Title: it.Title, Description: it.Description,
		Tags: strings0(it.Tags), Author: newAuthor(it.AuthorID, it.AuthorName), Status: string(it.Status), DeclineReason: optString(it.DeclineReason),
		Votes: it.Votes, Voted: it.Voted, CreatedAt: it.CreatedAt.UTC(), UpdatedAt: it.UpdatedAt.UTC(), StatusChangedAt: it.StatusChangedAt.UTC(),
		Can: backlogPermissionsJSON(it.Can)}
	if l := it.Link; l != nil {
		out.Link = &backlogLinkJSON{Type: l.Type, ID: l.ID, Title: l.Title, URL: optString(l.URL), Gone: l.Gone}
	}
	return out
}

// backlogItemBody proposes an item.
type backlogItemBody struct {
	Title       string   `json:"title" doc:"3 to 150 characters."`
	Description string   `json:"description,omitempty" doc:"Up to 5,000 characters of Markdown: why, and what it could look like."`
	Tags        []string `json:"tags,omitempty" doc:"At most 5, each one word (letters, digits and - + . #)."`
}

// backlogItemUpdate edits an item; fields left out keep their value.
type backlogItemUpdate struct {
	Title       *string   `json:"title,omitempty"`
	Description *string   `json:"description,omitempty"`
	Tags        *[]string `json:"tags,omitempty" doc:"Replaces every tag."`
}

// backlogMoveBody moves an item to another status.
type backlogMoveBody struct {
	Status string `json:"status" enum:"proposed,planned,in_progress,done,declined" doc:"proposed reopens a done or declined item."`
	Reason string `json:"reason,omitempty" doc:"Required to decline (the proposer and the voters read it); a note otherwise, kept in the activity log. At most 2,000 characters."`
}

// backlogLinkBody links an item to what fulfilled it.
type backlogLinkBody struct {
	Type string `json:"type" enum:"event,artefact"`
	ID   int64  `json:"id" doc:"The event's or the artefact's id, in the same community."`
}

// announcementPermissionsJSON says what the caller may do with an
// announcement.
type announcementPermissionsJSON struct {
	Edit   bool `json:"edit"`
	Delete bool `json:"delete"`
}

// announcementJSON is news from the leader or the core group.
type announcementJSON struct {
	ID            int64                       `json:"id"`
	CommunityID   int64                       `json:"community_id"`
	CommunitySlug string                      `json:"community_slug"`
	Title         string                      `json:"title" doc:"Plain text, exactly as written."`
	Body          string                      `json:"body" doc:"Markdown, exactly as written. Render it with a sanitizing Markdown renderer; never insert it as HTML."`
	Pinned        bool                        `json:"pinned" doc:"Pinned announcements come first."`
	Author        *authorJSON                 `json:"author" doc:"Null when the account is gone."`
	CreatedAt     time.Time                   `json:"created_at"`
	UpdatedAt     time.Time                   `json:"updated_at"`
	Can           announcementPermissionsJSON `json:"can"`
}

func newAnnouncement(a announce.Announcement) announcementJSON {
	return announcementJSON{ID: a.ID, CommunityID: a.CommunityID, CommunitySlug: a.CommunitySlug, Title: a.Title, Body: a.Body, Pinned: a.Pinned,
		Author: newAuthor(a.AuthorID, a.AuthorName), CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(), Can: announcementPermissionsJSON(a.Can)}
}

// announcementBody posts an announcement.
type announcementBody struct {
	Title  string `json:"title" doc:"3 to 150 characters."`
	Body   string `json:"body" doc:"Up to 10,000 characters of Markdown."`
	Pinned bool   `json:"pinned,omitempty" doc:"Keep it at the top of the community's overview."`
}

// announcementUpdate edits an announcement; fields left out keep their
// value.
type announcementUpdate struct {
	Title  *string `json:"title,omitempty"`
	Body   *string `json:"body,omitempty"`
	Pinned *bool   `json:"pinned,omitempty"`
}
