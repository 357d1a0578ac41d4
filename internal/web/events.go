package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/community"
	"cultivate/internal/errs"
	"cultivate/internal/events"
	"cultivate/internal/ical"
	"cultivate/internal/knowledge"
)

// The Events tab, the event page and its forms, and the calendar feeds.
// Element ids the browser journey drives: #rsvp-going, #rsvp-maybe,
// #rsvp-not-going, #add-to-calendar, #attendance-form, #feedback-form,
// #write-minutes, #event-form, #occurrence-form, #cancel-occurrence,
// #cancel-event.

type eventsListView struct {
	page
	Upcoming  []events.Occurrence
	Past      []events.Occurrence
	Formats   []events.FormatInfo
	Format    string
	Info      events.FormatInfo
	CanCreate bool
	FeedURL   string // the community's calendar (with the viewer's key for a private one)
	MyFeedURL string // the viewer's own calendar, when signed in
}

func (s *Server) eventsList(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := UserFrom(r.Context())
	v := &eventsListView{page: page{Title: "Events · " + c.Name, Community: newHeader(c, m, "events")}, Formats: events.Formats(),
		Format: r.URL.Query().Get("format"), CanCreate: m.CanModerate()}
	if v.Format != "" {
		v.Info, _ = events.Format(v.Format).Info()
	}
	// Two dates per series at most: a weekly event should not hide the rest.
	f := events.Filter{Format: events.Format(v.Format), PerSeries: 2}
	if v.Upcoming, err = s.app.Events.List(r.Context(), u, c.Slug, f); err != nil {
		s.fail(w, r, err)
		return
	}
	f.Past, f.Limit = true, 12
	if v.Past, err = s.app.Events.List(r.Context(), u, c.Slug, f); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.FeedURL, v.MyFeedURL, err = s.feedURLs(r, c, u); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "events", v)
}

// feedURLs are the community's calendar address and the viewer's own.
// A private community's address carries the member's secret key, since
// calendar apps cannot log in.
func (s *Server) feedURLs(r *http.Request, c community.Community, u account.User) (string, string, error) {
	site := s.siteURL(r) // feeds.go: a calendar app needs a full address
	feed := site + "/c/" + c.Slug + "/events.ics"
	if u.ID == 0 {
		return feed, "", nil
	}
	tok, err := s.app.Events.CalendarToken(r.Context(), u.ID)
	if err != nil {
		return "", "", err
	}
	if c.Visibility == community.Private {
		feed += "?key=" + url.QueryEscape(tok)
	}
	return feed, site + "/calendar/" + tok + ".ics", nil
}

type eventFormView struct {
	page
	Form     events.Input
	Capacity string
	Formats  []events.FormatInfo
	Members  []community.Person
	Zones    []string
	Errors   map[string]string
	Editing  bool
	ID       int64
}

// HostChosen reports whether id is among the form's hosts.
func (v *eventFormView) HostChosen(id int64) bool {
	for _, h := range v.Form.Hosts {
		if h == id {
			return true
		}
	}
	return false
}

// SharedText is the shared communities as the form shows them.
func (v *eventFormView) SharedText() string { return strings.Join(v.Form.Shared, ", ") }

// commonZones are offered as suggestions; any IANA name works.
var commonZones = []string{"UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago",
	"America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney"}

func (s *Server) eventForm(r *http.Request, c community.Community, m community.Membership, title string) (*eventFormView, error) {
	v := &eventFormView{page: page{Title: title + " · " + c.Name, Community: newHeader(c, m, "events")}, Formats: events.Formats(), Zones: commonZones}
	members, _, err := s.app.Communities.Members(r.Context(), UserFrom(r.Context()), c.Slug, community.MemberFilter{Limit: 100})
	if err != nil {
		return nil, err
	}
	v.Members = members
	return v, nil
}

