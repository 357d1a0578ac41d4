package api

import (
	"net/http"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/events"
	"cultivate/internal/web"
)

// Events (issue 4): the same logic as the Events tab, through
// internal/events.

func (h *handler) eventFormats(_ *http.Request, _ noBody) (eventFormatsJSON, error) {
	var out eventFormatsJSON
	for _, f := range events.Formats() {
		out.Formats = append(out.Formats, eventFormatJSON{Format: string(f.Format), Label: f.Label, About: f.About, Credit: f.Credit})
	}
	return out, nil
}

// listEvents is the community's coming occurrences, or with past=true the
// latest ones that ended, newest first.
func (h *handler) listEvents(r *http.Request, _ noBody) (listOf[occurrenceJSON], error) {
	q := r.URL.Query()
	f := events.Filter{Format: events.Format(q.Get("format"))}
	switch q.Get("past") {
	case "", "false":
	case "true":
		f.Past = true
	default:
		return listOf[occurrenceJSON]{}, badRequest("past", "past is true or false.")
	}
	list, err := h.app.Events.List(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), f)
	if err != nil {
		return listOf[occurrenceJSON]{}, err
	}
	return newList(newOccurrences(list)), nil
}

func (h *handler) createEvent(r *http.Request, in eventBody) (eventJSON, error) {
	e, err := h.app.Events.Create(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), in.input())
	if err != nil {
		return eventJSON{}, err
	}
	return newEvent(e), nil
}

func (h *handler) getEvent(r *http.Request, _ noBody) (eventJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return eventJSON{}, err
	}
	e, err := h.app.Events.Get(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
	if err != nil {
		return eventJSON{}, err
	}
	return newEvent(e), nil
}

// updateEvent replaces the event with the body (send every field: a
// field left out is empty).
func (h *handler) updateEvent(r *http.Request, in eventBody) (eventJSON, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return eventJSON{}, err
	}
	e, err := h.app.Events.Update(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, in.input())
	if err != nil {
		return eventJSON{}, err
	}
	return newEvent(e), nil
}

func (h *handler) cancelEvent(r *http.Request, _ noBody) (noContent, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Events.Cancel(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id)
}

// timeQuery reads an RFC 3339 query parameter, or def when absent.
func timeQuery(r *http.Request, name string, def time.Time) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, badRequest(name, "Give %s as an RFC 3339 date-time, e.g. 2026-03-02T09:00:00Z.", name)
	}
	return t, nil
}

// listOccurrences is an event's occurrences in a window (default: the
// coming year), cancelled ones included and marked.
func (h *handler) listOccurrences(r *http.Request, _ noBody) (listOf[occurrenceJSON], error) {
	id, err := pathID(r, "id")
	if err != nil {
		return listOf[occurrenceJSON]{}, err
	}
	now := h.app.Clock.Now()
	from, err := timeQuery(r, "from", now)
	if err != nil {
		return listOf[occurrenceJSON]{}, err
	}
	to, err := timeQuery(r, "to", from.Add(events.Horizon))
	if err != nil {
		return listOf[occurrenceJSON]{}, err
	}
	list, err := h.app.Events.Occurrences(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, from, to)
	if err != nil {
		return listOf[occurrenceJSON]{}, err
	}
	return newList(newOccurrences(list)), nil
}

// occurrenceOf checks the body's occurrence and the path's id.
func occurrenceOf(r *http.Request, at time.Time) (int64, time.Time, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return 0, time.Time{}, err
	}
	if at.IsZero() {
		return 0, time.Time{}, errs.Field("occurrence", "Name the occurrence by its original_start.")
	}
	return id, at.UTC(), nil
}

func (h *handler) rsvp(r *http.Request, in rsvpBody) (occurrenceJSON, error) {
	id, at, err := occurrenceOf(r, in.Occurrence)
	if err != nil {
		return occurrenceJSON{}, err
	}
	o, err := h.app.Events.RSVP(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, at, events.Answer(in.Answer))
	if err != nil {
		return occurrenceJSON{}, err
	}
	return newOccurrence(o), nil
}

func (h *handler) recordAttendance(r *http.Request, in attendanceBody) (noContent, error) {
	id, at, err := occurrenceOf(r, in.Occurrence)
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Events.RecordAttendance(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, at, in.UserIDs)
}

func (h *handler) giveFeedback(r *http.Request, in feedbackBody) (noContent, error) {
	id, at, err := occurrenceOf(r, in.Occurrence)
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Events.GiveFeedback(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, at, in.Rating, in.Comment)
}

func (h *handler) eventFeedback(r *http.Request, _ noBody) (feedbackSummaryJSON, error) {
	at, err := timeQuery(r, "occurrence", time.Time{})
	if err != nil {
		return feedbackSummaryJSON{}, err
	}
	id, at, err := occurrenceOf(r, at)
	if err != nil {
		return feedbackSummaryJSON{}, err
	}
	sum, err := h.app.Events.FeedbackFor(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, at)
	if err != nil {
		return feedbackSummaryJSON{}, err
	}
	out := feedbackSummaryJSON{Count: sum.Count, Average: sum.Average, Answers: []feedbackJSON{}}
	for _, f := range sum.Answers {
		out.Answers = append(out.Answers, feedbackJSON{User: authorJSON{ID: f.ID, Name: f.Name}, Rating: f.Rating, Comment: f.Comment, UpdatedAt: f.UpdatedAt.UTC()})
	}
	return out, nil
}

func (h *handler) changeOccurrence(r *http.Request, in occurrenceChangeBody) (occurrenceJSON, error) {
	id, at, err := occurrenceOf(r, in.Occurrence)
	if err != nil {
		return occurrenceJSON{}, err
	}
	o, err := h.app.Events.ChangeOccurrence(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, at,
		events.Change{Start: in.Start, End: in.End, Place: in.Place, Link: in.Link})
	if err != nil {
		return occurrenceJSON{}, err
	}
	return newOccurrence(o), nil
}

func (h *handler) cancelOccurrence(r *http.Request, in occurrenceRefBody) (noContent, error) {
	id, at, err := occurrenceOf(r, in.Occurrence)
	if err != nil {
		return noContent{}, err
	}
	return noContent{}, h.app.Events.CancelOccurrence(r.Context(), web.UserFrom(r.Context()), r.PathValue("slug"), id, at)
}

// myCalendar is the caller's secret calendar address and key.
func (h *handler) myCalendar(r *http.Request, _ noBody) (calendarJSON, error) {
	tok, err := h.app.Events.CalendarToken(r.Context(), web.UserFrom(r.Context()).ID)
	if err != nil {
		return calendarJSON{}, err
	}
	return calendarJSON{Path: "/calendar/" + tok + ".ics", Key: tok}, nil
}
