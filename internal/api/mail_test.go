package api_test

import (
	"net/http"
	"testing"

	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestNotificationSettingsAPI(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		path := "/api/v1/me/notification-settings"
		mailTables := []string{"mail_preferences", "mail_settings", "activity"}

		res := w.do(t, request{method: "GET", path: path, as: "bob"})
		if res.status != http.StatusOK || get(res.json, "weekly_digest") != true || get(res.json, "kinds.0.kind") != "mention" ||
			get(res.json, "kinds.0.choice") != "now" || get(res.json, "kinds.0.default") != "now" {
			t.Fatalf("GET: %d %s", res.status, res.body)
		}
		if res := w.do(t, request{method: "GET", path: path}); res.status != http.StatusUnauthorized {
			t.Errorf("anonymous GET: %d", res.status)
		}

		for _, tc := range []struct {
			name, body string
			status     int
			field      string
		}{
			{"unknown kind", `{"kinds":[{"kind":"gossip","choice":"now"}]}`, http.StatusUnprocessableEntity, "kind.gossip"},
			{"unknown choice", `{"kinds":[{"kind":"reply","choice":"loudly"}]}`, http.StatusUnprocessableEntity, "kind.reply"},
			{"a kind twice", `{"kinds":[{"kind":"reply","choice":"never"},{"kind":"reply","choice":"now"}]}`, http.StatusBadRequest, "kinds"},
			{"a wrong type", `{"weekly_digest":"yes"}`, http.StatusBadRequest, "weekly_digest"},
			{"an unknown field", `{"digest":false}`, http.StatusBadRequest, "digest"},
		} {
			before := storetest.Snapshot(t, db, mailTables...)
			res := w.do(t, request{method: "PUT", path: path, as: "bob", body: tc.body})
			if res.status != tc.status || get(res.json, "error.field") != tc.field {
				t.Errorf("%s: %d %s, want %d on %s", tc.name, res.status, res.body, tc.status, tc.field)
			}
			if storetest.Snapshot(t, db, mailTables...) != before {
				t.Errorf("%s changed the data", tc.name)
			}
		}

		res = w.do(t, request{method: "PUT", path: path, as: "bob", body: `{"weekly_digest":false,"kinds":[{"kind":"reply","choice":"never"},{"kind":"comment","choice":"now"}]}`})
		if res.status != http.StatusOK || get(res.json, "weekly_digest") != false {
			t.Fatalf("PUT: %d %s", res.status, res.body)
		}
		choices := map[string]any{}
		for _, k := range get(res.json, "kinds").([]any) {
			m := k.(map[string]any)
			choices[m["kind"].(string)] = m["choice"]
		}
		if choices["reply"] != "never" || choices["comment"] != "now" || choices["mention"] != "now" {
			t.Errorf("after PUT: %v", choices)
		}
		// Leaving things out keeps them; alice's settings are her own.
		res = w.do(t, request{method: "PUT", path: path, as: "bob", body: `{}`})
		if res.status != http.StatusOK || get(res.json, "weekly_digest") != false {
			t.Errorf("empty PUT: %d %s", res.status, res.body)
		}
		res = w.do(t, request{method: "GET", path: path, as: "alice"})
		if get(res.json, "weekly_digest") != true {
			t.Errorf("bob's change reached alice: %s", res.body)
		}
	})
}
