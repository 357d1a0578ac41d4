package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"cultivate/internal/community"
	"cultivate/internal/maturity"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

// healthSite is a site with a community led by Léa and joined by Max.
func healthSite(t *testing.T, db *store.DB) (*site, *browser, *browser) {
	t.Helper()
	s := newSite(t, db, web.Config{})
	lead, member := s.browser(), s.browser()
	lead.signup("lea@example.org", "Léa Martin")
	member.signup("max@example.org", "Max Member")
	wantStatus(t, lead.post("/communities", url.Values{"name": {"Testing Guild"}, "domain": {"Software testing"}, "purpose": {"We test things."},
		"visibility": {"open"}, "code_of_conduct": {community.DefaultCodeOfConduct}}), http.StatusSeeOther)
	wantStatus(t, member.post("/c/testing-guild/join", url.Values{"accept_coc": {"yes"}}), http.StatusSeeOther)
	return s, lead, member
}

func TestHealthPagesRenderAndSave(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s, lead, member := healthSite(t, db)
		base := "/c/testing-guild/health"
		wantStatus(t, lead.get(base), 200, "Stage: not assessed yet", "Make the first assessment", "Getting started", "Find a sponsor",
			"No targets yet", `<svg class="stage-curve"`, "/c/testing-guild/health/checks", "/c/testing-guild/retros", "/c/testing-guild/canvas", "/c/testing-guild/workshops")
		wantStatus(t, lead.get(base+"/maturity"), 200, "Systems Change", "Newcomers feel welcome", "suggests", "rates it by hand", "We Are Open Co-op")
		wantStatus(t, lead.get(base+"/dimensions"), 200, "working set", "Learning capability", `type="number"`)
		wantStatus(t, lead.get(base+"/targets"), 200, "No targets yet", "Median time to first reply")
		anon := s.browser()
		wantStatus(t, anon.get(base), 200, "Stage: not assessed yet")
		wantStatus(t, anon.get(base+"/maturity"), 200, "The indicators")

		form := url.Values{"note": {"First look"}}
		for _, ind := range maturity.Model()[0].Indicators() {
			form.Set("rating."+ind.Key, "yes")
		}
		form.Set("note.gather.talking.side", "A chat channel")
		r := lead.post(base+"/maturity", form)
		wantStatus(t, r, http.StatusSeeOther)
		wantStatus(t, lead.get(base), 200, "Stage: Gather", "has reached Gather")
		wantStatus(t, member.get(base+"/maturity"), 200, "A chat channel")

		vals := url.Values{}
		for _, d := range maturity.DefaultDimensions() {
			vals.Set("now."+d.Key, "4")
			vals.Set("want."+d.Key, "7")
		}
		wantStatus(t, lead.post(base+"/dimensions", vals), http.StatusSeeOther)
		wantStatus(t, lead.post(base+"/dimensions/domain", url.Values{"name": {"Our field"}, "description": {"What testing covers here"}}), http.StatusSeeOther)
		wantStatus(t, member.get(base+"/dimensions"), 200, "Our field", "4 → 7")

		wantStatus(t, lead.post(base+"/targets", url.Values{"name": {"Teams doing contract tests"}, "baseline": {"2"}, "target": {"10"},
			"due": {"2026-12-31"}, "unit": {"teams"}}), http.StatusSeeOther)
		wantStatus(t, lead.post(base+"/targets", url.Values{"name": {"Faster replies"}, "metric": {"first_reply_hours"}, "baseline": {"12"}, "target": {"2"},
			"due": {"2026-06-30"}}), http.StatusSeeOther)
		page := lead.get(base + "/targets")
		wantStatus(t, page, 200, "Teams doing contract tests", "live: Median time to first reply", "No data for this metric yet")
		m := regexp.MustCompile(`/health/targets/(\d+)/value`).FindStringSubmatch(page.body)
		if m == nil {
			t.Fatal("no value form")
		}
		id := m[1]
		wantStatus(t, lead.post(base+"/targets/"+id+"/value", url.Values{"value": {"6"}, "value_note": {"March survey"}}), http.StatusSeeOther)
		wantStatus(t, member.get(base), 200, "50%", "Teams doing contract tests")

		wantStatus(t, lead.post(base+"/bootstrap/goals", url.Values{"done": {"1"}, "note": {"Agreed at lunch"}, "back": {"/c/testing-guild"}}), http.StatusSeeOther)
		wantStatus(t, member.get(base), 200, "ticked by hand by Léa Martin", "Agreed at lunch")
	})
}

func TestHealthFormsRefuseBadInputAndKeepIt(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		_, lead, member := healthSite(t, db)
		base := "/c/testing-guild/health"
		before := storetest.Snapshot(t, db, "maturity_assessments", "maturity_ratings", "dimension_settings", "targets", "bootstrap_ticks")
		wantStatus(t, lead.post(base+"/maturity", url.Values{"rating.gather.talking.meet": {"maybe"}, "note": {"kept note"}}), 422,
			"Choose not yet, partly or yes.", "kept note")
		wantStatus(t, lead.post(base+"/maturity", url.Values{"rating.gather.nope": {"yes"}}), 422, "There is no indicator")
		wantStatus(t, member.post(base+"/maturity", url.Values{"rating.gather.talking.meet": {"yes"}}), 403, "Only the leader and the core group")
		vals := url.Values{}
		for _, d := range maturity.DefaultDimensions() {
			vals.Set("now."+d.Key, "4")
			vals.Set("want."+d.Key, "7")
		}
		vals.Set("now.practice", "12")
		wantStatus(t, lead.post(base+"/dimensions", vals), 422, "Choose a value from 0 to 10.", `value="12"`)
		wantStatus(t, lead.post(base+"/targets", url.Values{"name": {""}, "baseline": {"3"}, "target": {"3"}, "due": {"soon"}, "metric": {"mood"}}), 422,
			"Give the due date as a date", "There is no such metric", "must differ from the baseline", "Name")
		wantStatus(t, member.post(base+"/targets", url.Values{"name": {"X"}, "baseline": {"1"}, "target": {"2"}, "due": {"2026-05-01"}}), 403)
		wantStatus(t, member.post(base+"/bootstrap/goals", url.Values{"done": {"1"}}), 403)
		if after := storetest.Snapshot(t, db, "maturity_assessments", "maturity_ratings", "dimension_settings", "targets", "bootstrap_ticks"); after != before {
			t.Fatalf("refused forms changed the data:\n%s\n%s", before, after)
		}
	})
}