func (s *Server) newEventForm(w http.ResponseWriter, r *http.Request) {
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !m.CanModerate() {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the leader and the core group can schedule events."))
		return
	}
	v, err := s.eventForm(r, c, m, "Schedule an event")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := UserFrom(r.Context())
	tz := u.TimeZone
	if _, err := time.LoadLocation(tz); tz == "" || err != nil {
		tz = "UTC"
	}
	loc, _ := time.LoadLocation(tz)
	next := s.app.Clock.Now().In(loc).AddDate(0, 0, 7)
	start := time.Date(next.Year(), next.Month(), next.Day(), 12, 0, 0, 0, loc)
	format := events.Format(r.URL.Query().Get("format"))
	if _, ok := format.Info(); !ok {
		format = events.BrownBag
	}
	v.Form = events.Input{Format: format, TimeZone: tz, Start: start.Format(events.LocalLayout), End: start.Add(time.Hour).Format(events.LocalLayout),
		Hosts: []int64{u.ID}, Recurrence: events.Recurrence{Interval: 1}}
	v.Capacity = "0"
	s.render(w, r, http.StatusOK, "event_form", v)
}

// eventFromForm reads the event form; a capacity or number that is not a
// number is reported under its field.
func eventFromForm(r *http.Request) (events.Input, string, errs.Fields) {
	p := r.PostForm
	var f errs.Fields
	in := events.Input{Title: p.Get("title"), Format: events.Format(p.Get("format")), Description: p.Get("description"), Start: p.Get("start"),
		End: p.Get("end"), TimeZone: p.Get("time_zone"), Place: p.Get("place"), Link: p.Get("link")}
	for _, h := range p["hosts"] {
		if id, err := strconv.ParseInt(h, 10, 64); err == nil {
			in.Hosts = append(in.Hosts, id)
		}
	}
	for _, sl := range strings.FieldsFunc(p.Get("shared"), func(r rune) bool { return r == ',' || r == ' ' }) {
		in.Shared = append(in.Shared, strings.TrimPrefix(sl, "/c/"))
	}
	num := func(field, label string) int {
		raw := strings.TrimSpace(p.Get(field))
		if raw == "" {
			return 0
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			f.Add(field, label+" must be a whole number.")
		}
		return n
	}
	capacity := p.Get("capacity")
	in.Capacity = num("capacity", "Capacity")
	in.Recurrence = events.Recurrence{Freq: events.Freq(p.Get("recur_freq")), Interval: num("recur_interval", "The interval"),
		Week: num("recur_week", "The week"), Until: strings.TrimSpace(p.Get("recur_until")), Count: num("recur_count", "The number of times")}
	if in.Recurrence.Freq == events.Once {
		in.Recurrence = events.Recurrence{Interval: in.Recurrence.Interval}
	}
	return in, capacity, f
}

func (s *Server) createEvent(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, err := s.loadCommunity(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	in, capacity, f := eventFromForm(r)
	var e events.Event
	if err = f.Err(); err == nil {
		e, err = s.app.Events.Create(r.Context(), UserFrom(r.Context()), c.Slug, in)
	}
	if err != nil {
		v, verr := s.eventForm(r, c, m, "Schedule an event")
		if verr != nil {
			s.fail(w, r, verr)
			return
		}
		v.Form, v.Capacity = in, capacity
		s.formError(w, r, err, "event_form", v, &v.Errors)
		return
	}
	s.redirect(w, r, e.Path(), "“"+e.Title+"” is scheduled. Members can now answer, and it is in the community's calendar.")
}

func (s *Server) editEventForm(w http.ResponseWriter, r *http.Request) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	e, err := s.app.Events.Get(r.Context(), UserFrom(r.Context()), c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !e.Can.Edit {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the hosts, the leader and the core group can change this event."))
		return
	}
	v, err := s.eventForm(r, c, m, "Edit "+e.Title)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Form, v.Capacity, v.Editing, v.ID = events.InputOf(e), strconv.Itoa(e.Capacity), true, e.ID
	s.render(w, r, http.StatusOK, "event_form", v)
}

func (s *Server) editEvent(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	in, capacity, f := eventFromForm(r)
	var e events.Event
	err := f.Err()
	if err == nil {
		e, err = s.app.Events.Update(r.Context(), UserFrom(r.Context()), c.Slug, id, in)
	}
	if err != nil {
		v, verr := s.eventForm(r, c, m, "Edit event")
		if verr != nil {
			s.fail(w, r, verr)
			return
		}
		v.Form, v.Capacity, v.Editing, v.ID = in, capacity, true, id
		s.formError(w, r, err, "event_form", v, &v.Errors)
		return
	}
	s.redirect(w, r, e.Path(), "Saved. Everyone who answered a coming date is told when the time or place changed.")
}

func (s *Server) cancelEvent(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, _, id, ok := s.target(w, r)
	if !ok {
		return
	}
	if err := s.app.Events.Cancel(r.Context(), UserFrom(r.Context()), c.Slug, id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, events.Path(c.Slug, id), "The event is cancelled. Everyone who had answered has been told.")
}

type eventView struct {
	page
	E            events.Event
	O            events.Occurrence
	Info         events.FormatInfo
	Dates        []events.Occurrence // the series' coming dates
	Answers      []events.Answerer
	Others       []community.Person // members who did not answer, for the attendance form
	Going        []events.Answerer
	Feedback     *events.FeedbackSummary
	MayFeedback  bool
	MyFeedback   events.Feedback
	HasFeedback  bool
	Minutes      []knowledge.Item
	MinutesURL   string
	Base         string // this occurrence's page, under the community the viewer came through
	Started      bool
	Ended        bool
	Errors       map[string]string
	FeedbackForm struct {
		Rating  string
		Comment string
	}
}

func (s *Server) eventPage(w http.ResponseWriter, r *http.Request) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return
	}
	e, o, err := s.app.Events.Next(r.Context(), UserFrom(r.Context()), c.Slug, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showOccurrence(w, r, c, m, e, o, http.StatusOK, nil)
}

