package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/health"
)

// Health checks (issue 5): the list of rounds with the settings and the
// open form, a round's page (answer, results from K answers), the template
// and every card's history as small charts. The Health tab's overview
// page (/c/{slug}/health) is built elsewhere.

type healthChecksView struct {
	page
	Rounds    []health.Round
	Settings  health.Settings
	Schedules []int
	Custom    bool
	Cards     int
	Credit    string
	Errors    map[string]string
	// What the core member typed, kept when a form is refused.
	ClosesOn                      string
	MinAnswers, OpenDays, FirstOn string
	EveryMonths                   int
	DefaultCloses                 string
}

func (s *Server) healthChecks(w http.ResponseWriter, r *http.Request) {
	s.renderHealthChecks(w, r, http.StatusOK, nil, func(*healthChecksView) {})
}

func (s *Server) renderHealthChecks(w http.ResponseWriter, r *http.Request, status int, errors map[string]string, keep func(*healthChecksView)) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u, ctx := UserFrom(r.Context()), r.Context()
	v := &healthChecksView{page: page{Title: "Health checks · " + c.Name, Community: newHeader(c, m, "health")}, Credit: health.Credit,
		Schedules: health.ScheduleChoices(), Errors: errors}
	if v.Rounds, err = s.app.Health.Rounds(ctx, u, c.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Settings, err = s.app.Health.GetSettings(ctx, u, c.Slug); err != nil {
		s.fail(w, r, err)
		return
	}
	cards, custom, err := s.app.Health.Template(ctx, u, c.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Cards, v.Custom = len(cards), custom
	v.MinAnswers, v.OpenDays, v.EveryMonths = strconv.Itoa(v.Settings.MinAnswers), strconv.Itoa(v.Settings.OpenDays), v.Settings.EveryMonths
	if !v.Settings.NextRoundAt.IsZero() {
		v.FirstOn = v.Settings.NextRoundAt.Format(time.DateOnly)
	}
	v.DefaultCloses = s.app.Clock.Now().AddDate(0, 0, 14).Format(time.DateOnly)
	v.ClosesOn = v.DefaultCloses
	keep(v)
	s.render(w, r, status, "health_checks", v)
}

func (s *Server) openHealthRound(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	closes := r.PostForm.Get("closes_on")
	round, err := s.app.Health.OpenRound(r.Context(), UserFrom(r.Context()), r.PathValue("slug"), health.OpenInput{ClosesOn: closes})
	if errs.KindOf(err) == errs.Invalid {
		s.renderHealthChecks(w, r, http.StatusUnprocessableEntity, backlogFieldErrors(err), func(v *healthChecksView) { v.ClosesOn = closes })
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, round.Path(), "The health check is open. Members are told in their inbox.")
}

func (s *Server) saveHealthSettings(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	f := r.PostForm
	in := health.SettingsInput{FirstOn: f.Get("first_on")}
	var ferr errs.Fields
	num := func(field, label string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(field)))
		if err != nil {
			ferr.Add(field, label+" must be a whole number.")
		}
		return n
	}
	in.MinAnswers = num("min_answers", "The minimum number of answers")
	in.EveryMonths = num("every_months", "The schedule")
	in.OpenDays = num("open_days", "The number of days a round stays open")
	err := ferr.Err()
	if err == nil {
		_, err = s.app.Health.SaveSettings(r.Context(), UserFrom(r.Context()), r.PathValue("slug"), in)
	}
	if errs.KindOf(err) == errs.Invalid {
		s.renderHealthChecks(w, r, http.StatusUnprocessableEntity, backlogFieldErrors(err), func(v *healthChecksView) {
			v.MinAnswers, v.OpenDays, v.FirstOn, v.EveryMonths = f.Get("min_answers"), f.Get("open_days"), f.Get("first_on"), in.EveryMonths
		})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, health.ChecksPath(r.PathValue("slug")), "Settings saved.")
}

type healthRoundView struct {
	page
	Res     health.Results
	Ratings []health.Rating
	Trends  []health.Trend
	Errors  map[string]string
	// Given is what the member chose, kept when the form is refused.
	Given  map[string]health.CardAnswer
	Credit string
}

