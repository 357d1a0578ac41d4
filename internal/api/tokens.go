package api

import (
	"net/http"

	"cultivate/internal/web"
)

func (h *handler) listTokens(r *http.Request, _ noBody) (page[tokenJSON], error) {
	before, limit, err := idPageQuery(r, "tokens")
	if err != nil {
		return page[tokenJSON]{}, err
	}
	list, next, err := h.app.Accounts.TokensPage(r.Context(), web.UserFrom(r.Context()).ID, before, limit)
	if err != nil {
		return page[tokenJSON]{}, err
	}
	items := make([]tokenJSON, len(list))
	for i, t := range list {
		items[i] = newToken(t)
	}
	return newIDPage(items, "tokens", next), nil
}

// createToken answers with the secret, the only time it is ever shown.
func (h *handler) createToken(r *http.Request, in tokenRequest) (createdTokenJSON, error) {
	t, err := h.app.Accounts.CreateToken(r.Context(), web.UserFrom(r.Context()).ID, in.Name)
	if err != nil {
		return createdTokenJSON{}, err
	}
	return createdTokenJSON{tokenJSON: newToken(t), Secret: t.Secret}, nil
}

func (h *handler) revokeToken(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Accounts.RevokeToken(r.Context(), web.UserFrom(r.Context()).ID, id)
}