// occurrenceTarget reads {id} and {occ} of the path.
func (s *Server) occurrenceTarget(w http.ResponseWriter, r *http.Request) (community.Community, community.Membership, int64, time.Time, bool) {
	c, m, id, ok := s.target(w, r)
	if !ok {
		return c, m, 0, time.Time{}, false
	}
	orig, err := events.ParseKey(r.PathValue("occ"))
	if err != nil {
		s.fail(w, r, err)
		return c, m, 0, time.Time{}, false
	}
	return c, m, id, orig, true
}

func (s *Server) occurrencePage(w http.ResponseWriter, r *http.Request) {
	c, m, id, orig, ok := s.occurrenceTarget(w, r)
	if !ok {
		return
	}
	e, o, err := s.app.Events.Occurrence(r.Context(), UserFrom(r.Context()), c.Slug, id, orig)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showOccurrence(w, r, c, m, e, o, http.StatusOK, nil)
}

// showOccurrence renders the event page for occurrence o; errs and the
// feedback form's input come back on a refused feedback.
func (s *Server) showOccurrence(w http.ResponseWriter, r *http.Request, c community.Community, m community.Membership, e events.Event, o events.Occurrence, status int, prep func(v *eventView)) {
	ctx := r.Context()
	u := UserFrom(ctx)
	now := s.app.Clock.Now()
	v := &eventView{page: page{Title: e.Title + " · " + c.Name, Description: e.FormatLabel() + " · " + c.Name, Community: newHeader(c, m, "events")},
		E: e, O: o, Started: !o.Start.After(now), Ended: !o.End.After(now)}
	v.Info, _ = e.Format.Info()
	v.Base = events.Path(c.Slug, e.ID) + "/" + o.Key()
	var err error
	if e.Recurrence.Repeats() {
		all, err := s.app.Events.Occurrences(ctx, u, c.Slug, e.ID, now, now.Add(events.Horizon))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, d := range all {
			if len(v.Dates) == 8 {
				break
			}
			d.Community = events.CommunityRef{Slug: c.Slug}
			v.Dates = append(v.Dates, d)
		}
	}
	if v.Answers, err = s.app.Events.Answers(ctx, u, c.Slug, e.ID, o.Original); err != nil {
		s.fail(w, r, err)
		return
	}
	for _, a := range v.Answers {
		if a.Answer == events.Going {
			v.Going = append(v.Going, a)
		}
	}
	if e.Can.Attendance && v.Started && !o.Cancelled {
		members, _, err := s.app.Communities.Members(ctx, u, c.Slug, community.MemberFilter{Limit: 100})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		answered := map[int64]bool{}
		for _, a := range v.Answers {
			answered[a.ID] = true
		}
		for _, p := range members {
			if !answered[p.UserID] {
				v.Others = append(v.Others, p)
			}
		}
	}
	if e.Can.SeeFeedback && v.Ended {
		sum, err := s.app.Events.FeedbackFor(ctx, u, c.Slug, e.ID, o.Original)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Feedback = &sum
	}
	if v.MayFeedback, err = s.app.Events.MayGiveFeedback(ctx, u, o); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.MayFeedback {
		if v.MyFeedback, v.HasFeedback, err = s.app.Events.MyFeedback(ctx, u, e.ID, o.Original); err != nil {
			s.fail(w, r, err)
			return
		}
		if v.HasFeedback {
			v.FeedbackForm.Rating, v.FeedbackForm.Comment = strconv.Itoa(v.MyFeedback.Rating), v.MyFeedback.Comment
		}
	}
	if v.Minutes, err = s.app.Knowledge.LinkedFrom(ctx, u, e.Community.Slug, knowledge.Source{Type: knowledge.SourceEvent, ID: e.ID}); err != nil && !errs.Is(err, errs.NotFound) {
		s.fail(w, r, err)
		return
	}
	q := url.Values{"kind": {string(knowledge.Minutes)}, "from": {"event:" + strconv.FormatInt(e.ID, 10)},
		"title": {"Minutes: " + e.Title + ", " + o.Local().Format("2 Jan 2006")}}
	v.MinutesURL = "/c/" + e.Community.Slug + "/knowledge/new?" + q.Encode()
	if prep != nil {
		prep(v)
	}
	s.render(w, r, status, "event", v)
}

