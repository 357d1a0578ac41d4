package api

import (
	"net/http"

	"cultivate/internal/canvas"
	"cultivate/internal/errs"
	"cultivate/internal/web"
)

// The vision canvas (issue 5).

func (h *handler) getCanvas(r *http.Request, _ noBody) (canvasJSON, error) {
	cv, err := h.app.Canvas.Get(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return canvasJSON{}, err
	}
	return newCanvas(cv), nil
}

func (h *handler) canvasRevisions(r *http.Request, _ noBody) (listOf[canvasSectionJSON], error) {
	vs, err := h.app.Canvas.Revisions(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), r.PathValue("section"))
	if err != nil {
		return listOf[canvasSectionJSON]{}, err
	}
	out := []canvasSectionJSON{}
	for _, v := range vs {
		out = append(out, newCanvasSection(v))
	}
	return newList(out), nil
}

func (h *handler) saveCanvasSection(r *http.Request, in canvasSectionUpdate) (canvasSectionJSON, error) {
	key := r.PathValue("section")
	sec, ok := canvas.SectionByKey(key)
	if !ok {
		return canvasSectionJSON{}, errs.E(errs.NotFound, "The canvas has no section %q.", key)
	}
	var input canvas.Input
	if sec.Kind == canvas.ForceField {
		if in.Text != nil {
			return canvasSectionJSON{}, errs.Field("text", "The force field takes forces, not text: send forces.")
		}
		for _, f := range in.Forces {
			input.Forces = append(input.Forces, canvas.Force{Direction: canvas.Direction(f.Direction), Strength: f.Strength, Text: f.Text})
		}
	} else {
		if in.Forces != nil {
			return canvasSectionJSON{}, errs.Field("forces", "Only the force field takes forces; send text.")
		}
		if in.Text != nil {
			input.Text = *in.Text
		}
	}
	v, err := h.app.Canvas.Save(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), key, in.BaseRevision, input)
	if err != nil {
		return canvasSectionJSON{}, err
	}
	return newCanvasSection(v), nil
}

// saveCanvasBinding is call(h.saveCanvasSection), except that a conflict
// answers 409 with both versions, so a client loses nothing and can merge.
func (h *handler) saveCanvasBinding() binding {
	b := call(h.saveCanvasSection)
	b.serve = func(h *handler, w http.ResponseWriter, r *http.Request, status int) {
		var in canvasSectionUpdate
		if err := decodeBody(w, r, &in); err != nil {
			h.fail(w, r, err)
			return
		}
		out, err := h.saveCanvasSection(r, in)
		if errs.Is(err, errs.Conflict) {
			cv, gerr := h.app.Canvas.Get(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
			if gerr != nil {
				h.fail(w, r, gerr)
				return
			}
			kind, field, msg := errs.Public(err)
			h.writeJSON(w, r, http.StatusConflict, canvasConflictJSON{Error: errorDetail{Code: kind.String(), Message: msg, Field: field},
				Current: newCanvasSection(cv.Section(r.PathValue("section"))), Yours: in})
			return
		}
		if err != nil {
			h.fail(w, r, err)
			return
		}
		h.writeJSON(w, r, status, out)
	}
	return b
}