// Choice returns what the member chose for card key, for the form.
func (v *healthRoundView) Choice(key string) health.CardAnswer { return v.Given[key] }

func (s *Server) healthRound(w http.ResponseWriter, r *http.Request) {
	s.renderHealthRound(w, r, http.StatusOK, nil, nil)
}

func (s *Server) renderHealthRound(w http.ResponseWriter, r *http.Request, status int, errors map[string]string, given map[string]health.CardAnswer) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	res, err := s.app.Health.Results(r.Context(), UserFrom(r.Context()), c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &healthRoundView{page: page{Title: "Health check of " + res.Round.OpenedAt.Format("2 Jan 2006") + " · " + c.Name, Community: newHeader(c, m, "health")},
		Res: res, Ratings: health.Ratings(), Trends: health.Trends(), Errors: errors, Given: given, Credit: health.Credit}
	s.render(w, r, status, "health_check", v)
}

func (s *Server) answerHealthRound(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, _, id, ok := s.target(w, r)
	if !ok {
		return
	}
	u := UserFrom(r.Context())
	round, err := s.app.Health.Results(r.Context(), u, c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var answers []health.CardAnswer
	given := map[string]health.CardAnswer{}
	for _, card := range round.Round.Cards {
		a := health.CardAnswer{Key: card.Key, Rating: health.Rating(r.PostForm.Get("rating." + card.Key)),
			Trend: health.Trend(r.PostForm.Get("trend." + card.Key)), Comment: r.PostForm.Get("comment." + card.Key)}
		answers = append(answers, a)
		given[card.Key] = a
	}
	again := round.Round.YouAnswered
	_, err = s.app.Health.Answer(r.Context(), u, c.Slug, id, answers)
	if errs.KindOf(err) == errs.Invalid {
		s.renderHealthRound(w, r, http.StatusUnprocessableEntity, backlogFieldErrors(err), given)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	msg := "Thank you: your answer is in, anonymously."
	if again {
		msg = "Your new answer replaces the previous one."
	}
	s.redirect(w, r, health.RoundPath(c.Slug, id), msg)
}

func (s *Server) closeHealthRound(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, _, id, ok := s.target(w, r)
	if !ok {
		return
	}
	if _, err := s.app.Health.CloseRound(r.Context(), UserFrom(r.Context()), c.Slug, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, health.RoundPath(c.Slug, id), "The round is closed. Its answers can no longer be tied to anyone.")
}

type healthTemplateView struct {
	page
	Cards  []health.Card
	Custom bool
	Errors map[string]string
	Credit string
	Max    int
}

func (s *Server) healthTemplate(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !m.CanModerate() {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the leader and the core group can adapt the health check."))
		return
	}
	cards, custom, err := s.app.Health.Template(r.Context(), UserFrom(r.Context()), c.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "health_check_template", &healthTemplateView{page: page{Title: "Adapt the health check · " + c.Name,
		Community: newHeader(c, m, "health")}, Cards: append(cards, health.Card{}), Custom: custom, Credit: health.Credit, Max: health.MaxCards})
}

// saveHealthTemplate reads cards.N.key/title/red/green and cards.N.remove
// for N from 1; the last, empty row adds a card when filled in.
func (s *Server) saveHealthTemplate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := UserFrom(r.Context())
	if r.PostForm.Get("reset") != "" {
		if err := s.app.Health.ResetTemplate(r.Context(), u, c.Slug); err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, health.ChecksPath(c.Slug)+"/template", "Back to the default cards. Past rounds keep theirs.")
		return
	}
	var rows, keep []health.Card
	for i := 1; i <= health.MaxCards+1; i++ {
		p := fmt.Sprintf("cards.%d.", i)
		if _, ok := r.PostForm[p+"title"]; !ok {
			break
		}
		card := health.Card{Key: r.PostForm.Get(p + "key"), Title: r.PostForm.Get(p + "title"), Red: r.PostForm.Get(p + "red"), Green: r.PostForm.Get(p + "green")}
		rows = append(rows, card)
		if r.PostForm.Get(p+"remove") != "" || (card.Key == "" && strings.TrimSpace(card.Title+card.Red+card.Green) == "") {
			continue
		}
		keep = append(keep, card)
	}
	_, err = s.app.Health.SaveTemplate(r.Context(), u, c.Slug, keep)
	if errs.KindOf(err) == errs.Invalid {
		// Field names count the kept cards; map them back to the rows.
		got := backlogFieldErrors(err)
		mapped := map[string]string{}
		n := 0
		for i, row := range rows {
			if !containsCard(keep, row) {
				continue
			}
			n++
			for _, f := range []string{"title", "red", "green", "key"} {
				if msg, ok := got[fmt.Sprintf("cards.%d.%s", n, f)]; ok {
					mapped[fmt.Sprintf("cards.%d.%s", i+1, f)] = msg
				}
			}
		}
		for k, msg := range got {
			if !strings.HasPrefix(k, "cards.") || k == "cards" {
				mapped["_"] = msg
			}
		}
		if len(rows) == 0 || rows[len(rows)-1] != (health.Card{}) {
			rows = append(rows, health.Card{})
		}
		s.render(w, r, http.StatusUnprocessableEntity, "health_check_template", &healthTemplateView{page: page{Title: "Adapt the health check · " + c.Name,
			Community: newHeader(c, m, "health")}, Cards: rows, Custom: true, Errors: mapped, Credit: health.Credit, Max: health.MaxCards})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, health.ChecksPath(c.Slug)+"/template", "Saved. The next round asks these cards; past rounds keep theirs.")
}