// occurrenceAction handles the buttons of an occurrence: rsvp,
// attendance, feedback and cancel.
func (s *Server) occurrenceAction(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, id, orig, ok := s.occurrenceTarget(w, r)
	if !ok {
		return
	}
	ctx, u := r.Context(), UserFrom(r.Context())
	back := events.Path(c.Slug, id) + "/" + events.Key(orig)
	switch r.PathValue("action") {
	case "rsvp":
		o, err := s.app.Events.RSVP(ctx, u, c.Slug, id, orig, events.Answer(r.PostForm.Get("answer")))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		msg := "Thanks, you answered: " + strings.ToLower(o.MyAnswer.Label()) + "."
		if o.MyAnswer == events.Waitlist {
			msg = "It is full, so you are on the waitlist (number " + strconv.Itoa(o.WaitlistPlace) + "). You will be told if a seat frees up."
		}
		if r.PostForm.Get("from") == "home" { // the one-click answer on the home page
			back = "/#next-events"
		}
		s.redirect(w, r, back, msg)
	case "attendance":
		var people []int64
		for _, raw := range r.PostForm["attended"] {
			if id, err := strconv.ParseInt(raw, 10, 64); err == nil {
				people = append(people, id)
			}
		}
		if err := s.app.Events.RecordAttendance(ctx, u, c.Slug, id, orig, people); err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, back, "Attendance recorded: "+strconv.Itoa(len(people))+" there. They will be asked whether it was worth their time.")
	case "feedback":
		rating, rerr := strconv.Atoi(r.PostForm.Get("rating"))
		err := s.app.Events.GiveFeedback(ctx, u, c.Slug, id, orig, rating, r.PostForm.Get("comment"))
		if rerr != nil && errs.KindOf(err) == errs.Invalid {
			err = errs.Field("rating", "Choose a rating from 1 to 5.")
		}
		if errs.KindOf(err) == errs.Invalid {
			e, o, gerr := s.app.Events.Occurrence(ctx, u, c.Slug, id, orig)
			if gerr != nil {
				s.fail(w, r, gerr)
				return
			}
			s.showOccurrence(w, r, c, m, e, o, http.StatusUnprocessableEntity, func(v *eventView) {
				v.Errors = errs.ByField(err)
				v.FeedbackForm.Rating, v.FeedbackForm.Comment = r.PostForm.Get("rating"), r.PostForm.Get("comment")
			})
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, back, "Thank you: the hosts read every answer.")
	case "cancel":
		if err := s.app.Events.CancelOccurrence(ctx, u, c.Slug, id, orig); err != nil {
			s.fail(w, r, err)
			return
		}
		s.redirect(w, r, back, "This date is cancelled; the rest of the series stays. Everyone who answered has been told.")
	default:
		s.notFoundPage(w, r)
	}
}

type occurrenceFormView struct {
	page
	E      events.Event
	O      events.Occurrence
	Form   events.Change
	Errors map[string]string
}

