package api

import (
	"context"
	"net/http"
	"strings"

	"cultivate/internal/account"
	"cultivate/internal/backlog"
	"cultivate/internal/web"
)

// listBacklog is a page of a community's backlog.
func (h *handler) listBacklog(r *http.Request, _ noBody) (page[backlogItemJSON], error) {
	cursor, limit, err := pageQuery(r, "backlog")
	if err != nil {
		return page[backlogItemJSON]{}, err
	}
	q := r.URL.Query()
	p, err := h.app.Backlog.List(r.Context(), web.UserFrom(r.Context()), backlog.Filter{CommunitySlug: r.PathValue("slug"),
		Status: q.Get("status"), Sort: q.Get("sort"), Cursor: cursor, Limit: limit})
	if err != nil {
		return page[backlogItemJSON]{}, err
	}
	items := make([]backlogItemJSON, len(p.Items))
	for i, it := range p.Items {
		items[i] = newBacklogItem(it)
	}
	return newPage(items, "backlog", p.NextCursor), nil
}

// proposeBacklogItem adds an item proposed by the caller.
func (h *handler) proposeBacklogItem(r *http.Request, in backlogItemBody) (backlogItemJSON, error) {
	tags, err := joinTags("tags", in.Tags)
	if err != nil {
		return backlogItemJSON{}, err
	}
	it, err := h.app.Backlog.Create(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"),
		backlog.NewItem{Title: in.Title, Description: in.Description, Tags: tags})
	if err != nil {
		return backlogItemJSON{}, err
	}
	return newBacklogItem(it), nil
}

func (h *handler) getBacklogItem(r *http.Request, _ noBody) (backlogItemJSON, error) {
	return h.changeBacklogItem(r, h.app.Backlog.Get)
}

// editBacklogItem changes the fields the body holds and keeps the others.
func (h *handler) editBacklogItem(r *http.Request, in backlogItemUpdate) (backlogItemJSON, error) {
	return h.changeBacklogItem(r, func(ctx context.Context, u account.User, slug string, id int64) (backlog.Item, error) {
		cur, err := h.app.Backlog.Get(ctx, u, slug, id)
		if err != nil {
			return backlog.Item{}, err
		}
		ni := backlog.NewItem{Title: cur.Title, Description: cur.Description, Tags: strings.Join(cur.Tags, " ")}
		keep(&ni.Title, in.Title)
		keep(&ni.Description, in.Description)
		if in.Tags != nil {
			if ni.Tags, err = joinTags("tags", *in.Tags); err != nil {
				return backlog.Item{}, err
			}
		}
		return h.app.Backlog.Edit(ctx, u, slug, id, ni)
	})
}

func (h *handler) deleteBacklogItem(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Backlog.Delete(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
}

// voteBacklogItem gives the caller's vote; giving it twice is giving it once.
func (h *handler) voteBacklogItem(r *http.Request, _ noBody) (backlogItemJSON, error) {
	return h.changeBacklogItem(r, h.app.Backlog.Vote)
}

func (h *handler) unvoteBacklogItem(r *http.Request, _ noBody) (backlogItemJSON, error) {
	return h.changeBacklogItem(r, h.app.Backlog.Unvote)
}

func (h *handler) moveBacklogItem(r *http.Request, in backlogMoveBody) (backlogItemJSON, error) {
	return h.changeBacklogItem(r, func(ctx context.Context, u account.User, slug string, id int64) (backlog.Item, error) {
		return h.app.Backlog.Move(ctx, u, slug, id, backlog.Status(in.Status), in.Reason)
	})
}

func (h *handler) linkBacklogItem(r *http.Request, in backlogLinkBody) (backlogItemJSON, error) {
	return h.changeBacklogItem(r, func(ctx context.Context, u account.User, slug string, id int64) (backlog.Item, error) {
		return h.app.Backlog.Link(ctx, u, slug, id, in.Type, in.ID)
	})
}

func (h *handler) unlinkBacklogItem(r *http.Request, _ noBody) (backlogItemJSON, error) {
	return h.changeBacklogItem(r, h.app.Backlog.Unlink)
}

// changeBacklogItem runs change on the item of the path and answers with
// the item as it now stands.
func (h *handler) changeBacklogItem(r *http.Request, change func(context.Context, account.User, string, int64) (backlog.Item, error)) (backlogItemJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return backlogItemJSON{}, err
	}
	it, err := change(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return backlogItemJSON{}, err
	}
	return newBacklogItem(it), nil
}
