package activity_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cultivate/internal/activity"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

var t0 = time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)

func TestLog(t *testing.T) {
	t.Parallel()
	// One database per engine for every scenario: migrating a fresh SQLite
	// database takes a second or more under -race. Each scenario seeds its
	// own users and communities and reads only those.
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		for _, s := range []struct {
			name string
			run  func(t *testing.T, db *store.DB)
		}{
			{"record refuses outside a transaction", testRecordRefusesOutsideATransaction},
			{"record rolls back with the action", testRecordRollsBackWithTheAction},
			{"list round-trips every field", testListRoundTripsEveryField},
			{"list pages, filters and visits each entry once", testListPagesFiltersAndVisitsEachEntryOnce},
		} {
			t.Run(s.name, func(t *testing.T) { s.run(t, db) })
		}
	})
}

// seed inserts the users and communities entries point at and returns
// their ids; emails and slugs carry a suffix taken from the test's name.
func seed(t *testing.T, db *store.DB, users []string, communities int) (userIDs, communityIDs []int64) {
	t.Helper()
	h := fnv.New32a()
	h.Write([]byte(t.Name()))
	ns := strconv.FormatUint(uint64(h.Sum32()), 36)
	err := db.WithTx(context.Background(), func(ctx context.Context) error {
		for i, name := range users {
			var id int64
			if err := db.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, created_at, updated_at)
				VALUES ($1, $2, 'x', 0, 0) RETURNING id`, fmt.Sprintf("u%d@%s.example.org", i, ns), name).Scan(&id); err != nil {
				return err
			}
			userIDs = append(userIDs, id)
		}
		for i := range communities {
			var id int64
			if err := db.QueryRowContext(ctx, `INSERT INTO communities (slug, name, domain, visibility, request_code, created_at, updated_at)
				VALUES ($1, $1, 'testing', 'open', $1, 0, 0) RETURNING id`, fmt.Sprintf("c%d-%s", i, ns)).Scan(&id); err != nil {
				return err
			}
			communityIDs = append(communityIDs, id)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return userIDs, communityIDs
}

func record(t *testing.T, db *store.DB, log *activity.Log, entries ...activity.Entry) {
	t.Helper()
	err := db.WithTx(context.Background(), func(ctx context.Context) error {
		for _, e := range entries {
			if err := log.Record(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("record: %v", err)
	}
}

func countRows(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM activity`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// testRecordRefusesOutsideATransaction: an entry written outside the
// action's transaction could survive an action that rolled back.
func testRecordRefusesOutsideATransaction(t *testing.T, db *store.DB) {
	log := activity.New(db)
	before := countRows(t, db)
	err := log.Record(context.Background(), activity.Entry{At: t0, Kind: activity.UserSignedUp})
	if err == nil || !strings.Contains(err.Error(), "outside a transaction") {
		t.Fatalf("Record outside a transaction = %v, want a refusal", err)
	}
	if n := countRows(t, db); n != before {
		t.Errorf("%d rows written by a refused Record", n-before)
	}
}

// testRecordRollsBackWithTheAction: the log never disagrees with the data.
func testRecordRollsBackWithTheAction(t *testing.T, db *store.DB) {
	_, cs := seed(t, db, nil, 1)
	log := activity.New(db)
	before := countRows(t, db)
	err := db.WithTx(context.Background(), func(ctx context.Context) error {
		if err := log.Record(ctx, activity.Entry{At: t0, CommunityID: cs[0], Kind: activity.MemberJoined}); err != nil {
			return err
		}
		return fmt.Errorf("the action failed after logging")
	})
	if err == nil {
		t.Fatal("WithTx succeeded")
	}
	if n := countRows(t, db); n != before {
		t.Errorf("%d entries survived a rolled-back action", n-before)
	}
}

// testListRoundTripsEveryField, including the detail as JSON and the
// actor's name, and reads NULL ids back as 0.
func testListRoundTripsEveryField(t *testing.T, db *store.DB) {
	us, cs := seed(t, db, []string{"Ada Lovelace"}, 1)
	log := activity.New(db)
	detail := map[string]any{
		"name":    "Testers' Guild — «ünïcode» \"quoted\"",
		"changed": []any{"name", "slug"},
		"count":   float64(3), // JSON numbers come back as float64
		"nested":  map[string]any{"ok": true, "none": nil},
	}
	record(t, db, log,
		activity.Entry{At: t0, CommunityID: cs[0], ActorID: us[0], Kind: activity.CommunityUpdated, SubjectType: "community", SubjectID: cs[0], Detail: detail},
		activity.Entry{At: t0.Add(time.Second), CommunityID: cs[0], Kind: "system.tick"},
	)
	got, next, err := log.List(context.Background(), activity.Query{CommunityID: cs[0]})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if next != 0 || len(got) != 2 {
		t.Fatalf("List = %d entries, next %d; want 2, 0", len(got), next)
	}
	sys, upd := got[0], got[1] // newest first
	if sys.Kind != "system.tick" || sys.ActorID != 0 || sys.ActorName != "" || sys.SubjectID != 0 || sys.Detail != nil || !sys.At.Equal(t0.Add(time.Second)) {
		t.Errorf("system entry = %+v", sys)
	}
	want := activity.Entry{ID: upd.ID, At: t0, CommunityID: cs[0], ActorID: us[0], ActorName: "Ada Lovelace",
		Kind: activity.CommunityUpdated, SubjectType: "community", SubjectID: cs[0], Detail: detail}
	if !reflect.DeepEqual(upd, want) {
		t.Errorf("entry = %+v\nwant    %+v", upd, want)
	}
	if upd.At.Location() != time.UTC {
		t.Errorf("At is in %v, want UTC", upd.At.Location())
	}
}

// testListPagesFiltersAndVisitsEachEntryOnce follows the cursor through
// every filter: each page is newest first, no entry is repeated or
// skipped, and entries of other communities never appear.
func testListPagesFiltersAndVisitsEachEntryOnce(t *testing.T, db *store.DB) {
	us, cs := seed(t, db, []string{"Ada", "Bob"}, 2)
	log := activity.New(db)
	// "member.joinxrequested" would match "member.join_" if "_" were read
	// as a LIKE wildcard.
	kinds := []string{activity.MemberJoined, activity.CommunityUpdated, activity.MemberRoleChanged, activity.JoinRequested, "memberx.other", "member.joinxrequested"}
	var all []activity.Entry
	for i := range 47 {
		all = append(all, activity.Entry{At: t0.Add(time.Duration(i) * time.Minute), CommunityID: cs[0], ActorID: us[i%2],
			Kind: kinds[i%len(kinds)], SubjectType: "user", SubjectID: int64(i + 1)})
		// Noise in the other community, interleaved.
		all = append(all, activity.Entry{At: t0, CommunityID: cs[1], ActorID: us[0], Kind: activity.MemberJoined, SubjectID: 1000})
	}
	record(t, db, log, all...)

	tests := []struct {
		name  string
		q     activity.Query
		match func(e activity.Entry) bool
	}{
		{"everything", activity.Query{}, func(activity.Entry) bool { return true }},
		{"one actor", activity.Query{ActorID: us[1]}, func(e activity.Entry) bool { return e.ActorID == us[1] }},
		{"kind prefix member.", activity.Query{KindPrefix: "member."}, func(e activity.Entry) bool { return strings.HasPrefix(e.Kind, "member.") }},
		{"underscore is not a wildcard", activity.Query{KindPrefix: "member.join_"}, func(e activity.Entry) bool { return strings.HasPrefix(e.Kind, "member.join_") }},
		{"exact kind", activity.Query{KindPrefix: activity.CommunityUpdated}, func(e activity.Entry) bool { return e.Kind == activity.CommunityUpdated }},
		{"actor and prefix", activity.Query{ActorID: us[0], KindPrefix: "member."}, func(e activity.Entry) bool {
			return e.ActorID == us[0] && strings.HasPrefix(e.Kind, "member.")
		}},
		{"nothing matches", activity.Query{KindPrefix: "event."}, func(activity.Entry) bool { return false }},
	}
	for _, tt := range tests {
		for _, limit := range []int{1, 5, 10, 200} {
			t.Run(fmt.Sprintf("%s/limit %d", tt.name, limit), func(t *testing.T) {
				var want []int64
				for _, e := range all {
					if e.CommunityID == cs[0] && tt.match(e) {
						want = append(want, e.SubjectID)
					}
				}
				slices.Reverse(want) // newest first
				var got []int64
				q := tt.q
				q.CommunityID, q.Limit = cs[0], limit
				for pages := 0; ; pages++ {
					if pages > len(all) {
						t.Fatal("the cursor does not end")
					}
					page, next, err := log.List(context.Background(), q)
					if err != nil {
						t.Fatalf("List: %v", err)
					}
					if len(page) > limit {
						t.Fatalf("page of %d entries, limit %d", len(page), limit)
					}
					for i, e := range page {
						if i > 0 && e.ID >= page[i-1].ID {
							t.Errorf("page not newest first: id %d after %d", e.ID, page[i-1].ID)
						}
						got = append(got, e.SubjectID)
					}
					if next == 0 {
						break
					}
					if len(page) != limit {
						t.Errorf("short page of %d with a next cursor", len(page))
					}
					q.Before = next
				}
				if !slices.Equal(got, want) {
					t.Errorf("visited %v\nwant    %v", got, want)
				}
			})
		}
	}
}