func (s *Server) editOccurrenceForm(w http.ResponseWriter, r *http.Request) {
	c, m, id, orig, ok := s.occurrenceTarget(w, r)
	if !ok {
		return
	}
	e, o, err := s.app.Events.Occurrence(r.Context(), UserFrom(r.Context()), c.Slug, id, orig)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !e.Can.Edit {
		s.fail(w, r, errs.E(errs.Forbidden, "Only the hosts, the leader and the core group can change this event."))
		return
	}
	v := &occurrenceFormView{page: page{Title: "Change one date · " + e.Title, Community: newHeader(c, m, "events")}, E: e, O: o,
		Form: events.Change{Start: o.Local().Format(events.LocalLayout), End: o.LocalEnd().Format(events.LocalLayout), Place: o.Place, Link: o.Link}}
	s.render(w, r, http.StatusOK, "occurrence_form", v)
}

func (s *Server) editOccurrence(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c, m, id, orig, ok := s.occurrenceTarget(w, r)
	if !ok {
		return
	}
	ch := events.Change{Start: r.PostForm.Get("start"), End: r.PostForm.Get("end"), Place: r.PostForm.Get("place"), Link: r.PostForm.Get("link")}
	o, err := s.app.Events.ChangeOccurrence(r.Context(), UserFrom(r.Context()), c.Slug, id, orig, ch)
	if err != nil {
		e, cur, gerr := s.app.Events.Occurrence(r.Context(), UserFrom(r.Context()), c.Slug, id, orig)
		if gerr != nil {
			s.fail(w, r, gerr)
			return
		}
		v := &occurrenceFormView{page: page{Title: "Change one date · " + e.Title, Community: newHeader(c, m, "events")}, E: e, O: cur, Form: ch}
		s.formError(w, r, err, "occurrence_form", v, &v.Errors)
		return
	}
	o.Community.Slug = c.Slug
	s.redirect(w, r, o.Path(), "This date is changed; the rest of the series stays. Everyone who answered has been told.")
}

// Calendars.

// icsHost names the site in calendar UIDs.
func (s *Server) icsHost(r *http.Request) string {
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
		return u.Hostname()
	}
	if h := r.Host; h != "" {
		if i := strings.LastIndex(h, ":"); i > 0 && !strings.Contains(h[i:], "]") {
			h = h[:i]
		}
		return h
	}
	return "cultivate"
}

func (s *Server) writeICS(w http.ResponseWriter, cal ical.Calendar, filename string, download bool) {
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	disp := "inline"
	if download {
		disp = "attachment"
	}
	w.Header().Set("Content-Disposition", disp+`; filename="`+filename+`"`)
	_ = cal.Encode(w)
}

// calendarViewer is who reads a feed: the owner of ?key= when given (a
// calendar app cannot log in), else the signed-in visitor.
func (s *Server) calendarViewer(r *http.Request) (account.User, error) {
	key := r.URL.Query().Get("key")
	if key == "" {
		return UserFrom(r.Context()), nil
	}
	id, err := s.app.Events.CalendarUser(r.Context(), key)
	if err != nil {
		return account.User{}, err
	}
	return s.app.Accounts.Get(r.Context(), id)
}

func (s *Server) communityICS(w http.ResponseWriter, r *http.Request) {
	viewer, err := s.calendarViewer(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	slug := r.PathValue("slug")
	cal, err := s.app.Events.CommunityCalendar(r.Context(), viewer, slug, s.icsHost(r), trimSlash(s.cfg.BaseURL))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeICS(w, cal, slug+"-events.ics", false)
}

func (s *Server) occurrenceICS(w http.ResponseWriter, r *http.Request) {
	c, _, id, orig, ok := s.occurrenceTarget(w, r)
	if !ok {
		return
	}
	cal, err := s.app.Events.OccurrenceCalendar(r.Context(), UserFrom(r.Context()), c.Slug, id, orig, s.icsHost(r), trimSlash(s.cfg.BaseURL))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeICS(w, cal, "event-"+strconv.FormatInt(id, 10)+"-"+events.Key(orig)+".ics", true)
}

func (s *Server) myICS(w http.ResponseWriter, r *http.Request) {
	tok, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		s.notFoundPage(w, r)
		return
	}
	id, err := s.app.Events.CalendarUser(r.Context(), tok)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cal, err := s.app.Events.MyCalendar(r.Context(), id, s.icsHost(r), trimSlash(s.cfg.BaseURL))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.writeICS(w, cal, "my-events.ics", false)
}

func (s *Server) regenerateCalendar(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	if _, err := s.app.Events.RegenerateCalendarToken(r.Context(), UserFrom(r.Context()).ID); err != nil {
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, safeNext(r.PostForm.Get("next")), "Your calendar addresses are new; the old ones no longer work. Subscribe again with the new one.")
}
