package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/knowledge"
	"cultivate/internal/web"
)

// listArtefacts is a community's knowledge, newest first.
func (h *handler) listArtefacts(r *http.Request, _ noBody) (page[artefactItemJSON], error) {
	cursor, limit, err := pageQuery(r, "artefacts")
	if err != nil {
		return page[artefactItemJSON]{}, err
	}
	tag, err := textQuery(r, "tag", 32)
	if err != nil {
		return page[artefactItemJSON]{}, err
	}
	q := r.URL.Query()
	p, err := h.app.Knowledge.List(r.Context(), web.UserFrom(r.Context()), knowledge.Filter{CommunitySlug: r.PathValue("slug"),
		Kind: knowledge.Kind(q.Get("kind")), Tag: tag, Status: knowledge.PracticeStatus(q.Get("status")), Cursor: cursor, Limit: limit})
	if err != nil {
		return page[artefactItemJSON]{}, err
	}
	items := make([]artefactItemJSON, len(p.Items))
	for i, it := range p.Items {
		items[i] = newArtefactItem(it)
	}
	return newPage(items, "artefacts", p.NextCursor), nil
}

// createArtefact adds to the community's knowledge, written by the caller.
func (h *handler) createArtefact(r *http.Request, in artefactBody) (artefactJSON, error) {
	tags, err := joinTags("tags", in.Tags)
	if err != nil {
		return artefactJSON{}, err
	}
	na := knowledge.NewArtefact{Kind: knowledge.Kind(in.Kind), Title: in.Title, Body: in.Body, Tags: tags,
		Anonymous: in.Anonymous, PracticeStatus: knowledge.PracticeStatus(in.PracticeStatus)}
	for _, s := range in.Sources {
		na.Sources = append(na.Sources, knowledge.Source{Type: knowledge.SourceType(s.Type), ID: s.ID})
	}
	a, err := h.app.Knowledge.Create(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), na)
	if err != nil {
		return artefactJSON{}, err
	}
	return newArtefact(a), nil
}

func (h *handler) getArtefact(r *http.Request, _ noBody) (artefactJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return artefactJSON{}, err
	}
	a, err := h.app.Knowledge.Get(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return artefactJSON{}, err
	}
	return newArtefact(a), nil
}

// editArtefact changes the fields the body holds and keeps the others,
// provided nobody saved a newer revision than base_revision meanwhile.
func (h *handler) editArtefact(r *http.Request, in artefactUpdate) (artefactJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return artefactJSON{}, err
	}
	if in.BaseRevision < 1 {
		return artefactJSON{}, errs.Field("base_revision", "Send the revision you edited as base_revision (the artefact's revision when you read it), so a newer version is never overwritten.")
	}
	u, slug := web.UserFrom(r.Context()), r.PathValue("slug")
	cur, err := h.app.Knowledge.Get(r.Context(), u, slug, id)
	if err != nil {
		return artefactJSON{}, err
	}
	title, body, tags := cur.Title, cur.Body, strings.Join(cur.Tags, " ")
	keep(&title, in.Title)
	keep(&body, in.Body)
	if in.Tags != nil {
		if tags, err = joinTags("tags", *in.Tags); err != nil {
			return artefactJSON{}, err
		}
	}
	a, err := h.app.Knowledge.EditFrom(r.Context(), u, slug, id, in.BaseRevision, title, body, tags)
	if err != nil {
		return artefactJSON{}, err
	}
	return newArtefact(a), nil
}

