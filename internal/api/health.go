package api

import (
	"net/http"

	"cultivate/internal/health"
	"cultivate/internal/web"
)

// Health checks and retrospectives (issue 5): the same rules as the
// pages, from internal/health.

func (h *handler) getHealthTemplate(r *http.Request, _ noBody) (healthTemplateJSON, error) {
	cards, custom, err := h.app.Health.Template(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return healthTemplateJSON{}, err
	}
	return healthTemplateJSON{Cards: newHealthCards(cards), Custom: custom, Credit: health.Credit}, nil
}

func (h *handler) putHealthTemplate(r *http.Request, in healthTemplateBody) (healthTemplateJSON, error) {
	cards := make([]health.Card, len(in.Cards))
	for i, c := range in.Cards {
		cards[i] = health.Card(c)
	}
	saved, err := h.app.Health.SaveTemplate(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), cards)
	if err != nil {
		return healthTemplateJSON{}, err
	}
	return healthTemplateJSON{Cards: newHealthCards(saved), Custom: true, Credit: health.Credit}, nil
}

func (h *handler) getHealthSettings(r *http.Request, _ noBody) (healthSettingsJSON, error) {
	s, err := h.app.Health.GetSettings(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	return newHealthSettings(s), err
}

func (h *handler) putHealthSettings(r *http.Request, in healthSettingsBody) (healthSettingsJSON, error) {
	if in.OpenDays == 0 {
		in.OpenDays = 14
	}
	s, err := h.app.Health.SaveSettings(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"),
		health.SettingsInput{MinAnswers: in.MinAnswers, EveryMonths: in.EveryMonths, OpenDays: in.OpenDays, FirstOn: in.FirstOn})
	return newHealthSettings(s), err
}

func (h *handler) listHealthRounds(r *http.Request, _ noBody) (healthRoundsJSON, error) {
	rounds, err := h.app.Health.Rounds(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return healthRoundsJSON{}, err
	}
	out := healthRoundsJSON{Items: make([]healthRoundJSON, len(rounds))}
	for i, rd := range rounds {
		out.Items[i] = newHealthRound(rd, nil, false)
	}
	return out, nil
}

func (h *handler) openHealthRound(r *http.Request, in healthOpenBody) (healthRoundJSON, error) {
	rd, err := h.app.Health.OpenRound(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), health.OpenInput{ClosesOn: in.ClosesOn})
	if err != nil {
		return healthRoundJSON{}, err
	}
	return newHealthRound(rd, nil, true), nil
}

// getHealthRound answers with the round and, from K answers, its results.
func (h *handler) getHealthRound(r *http.Request, _ noBody) (healthRoundJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return healthRoundJSON{}, err
	}
	res, err := h.app.Health.Results(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return healthRoundJSON{}, err
	}
	return newHealthRound(res.Round, res.Cards, true), nil
}

func (h *handler) answerHealthRound(r *http.Request, in healthAnswerBody) (healthRoundJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return healthRoundJSON{}, err
	}
	answers := make([]health.CardAnswer, len(in.Cards))
	for i, a := range in.Cards {
		answers[i] = health.CardAnswer{Key: a.Key, Rating: health.Rating(a.Rating), Trend: health.Trend(a.Trend), Comment: a.Comment}
	}
	u, slug := web.UserFrom(r.Context()), r.PathValue("slug")
	if _, err := h.app.Health.Answer(r.Context(), u, slug, id, answers); err != nil {
		return healthRoundJSON{}, err
	}
	res, err := h.app.Health.Results(r.Context(), u, slug, id)
	return newHealthRound(res.Round, res.Cards, true), err
}

func (h *handler) closeHealthRound(r *http.Request, _ noBody) (healthRoundJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return healthRoundJSON{}, err
	}
	u, slug := web.UserFrom(r.Context()), r.PathValue("slug")
	if _, err := h.app.Health.CloseRound(r.Context(), u, slug, id); err != nil {
		return healthRoundJSON{}, err
	}
	res, err := h.app.Health.Results(r.Context(), u, slug, id)
	return newHealthRound(res.Round, res.Cards, true), err
}

func (h *handler) listRetros(r *http.Request, _ noBody) (retrosJSON, error) {
	list, err := h.app.Health.Retros(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"))
	if err != nil {
		return retrosJSON{}, err
	}
	out := retrosJSON{Items: make([]retroJSON, len(list))}
	for i, rt := range list {
		out.Items[i] = newRetro(rt)
	}
	return out, nil
}

func (h *handler) createRetro(r *http.Request, in retroBody) (retroJSON, error) {
	rt, err := h.app.Health.CreateRetro(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), health.NewRetro{Title: in.Title, RoundID: in.RoundID})
	return newRetro(rt), err
}

func (h *handler) getRetro(r *http.Request, _ noBody) (retroJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return retroJSON{}, err
	}
	rt, err := h.app.Health.Retro(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	return newRetro(rt), err
}

func (h *handler) closeRetro(r *http.Request, _ noBody) (retroJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return retroJSON{}, err
	}
	rt, err := h.app.Health.CloseRetro(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	return newRetro(rt), err
}

func (h *handler) addRetroCard(r *http.Request, in retroCardBody) (retroCardJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return retroCardJSON{}, err
	}
	k, err := h.app.Health.AddCard(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id,
		health.NewCard{Column: health.Column(in.Column), Body: in.Body, Anonymous: in.Anonymous})
	return newRetroCard(k), err
}

func (h *handler) voteRetroCard(r *http.Request, _ noBody) (retroCardJSON, error) {
	return h.setRetroVote(r, true)
}

func (h *handler) unvoteRetroCard(r *http.Request, _ noBody) (retroCardJSON, error) {
	return h.setRetroVote(r, false)
}

func (h *handler) setRetroVote(r *http.Request, on bool) (retroCardJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return retroCardJSON{}, err
	}
	card, err := pathID(r, "card")
	if err != nil {
		return retroCardJSON{}, err
	}
	k, err := h.app.Health.VoteCard(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, card, on)
	return newRetroCard(k), err
}

func (h *handler) addRetroAction(r *http.Request, in retroActionBody) (retroActionJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return retroActionJSON{}, err
	}
	a, err := h.app.Health.AddAction(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id,
		health.NewAction{Title: in.Title, OwnerID: in.OwnerID, Due: in.Due})
	return newRetroAction(a), err
}

func (h *handler) setRetroActionStatus(r *http.Request, in retroStatusBody) (retroActionJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return retroActionJSON{}, err
	}
	action, err := pathID(r, "action")
	if err != nil {
		return retroActionJSON{}, err
	}
	a, err := h.app.Health.SetActionStatus(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, action, health.ActionStatus(in.Status))
	return newRetroAction(a), err
}
