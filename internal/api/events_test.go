package api_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// eventTables are what events write, for proving a refused call changed nothing.
var eventTables = []string{"events", "event_communities", "event_hosts", "event_occurrences", "event_rsvps", "event_attendance",
	"event_feedback", "activity", "notifications"}

// A weekly brown bag at 12:00 London time from Tuesday 3 March 2026, five
// times, one seat.
const brownBag = `{"title":"Brown bag: flaky tests","format":"brown_bag","description":"We look at **flaky** tests.",
	"start":"2026-03-03T12:00","end":"2026-03-03T13:00","time_zone":"Europe/London","place":"Room 4","capacity":1,
	"recurrence":{"freq":"weekly","count":5}}`

// TestEventsScenario plays the life of a series through the API, in
// order, on both engines: bad input first (each refused with its field,
// changing nothing), then scheduling, answering with a waitlist, changing
// and cancelling single dates, attendance, feedback and cancelling.
func TestEventsScenario(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		base := "/api/v1/communities/testing/events"
		call := func(as, method, path, body string, status int) response {
			t.Helper()
			rq := request{method: method, path: path, body: body, as: as}
			res := w.do(t, rq)
			if res.status != status {
				t.Fatalf("%s %s as %q: status %d, want %d: %s", method, path, as, res.status, status, res.body)
			}
			w.checkInvariants(t, rq, res, nil)
			return res
		}
		want := func(res response, fields map[string]any) {
			t.Helper()
			for path, v := range fields {
				got := get(res.json, path)
				if n, ok := got.(float64); ok && n == float64(int(n)) {
					got = int(n)
				}
				if got != v {
					t.Errorf("%s = %v, want %v in %s", path, got, v, res.body)
				}
			}
		}

		res := call("", "GET", "/api/v1/event-formats", "", http.StatusOK)
		want(res, map[string]any{"formats.#": 9, "formats.0.format": "brown_bag", "formats.0.label": "Brown bag"})
		if !strings.Contains(string(res.body), "Running a CoP") {
			t.Errorf("the formats do not credit seed 004: %s", res.body)
		}

		call("bob", "POST", base, brownBag, http.StatusForbidden)
		call("", "POST", base, brownBag, http.StatusUnauthorized)
		before := storetest.Snapshot(t, db, eventTables...)
		for _, tc := range []struct{ name, from, to, field string }{
			{"end before start", `"end":"2026-03-03T13:00"`, `"end":"2026-03-03T11:00"`, "end"},
			{"unknown time zone", `"time_zone":"Europe/London"`, `"time_zone":"Europe/Atlantis"`, "time_zone"},
			{"interval 0", `"freq":"weekly"`, `"freq":"weekly","interval":0`, "recur_interval"},
			{"count and until", `"count":5`, `"count":5,"until":"2026-06-01"`, "recur_until"},
			{"monthly week out of range", `"freq":"weekly"`, `"freq":"monthly","week":6`, "recur_week"},
			{"a link that is not http", `"place":"Room 4"`, `"place":"Room 4","link":"file:///etc/passwd"`, "link"},
			{"negative capacity", `"capacity":1`, `"capacity":-3`, "capacity"},
		} {
			res := call("alice", "POST", base, strings.Replace(brownBag, tc.from, tc.to, 1), http.StatusUnprocessableEntity)
			if get(res.json, "error.field") != tc.field {
				t.Errorf("%s: error %s", tc.name, res.body)
			}
		}
		call("alice", "POST", base, `{"title":"x","nonsense":1}`, http.StatusBadRequest)
		if storetest.Snapshot(t, db, eventTables...) != before {
			t.Fatal("refused calls changed the data")
		}

		res = call("alice", "POST", base, brownBag, http.StatusCreated)
		want(res, map[string]any{"title": "Brown bag: flaky tests", "local_start": "2026-03-03T12:00", "time_zone": "Europe/London",
			"recurrence.freq": "weekly", "recurrence.interval": 1, "recurrence.count": 5, "schedule": "Every week on Tuesday, 5 times",
			"hosts.0.name": "Alice Example", "can.edit": true, "cancelled_at": nil, "community.slug": "testing"})
		id := mustJSONField(t, res, "id")
		ev := base + "/" + id
		first, second, third := "2026-03-03T12:00:00Z", "2026-03-10T12:00:00Z", "2026-03-17T12:00:00Z"

		want(call("carol", "GET", ev, "", http.StatusOK), map[string]any{"can.rsvp": false, "can.edit": false})
		call("carol", "GET", "/api/v1/communities/secret/events/"+id, "", http.StatusNotFound)
		res = call("", "GET", base, "", http.StatusOK)
		want(res, map[string]any{"items.#": 5, "items.0.original_start": first, "items.4.local_start": "2026-03-31T12:00", "items.4.start": "2026-03-31T11:00:00Z"})

		// One seat: Bob takes it, Dave waits, then Bob leaves and Dave moves up.
		want(call("bob", "PUT", ev+"/rsvp", `{"occurrence":"`+first+`","answer":"going"}`, http.StatusOK), map[string]any{"my_answer": "going", "going": 1})
		want(call("dave", "PUT", ev+"/rsvp", `{"occurrence":"`+first+`","answer":"going"}`, http.StatusOK), map[string]any{"my_answer": "waitlist", "waitlist_place": 1})
		call("carol", "PUT", ev+"/rsvp", `{"occurrence":"`+first+`","answer":"going"}`, http.StatusForbidden)
		res = call("bob", "PUT", ev+"/rsvp", `{"occurrence":"`+first+`","answer":"maybe"}`, http.StatusOK)
		want(res, map[string]any{"my_answer": "maybe", "going": 1, "waitlisted": 0})
		want(call("dave", "GET", base, "", http.StatusOK), map[string]any{"items.0.my_answer": "going"})
		call("bob", "PUT", ev+"/rsvp", `{"occurrence":"2026-03-03T12:30:00Z","answer":"going"}`, http.StatusNotFound)
		res = call("bob", "PUT", ev+"/rsvp", `{"answer":"going"}`, http.StatusUnprocessableEntity)
		want(res, map[string]any{"error.field": "occurrence"})

		// Capacity cannot fall below the people going; it can rise.
		want(call("bob", "PUT", ev+"/rsvp", `{"occurrence":"`+second+`","answer":"going"}`, http.StatusOK), map[string]any{"my_answer": "going"})
		call("dave", "PUT", ev+"/rsvp", `{"occurrence":"`+second+`","answer":"going"}`, http.StatusOK)
		res = call("alice", "PUT", ev, strings.Replace(brownBag, `"capacity":1`, `"capacity":0`, 1), http.StatusOK)
		want(res, map[string]any{"capacity": 0, "revision": 2})
		res = call("alice", "PUT", ev, brownBag, http.StatusUnprocessableEntity)
		want(res, map[string]any{"error.field": "capacity"})
		call("bob", "PUT", ev, brownBag, http.StatusForbidden)

		// Single dates: move the second, cancel the third; answering a
		// cancelled date is refused.
		res = call("dave", "POST", ev+"/occurrence-changes", `{"occurrence":"`+second+`","start":"2026-03-11T15:00","end":"2026-03-11T16:00","place":"The big room"}`, http.StatusOK)
		want(res, map[string]any{"original_start": second, "start": "2026-03-11T15:00:00Z", "place": "The big room", "changed": true})
		call("dave", "POST", ev+"/occurrence-changes", `{"occurrence":"`+second+`","link":"mailto:x@example.org"}`, http.StatusUnprocessableEntity)
		call("dave", "POST", ev+"/occurrence-cancellations", `{"occurrence":"`+third+`"}`, http.StatusNoContent)
		res = call("bob", "PUT", ev+"/rsvp", `{"occurrence":"`+third+`","answer":"going"}`, http.StatusUnprocessableEntity)
		want(res, map[string]any{"error.field": "answer"})
		res = call("bob", "GET", ev+"/occurrences?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z", "", http.StatusOK)
		want(res, map[string]any{"items.#": 5, "items.1.start": "2026-03-11T15:00:00Z", "items.1.my_answer": "going", "items.2.cancelled": true})
		call("bob", "GET", ev+"/occurrences?from=yesterday", "", http.StatusBadRequest)
		notes := call("bob", "GET", "/api/v1/me/notifications", "", http.StatusOK)
		if !strings.Contains(string(notes.body), "event_changed") {
			t.Errorf("bob was not told of the change: %s", notes.body)
		}

		// After the first date: attendance, then feedback from those there.
		w.clock.Set(time.Date(2026, 3, 3, 12, 30, 0, 0, time.UTC))
		call("bob", "PUT", ev+"/rsvp", `{"occurrence":"`+first+`","answer":"going"}`, http.StatusUnprocessableEntity)
		call("bob", "PUT", ev+"/attendance", w.expand(`{"occurrence":"`+first+`","user_ids":[{bob}]}`), http.StatusForbidden)
		call("dave", "PUT", ev+"/attendance", w.expand(`{"occurrence":"`+first+`","user_ids":[{dave},{bob}]}`), http.StatusNoContent)
		w.clock.Set(time.Date(2026, 3, 3, 14, 0, 0, 0, time.UTC))
		call("alice", "PUT", ev+"/feedback", `{"occurrence":"`+first+`","rating":5}`, http.StatusForbidden)
		res = call("bob", "PUT", ev+"/feedback", `{"occurrence":"`+first+`","rating":7}`, http.StatusUnprocessableEntity)
		want(res, map[string]any{"error.field": "rating"})
		call("bob", "PUT", ev+"/feedback", `{"occurrence":"`+first+`","rating":3,"comment":"A bit long"}`, http.StatusNoContent)
		call("bob", "PUT", ev+"/feedback", `{"occurrence":"`+first+`","rating":5,"comment":"Useful after all"}`, http.StatusNoContent)
		call("dave", "PUT", ev+"/feedback", `{"occurrence":"`+first+`","rating":4}`, http.StatusNoContent)
		res = call("alice", "GET", ev+"/feedback?occurrence="+first, "", http.StatusOK)
		want(res, map[string]any{"count": 2, "average": 4.5})
		call("bob", "GET", ev+"/feedback?occurrence="+first, "", http.StatusForbidden)

		// The member's calendar address serves an iCalendar file.
		res = call("bob", "GET", "/api/v1/me/calendar", "", http.StatusOK)
		path, _ := get(res.json, "path").(string)
		cal, err := w.srv.Client().Get(w.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(cal.Body)
		cal.Body.Close()
		if cal.StatusCode != http.StatusOK || !strings.Contains(string(body), "BEGIN:VEVENT") {
			t.Errorf("calendar %s: %d %s", path, cal.StatusCode, body)
		}

		call("bob", "POST", ev+"/cancel", "", http.StatusForbidden)
		call("dave", "POST", ev+"/cancel", "", http.StatusNoContent)
		call("dave", "POST", ev+"/cancel", "", http.StatusConflict)
		want(call("bob", "GET", ev, "", http.StatusOK), map[string]any{"can.edit": false})
		if get(call("bob", "GET", ev, "", http.StatusOK).json, "cancelled_at") == nil {
			t.Error("the event is not marked cancelled")
		}
	})
}

// mustJSONField returns a top-level number of a JSON answer as text.
func mustJSONField(t *testing.T, res response, name string) string {
	t.Helper()
	n, ok := get(res.json, name).(float64)
	if !ok {
		t.Fatalf("no %s in %s", name, res.body)
	}
	return strconv.FormatInt(int64(n), 10)
}
