package api

import (
	"net/http"

	"cultivate/internal/web"
)

// Outgoing webhooks of a community: the leader and the core group manage
// them; everyone else is refused by the webhook area.

func (h *handler) listWebhooks(r *http.Request, _ noBody) (listOf[webhookJSON], error) {
	list, err := h.app.Webhooks.List(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return listOf[webhookJSON]{}, err
	}
	out := make([]webhookJSON, len(list))
	for i, w := range list {
		out[i] = newWebhook(w)
	}
	return newList(out), nil
}

// createWebhook answers with the signing secret, the only time it is shown.
func (h *handler) createWebhook(r *http.Request, in webhookBody) (createdWebhookJSON, error) {
	w, secret, err := h.app.Webhooks.Create(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), in.input())
	if err != nil {
		return createdWebhookJSON{}, err
	}
	return createdWebhookJSON{webhookJSON: newWebhook(w), Secret: secret}, nil
}

func (h *handler) getWebhook(r *http.Request, _ noBody) (webhookJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return webhookJSON{}, err
	}
	w, err := h.app.Webhooks.Get(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return webhookJSON{}, err
	}
	return newWebhook(w), nil
}

func (h *handler) replaceWebhook(r *http.Request, in webhookBody) (webhookJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return webhookJSON{}, err
	}
	w, err := h.app.Webhooks.Update(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, in.input())
	if err != nil {
		return webhookJSON{}, err
	}
	return newWebhook(w), nil
}

func (h *handler) deleteWebhook(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Webhooks.Delete(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
}

func (h *handler) rotateWebhookSecret(r *http.Request, _ noBody) (webhookSecretJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return webhookSecretJSON{}, err
	}
	secret, err := h.app.Webhooks.RotateSecret(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return webhookSecretJSON{}, err
	}
	return webhookSecretJSON{Secret: secret}, nil
}

// pingWebhook queues a test delivery; its result shows in the delivery log.
func (h *handler) pingWebhook(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Webhooks.Ping(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
}

func (h *handler) listDeliveries(r *http.Request, _ noBody) (page[deliveryJSON], error) {
	id, err := pathID(r, "id")
	if err != nil {
		return page[deliveryJSON]{}, err
	}
	before, limit, err := idPageQuery(r, "deliveries")
	if err != nil {
		return page[deliveryJSON]{}, err
	}
	list, next, err := h.app.Webhooks.Deliveries(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, before, limit)
	if err != nil {
		return page[deliveryJSON]{}, err
	}
	items := make([]deliveryJSON, len(list))
	for i, d := range list {
		items[i] = newDelivery(d)
	}
	return newIDPage(items, "deliveries", next), nil
}