func containsCard(list []health.Card, c health.Card) bool {
	for _, x := range list {
		if x == c {
			return true
		}
	}
	return false
}

// historyChart is a card's history drawn as stacked bars, one per round.
type historyChart struct {
	Key, Title string
	Bars       []historyBar
	Width      int
	Points     []health.HistoryPoint
	Last       *health.HistoryPoint // the latest round with results
}

type historyBar struct {
	X, LabelX                  int
	RedY, RedH, AmberY, AmberH int
	GreenY, GreenH             int
	Shown                      bool
	Label, Title               string
}

// Chart geometry: the plot is 100 units tall (one per percent, as the
// template's axis labels assume), below a margin, with the y axis on the
// left.
const (
	chartTop  = 10
	chartLeft = 40
	chartBar  = 28
	chartGap  = 16
)

func newHistoryChart(h health.CardHistory) historyChart {
	ch := historyChart{Key: h.Key, Title: h.Title, Points: h.Points}
	for i, p := range h.Points {
		x := chartLeft + chartGap/2 + i*(chartBar+chartGap)
		b := historyBar{X: x, LabelX: x + chartBar/2, Shown: p.Shown, Label: p.OpenedAt.Format("Jan 06")}
		if p.Shown {
			res := p.Result
			b.GreenH, b.AmberH, b.RedH = res.GreenPct, res.AmberPct, res.RedPct
			b.GreenY = chartTop
			b.AmberY = b.GreenY + b.GreenH
			b.RedY = b.AmberY + b.AmberH
			b.Title = fmt.Sprintf("%s: green %d%%, amber %d%%, red %d%% of %d answers", b.Label, res.GreenPct, res.AmberPct, res.RedPct, res.Answers)
			pp := p
			ch.Last = &pp
		} else {
			b.Title = fmt.Sprintf("%s: %d answered, fewer than needed; not shown", b.Label, p.Answered)
		}
		ch.Bars = append(ch.Bars, b)
	}
	ch.Width = chartLeft + len(h.Points)*(chartBar+chartGap) + 8
	if ch.Width < 160 {
		ch.Width = 160
	}
	return ch
}

type healthHistoryView struct {
	page
	Charts []historyChart
	Credit string
}

func (s *Server) healthHistory(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hist, err := s.app.Health.History(r.Context(), UserFrom(r.Context()), c.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := &healthHistoryView{page: page{Title: "Health over time · " + c.Name, Community: newHeader(c, m, "health")}, Credit: health.Credit}
	for _, h := range hist {
		if len(h.Points) > 0 {
			v.Charts = append(v.Charts, newHistoryChart(h))
		}
	}
	s.render(w, r, http.StatusOK, "health_check_history", v)
}