func (h *handler) deleteArtefact(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Knowledge.Delete(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
}

func (h *handler) restoreArtefact(r *http.Request, _ noBody) (artefactJSON, error) {
	return h.changeArtefact(r, h.app.Knowledge.Restore)
}

// adopt is "I use this" on a practice.
func (h *handler) adopt(r *http.Request, _ noBody) (artefactJSON, error) {
	return h.changeArtefact(r, h.app.Knowledge.Adopt)
}

func (h *handler) unadopt(r *http.Request, _ noBody) (noContent, error) {
	_, err := h.changeArtefact(r, h.app.Knowledge.Unadopt)
	return noContent{}, err
}

func (h *handler) setPracticeStatus(r *http.Request, in statusBody) (artefactJSON, error) {
	return h.changeArtefact(r, func(ctx context.Context, u account.User, slug string, id int64) (knowledge.Artefact, error) {
		return h.app.Knowledge.SetPracticeStatus(ctx, u, slug, id, knowledge.PracticeStatus(in.Status))
	})
}

// changeArtefact runs change on the artefact of the path and answers with
// the artefact as it now stands.
func (h *handler) changeArtefact(r *http.Request, change func(context.Context, account.User, string, int64) (knowledge.Artefact, error)) (artefactJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return artefactJSON{}, err
	}
	a, err := change(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return artefactJSON{}, err
	}
	return newArtefact(a), nil
}

// artefactRevisions is every version of an artefact, oldest first.
func (h *handler) artefactRevisions(r *http.Request, _ noBody) (listOf[versionJSON], error) {
	id, err := pathID(r, "id")
	if err != nil {
		return listOf[versionJSON]{}, err
	}
	versions, err := h.app.Knowledge.Revisions(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return listOf[versionJSON]{}, err
	}
	out := make([]versionJSON, len(versions))
	for i, v := range versions {
		out[i] = newVersion(v)
	}
	return newList(out), nil
}

// compareArtefact is what changed between two revisions.
func (h *handler) compareArtefact(r *http.Request, _ noBody) (comparisonJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return comparisonJSON{}, err
	}
	from, err := revisionQuery(r, "from")
	if err != nil {
		return comparisonJSON{}, err
	}
	to, err := revisionQuery(r, "to")
	if err != nil {
		return comparisonJSON{}, err
	}
	c, err := h.app.Knowledge.Compare(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, from, to)
	if err != nil {
		return comparisonJSON{}, err
	}
	return newComparison(c), nil
}

// revisionQuery reads a required revision number.
func revisionQuery(r *http.Request, name string) (int, error) {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || n < 1 {
		return 0, badRequest(name, "Give %s as a revision number: 1 or more.", name)
	}
	return n, nil
}

// adopters is who uses a practice, earliest first.
func (h *handler) adopters(r *http.Request, _ noBody) (listOf[adopterJSON], error) {
	id, err := pathID(r, "id")
	if err != nil {
		return listOf[adopterJSON]{}, err
	}
	list, err := h.app.Knowledge.Adopters(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return listOf[adopterJSON]{}, err
	}
	out := make([]adopterJSON, len(list))
	for i, a := range list {
		out[i] = adopterJSON{UserID: a.UserID, Name: a.Name, Since: a.Since.UTC()}
	}
	return newList(out), nil
}

// draftArtefact turns a solved thread into a pre-filled FAQ, unsaved.
func (h *handler) draftArtefact(r *http.Request, _ noBody) (artefactDraftJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return artefactDraftJSON{}, err
	}
	d, err := h.app.Knowledge.DraftFromRequest(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return artefactDraftJSON{}, err
	}
	return newDraft(d, splitTags(d.Tags)), nil
}

// knowledgeKinds describes the kinds of knowledge and a practice's
// statuses, so a client can offer them as the pages do.
func (h *handler) knowledgeKinds(_ *http.Request, _ noBody) (knowledgeKindsJSON, error) {
	var out knowledgeKindsJSON
	for _, k := range knowledge.Kinds() {
		out.Kinds = append(out.Kinds, kindJSON{Kind: string(k.Kind), Label: k.Label, Plural: k.Plural, About: k.About,
			Credit: k.Credit, MayBeAnonymous: k.MayBeAnonymous, HasStatus: k.HasStatus})
	}
	for _, s := range knowledge.PracticeStatuses() {
		out.PracticeStatuses = append(out.PracticeStatuses, practiceStatusJSON{Status: string(s.Status), Label: s.Label, About: s.About})
	}
	return out, nil
}

// splitTags reads the areas' one-string form of tags (comma- or
// space-separated) back into a list.
func splitTags(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
}
