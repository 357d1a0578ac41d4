package api_test

import (
	"fmt"
	"strings"
	"testing"

	"cultivate/internal/maturity"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// maturityTables are what the maturity area writes.
var maturityTables = []string{"maturity_assessments", "maturity_ratings", "dimension_defs", "dimension_settings", "dimension_values",
	"targets", "target_values", "bootstrap_ticks", "activity"}

func dimensionsJSON(now int) string {
	var parts []string
	for _, d := range maturity.DefaultDimensions() {
		n := 5
		if d.Key == "practice" {
			n = now
		}
		parts = append(parts, fmt.Sprintf(`{"dimension":%q,"now":%d,"want":8}`, d.Key, n))
	}
	return `{"values":[` + strings.Join(parts, ",") + `]}`
}

func TestMaturityAPI(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		call := func(method, path, body, as string, status int, fields map[string]any) response {
			t.Helper()
			res := w.do(t, request{method: method, path: path, body: body, as: as})
			if res.status != status {
				t.Fatalf("%s %s: status %d, want %d: %.400s", method, path, res.status, status, res.body)
			}
			for p, want := range fields {
				if got := get(res.json, p); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s %s: %s = %v, want %v", method, path, p, got, want)
				}
			}
			return res
		}
		call("GET", "/api/v1/maturity/model", "", "", 200, map[string]any{"stages.#": 4, "stages.3.title": "Systems Change", "stages.0.areas.2.indicators.#": 3})
		call("GET", "/api/v1/maturity/metrics", "", "", 200, map[string]any{"items.0.key": "first_reply_hours"})
		call("GET", "/api/v1/communities/testing/maturity", "", "", 200, map[string]any{"assessed": false, "latest": nil, "position.reached": 0})
		call("GET", "/api/v1/communities/testing/maturity/evidence", "", "bob", 200, map[string]any{"items.#": 36, "items.0.indicator": "gather.people.safe_space", "items.0.available": false})
		call("GET", "/api/v1/communities/secret/maturity", "", "bob", 404, nil)

		var marks []string
		for _, ind := range maturity.Model()[0].Indicators() {
			marks = append(marks, fmt.Sprintf(`{"indicator":%q,"rating":"yes"}`, ind.Key))
		}
		body := `{"marks":[` + strings.Join(marks, ",") + `],"note":"First"}`
		call("POST", "/api/v1/communities/testing/maturity/assessments", body, "dave", 201, map[string]any{"position.stage": "gather", "marks.#": 9, "assessor.name": "Dave Example"})
		call("GET", "/api/v1/communities/testing/maturity", "", "bob", 200, map[string]any{"assessed": true, "latest.note": "First", "can_edit": false})
		call("GET", "/api/v1/communities/testing/maturity/assessments", "", "", 200, map[string]any{"items.#": 1})

		call("POST", "/api/v1/communities/testing/dimensions", dimensionsJSON(3), "alice", 201, map[string]any{"current.values.0.now": 3, "history.#": 1})
		call("PUT", "/api/v1/communities/testing/dimensions/wording", `{"dimension":"domain","name":"Our field","upsides":["Focus"]}`, "dave", 200,
			map[string]any{"name": "Our field", "adapted": true, "upsides.0": "Focus"})

		res := call("POST", "/api/v1/communities/testing/targets", `{"name":"Contract tests","unit":"teams","baseline":2,"target":10,"due":"2026-12-31"}`, "dave", 201,
			map[string]any{"metric": nil, "current": 2, "progress": 0})
		id := fmt.Sprint(get(res.json, "id"))
		call("POST", "/api/v1/communities/testing/targets/"+id+"/values", `{"value":6,"note":"Survey"}`, "dave", 201, map[string]any{"current": 6, "progress": 0.5})
		call("POST", "/api/v1/communities/testing/targets", `{"name":"Replies","metric":"first_reply_hours","baseline":12,"target":2,"due":"2026-06-30"}`, "alice", 201,
			map[string]any{"metric": "first_reply_hours", "current": nil, "unit": "hours"})
		call("GET", "/api/v1/communities/testing/targets", "", "", 200, map[string]any{"items.#": 2, "items.0.name": "Replies"})
		call("PUT", "/api/v1/communities/testing/targets/"+id, `{"name":"Contract tests in CI","baseline":2,"target":12,"due":"2026-12-31"}`, "dave", 200,
			map[string]any{"name": "Contract tests in CI", "current": 6})
		call("PUT", "/api/v1/communities/testing/bootstrap", `{"step":"goals","done":true,"note":"At lunch"}`, "dave", 200, map[string]any{"steps.0.by_hand": true, "done": 1})
		call("GET", "/api/v1/communities/testing/bootstrap", "", "", 200, map[string]any{"steps.#": 6, "steps.0.note": "At lunch"})
		call("DELETE", "/api/v1/communities/testing/targets/"+id, "", "dave", 204, nil)

		// Bad input: a clear error, nothing changed.
		before := storetest.Snapshot(t, db, maturityTables...)
		bad := []struct {
			method, path, body, as string
			status                 int
			field                  string
		}{
			{"POST", "/api/v1/communities/testing/maturity/assessments", `{"marks":[{"indicator":"gather.talking.meet","rating":"sometimes"}]}`, "dave", 422, "rating.gather.talking.meet"},
			{"POST", "/api/v1/communities/testing/maturity/assessments", `{"marks":[{"indicator":"gather.unknown","rating":"yes"}]}`, "dave", 422, "rating.gather.unknown"},
			{"POST", "/api/v1/communities/testing/maturity/assessments", body, "bob", 403, ""},
			{"POST", "/api/v1/communities/testing/maturity/assessments", body, "", 401, ""},
			{"POST", "/api/v1/communities/testing/dimensions", dimensionsJSON(11), "alice", 422, "now.practice"},
			{"POST", "/api/v1/communities/testing/targets", `{"name":"","baseline":1,"target":2,"due":"2026-12-31"}`, "dave", 422, "name"},
			{"POST", "/api/v1/communities/testing/targets", `{"name":"X","baseline":1,"target":2,"due":"31/12/2026"}`, "dave", 422, "due"},
			{"POST", "/api/v1/communities/testing/targets", `{"name":"X","metric":"joy","baseline":1,"target":2,"due":"2026-12-31"}`, "dave", 422, "metric"},
			{"POST", "/api/v1/communities/testing/targets", `{"name":"X","baseline":2,"target":2,"due":"2026-12-31"}`, "dave", 422, "target"},
			{"POST", "/api/v1/communities/testing/targets", `{"name":"X","baseline":1,"target":2,"due":"2026-12-31","colour":"red"}`, "dave", 400, ""},
			{"PUT", "/api/v1/communities/testing/bootstrap", `{"step":"party","done":true}`, "dave", 404, ""},
			{"PUT", "/api/v1/communities/testing/bootstrap", `{"step":"goals","done":true}`, "bob", 403, ""},
		}
		for _, b := range bad {
			res := w.do(t, request{method: b.method, path: b.path, body: b.body, as: b.as})
			if res.status != b.status {
				t.Errorf("%s %s %s: status %d, want %d: %.300s", b.method, b.path, b.body, res.status, b.status, res.body)
				continue
			}
			if b.field != "" && get(res.json, "error.field") != b.field {
				t.Errorf("%s %s: error field %v, want %s", b.method, b.body, get(res.json, "error.field"), b.field)
			}
		}
		if after := storetest.Snapshot(t, db, maturityTables...); after != before {
			t.Fatalf("refused calls changed the data")
		}
	})
}
