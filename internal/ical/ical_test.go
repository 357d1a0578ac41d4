package ical_test

import (
	"strings"
	"testing"
	"time"

	"cultivate/internal/ical"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestEncodeWritesASeriesThatParsesBack(t *testing.T) {
	ny := mustZone(t, "America/New_York")
	start := time.Date(2026, 3, 3, 12, 0, 0, 0, ny)
	moved := time.Date(2026, 3, 17, 12, 0, 0, 0, ny)
	cal := ical.Calendar{ProdID: "-//cultivate//events//EN", Name: "Testing Guild, events", Events: []ical.Event{
		{UID: "event-7@cop.example.org", Stamp: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Start: start, End: start.Add(time.Hour), Location: ny,
			Summary: "Brown bag; flaky tests, again", Description: "Line one\nLine two with a \\ backslash and a very long sentence that must be folded somewhere after seventy-five octets — ünïcödé too.",
			Place: "Room 4, floor 2", URL: "https://cop.example.org/c/testing/events/7", RRule: "FREQ=WEEKLY;INTERVAL=1;COUNT=6",
			ExDates: []time.Time{start.AddDate(0, 0, 7)}},
		{UID: "event-7@cop.example.org", Stamp: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), Start: moved.Add(2 * time.Hour), End: moved.Add(3 * time.Hour), Location: ny,
			Summary: "Brown bag; flaky tests, again", RecurrenceID: moved, Sequence: 1},
	}}
	out := cal.Bytes()
	text := string(out)
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//cultivate//events//EN\r\n",
		"X-WR-CALNAME:Testing Guild\\, events\r\n",
		"DTSTART;TZID=America/New_York:20260303T120000\r\n",
		"RRULE:FREQ=WEEKLY;INTERVAL=1;COUNT=6\r\n",
		"EXDATE;TZID=America/New_York:20260310T120000\r\n",
		"RECURRENCE-ID;TZID=America/New_York:20260317T120000\r\n",
		"SUMMARY:Brown bag\\; flaky tests\\, again\r\n",
		"LOCATION:Room 4\\, floor 2\r\n",
		// The change to summer time on 8 March 2026 at 2:00 local.
		"BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nEND:DAYLIGHT\r\n",
		"BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nEND:STANDARD\r\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the calendar lacks %q:\n%s", want, text)
		}
	}
	for i, l := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i, len(l), l)
		}
		if strings.Contains(l, "\n") {
			t.Errorf("line %d holds a bare LF", i)
		}
	}
	if strings.Count(text, "BEGIN:VTIMEZONE") != 1 {
		t.Errorf("want one VTIMEZONE for the one zone:\n%s", text)
	}

	root, err := ical.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	events := root.All("VEVENT")
	if len(events) != 2 {
		t.Fatalf("parsed %d events", len(events))
	}
	if got := events[0].Text("DESCRIPTION"); got != cal.Events[0].Description {
		t.Errorf("description came back as %q", got)
	}
	if got := events[0].Text("SUMMARY"); got != cal.Events[0].Summary {
		t.Errorf("summary came back as %q", got)
	}
	p, _ := events[0].Get("DTSTART")
	got, err := p.Time()
	if err != nil || !got.Equal(start) {
		t.Errorf("DTSTART came back as %v (%v), want %v", got, err, start)
	}
	p, _ = events[1].Get("RECURRENCE-ID")
	if got, err := p.Time(); err != nil || !got.Equal(moved) {
		t.Errorf("RECURRENCE-ID came back as %v (%v)", got, err)
	}
}

func TestEncodeInUTCNeedsNoZone(t *testing.T) {
	at := time.Date(2026, 5, 4, 10, 30, 0, 0, time.UTC)
	out := string(ical.Calendar{ProdID: "-//x//y//EN", Events: []ical.Event{{UID: "a@b", Stamp: at, Start: at, End: at.Add(30 * time.Minute), Summary: "Kata", Cancelled: true}}}.Bytes())
	for _, want := range []string{"DTSTART:20260504T103000Z\r\n", "DTEND:20260504T110000Z\r\n", "STATUS:CANCELLED\r\n", "END:VCALENDAR\r\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "VTIMEZONE") {
		t.Errorf("a UTC calendar has a VTIMEZONE:\n%s", out)
	}
}

func TestZoneWithoutChangesHasOneObservance(t *testing.T) {
	tokyo := mustZone(t, "Asia/Tokyo")
	at := time.Date(2026, 5, 4, 10, 30, 0, 0, tokyo)
	out := string(ical.Calendar{ProdID: "-//x//y//EN", Events: []ical.Event{{UID: "a@b", Stamp: at, Start: at, End: at.Add(time.Hour), Location: tokyo, Summary: "Retro"}}}.Bytes())
	if !strings.Contains(out, "BEGIN:STANDARD\r\nDTSTART:20260101T090000\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0900\r\nTZNAME:JST\r\nEND:STANDARD\r\n") ||
		strings.Contains(out, "DAYLIGHT") {
		t.Errorf("Tokyo's zone:\n%s", out)
	}
}

func TestFoldingKeepsMultibyteCharactersWhole(t *testing.T) {
	long := strings.Repeat("é", 100)
	out := ical.Calendar{ProdID: "-//x//y//EN", Events: []ical.Event{{UID: "a@b", Start: time.Unix(0, 0), End: time.Unix(60, 0), Summary: long}}}.Bytes()
	root, err := ical.Parse(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := root.All("VEVENT")[0].Text("SUMMARY"); got != long {
		t.Errorf("summary came back as %q", got)
	}
}

func TestEscapeRoundTrips(t *testing.T) {
	for _, s := range []string{"", "plain", `a\b`, "semi;colon, comma", "two\nlines", `\n literally`} {
		if got := ical.Unescape(ical.Escape(s)); got != s {
			t.Errorf("Unescape(Escape(%q)) = %q", s, got)
		}
	}
}

func TestParseRefusesBrokenText(t *testing.T) {
	for name, in := range map[string]string{
		"no CRLF":      "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
		"unclosed":     "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n",
		"long line":    "BEGIN:VCALENDAR\r\nSUMMARY:" + strings.Repeat("x", 80) + "\r\nEND:VCALENDAR\r\n",
		"no colon":     "BEGIN:VCALENDAR\r\nSUMMARY\r\nEND:VCALENDAR\r\n",
		"orphan value": " continued\r\n",
	} {
		if _, err := ical.Parse([]byte(in)); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}
