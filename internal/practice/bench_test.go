package practice_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// benchRequests is how many requests the benchmarks generate:
// CULTIVATE_BENCH_REQUESTS, 20,000 by default. The scale is
//
//	CULTIVATE_BENCH_REQUESTS=1000000 go test ./internal/practice -run '^$' -bench . -benchtime 200x
func benchRequests(b *testing.B) int {
	if s := os.Getenv("CULTIVATE_BENCH_REQUESTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 100 {
			b.Fatalf("CULTIVATE_BENCH_REQUESTS=%q: want a number of at least 100", s)
		}
		return n
	}
	return 20000
}

// generate fills the guild with n requests spread over two years: nine in
// ten in the guild, the rest in a second community; a third solved, one in
// fifty closed, the newest 2% still waiting for a reply; two tags each
// from a set of 40; three replies each on every hundredth request and on
// the newest.
func generate(b *testing.B, w *world, other community.Community, n int) (newest int64) {
	b.Helper()
	ctx := context.Background()
	start := store.Millis(t0) - int64(n)*60000
	err := w.db.WithTx(ctx, func(ctx context.Context) error {
		_, err := w.db.ExecContext(ctx, `WITH RECURSIVE g(x) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT x + 1 FROM g WHERE x < $1)
			INSERT INTO requests (community_id, author_id, title, body, tried, status, reply_count, created_at, updated_at,
				last_activity_at, due_at, first_reply_at, first_reply_by, commitment_met)
			SELECT CASE WHEN x % 10 = 0 THEN CAST($2 AS BIGINT) ELSE CAST($3 AS BIGINT) END, CASE WHEN x % 2 = 0 THEN CAST($4 AS BIGINT) ELSE CAST($5 AS BIGINT) END,
				'Generated request number ' || CAST(x AS TEXT), 'A body long enough to be a body, for request ' || CAST(x AS TEXT), '',
				CASE WHEN x % 50 = 0 THEN 'closed' WHEN x % 3 = 0 THEN 'solved' ELSE 'open' END,
				CASE WHEN x > $1 - $1 / 50 THEN 0 ELSE 1 END,
				CAST($6 AS BIGINT) + x * 60000, CAST($6 AS BIGINT) + x * 60000, CAST($6 AS BIGINT) + x * 60000 + (x % 7) * 3600000,
				CAST($6 AS BIGINT) + x * 60000 + 86400000,
				CASE WHEN x > $1 - $1 / 50 THEN NULL ELSE CAST($6 AS BIGINT) + x * 60000 + 3600000 END,
				CASE WHEN x > $1 - $1 / 50 THEN NULL ELSE CAST($7 AS BIGINT) END,
				CASE WHEN x > $1 - $1 / 50 THEN NULL ELSE TRUE END
			FROM g`, n, other.ID, w.c.ID, w.ana.ID, w.ben.ID, start, w.chloe.ID)
		if err != nil {
			return err
		}
		_, err = w.db.ExecContext(ctx, `INSERT INTO request_tags (request_id, community_id, tag)
			SELECT id, community_id, 'tag-' || CAST(id % 40 AS TEXT) FROM requests
			UNION ALL SELECT id, community_id, 'topic-' || CAST(id % 13 AS TEXT) FROM requests
			UNION ALL SELECT id, community_id, 'rare' FROM requests WHERE id % 100000 = 1
			UNION ALL SELECT id, community_id, 'bygone' FROM requests WHERE id <= 5000`)
		if err != nil {
			return err
		}
		_, err = w.db.ExecContext(ctx, `WITH RECURSIVE k(y) AS (SELECT 1 UNION ALL SELECT y + 1 FROM k WHERE y < 3)
			INSERT INTO replies (request_id, author_id, body, created_at, updated_at)
			SELECT r.id, $1, 'A generated reply, number ' || CAST(k.y AS TEXT), r.created_at + k.y * 60000, r.created_at + k.y * 60000
			FROM requests r, k WHERE r.id % 100 = 0 OR r.id = (SELECT MAX(id) FROM requests WHERE community_id = $2)`, w.chloe.ID, w.c.ID)
		return err
	})
	if err != nil {
		b.Fatalf("generate %d requests: %v", n, err)
	}
	if err := w.svc.RebuildTagIndex(ctx); err != nil {
		b.Fatal(err)
	}
	if w.db.Dialect() == store.Postgres {
		if _, err := w.db.ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.db.QueryRowContext(ctx, `SELECT MAX(id) FROM requests WHERE community_id = $1`, w.c.ID).Scan(&newest); err != nil {
		b.Fatal(err)
	}
	return newest
}

// BenchmarkPractice measures what a page needs at scale: a community's
// list (first and a deep page), the unanswered queue, a tag page, the
// lists across communities, a thread and the triage queue.
func BenchmarkPractice(b *testing.B) {
	n := benchRequests(b)
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		b.Run(engine, func(b *testing.B) {
			w := newWorldOn(b, newFixtureAt(b, storetest.Open(b, engine), clock.NewFake(t0)), community.Open)
			other, err := w.app.Communities.Create(w.ctx, w.lea, community.Settings{Name: "Data Analysts", Domain: "Data", Visibility: "open", CodeOfConduct: coc})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := w.app.Communities.Join(w.ctx, w.ana, other.Slug, true, ""); err != nil {
				b.Fatal(err)
			}
			if _, err := w.app.Accounts.UpdateProfile(w.ctx, w.ana.ID, account.Profile{Name: w.ana.Name, TimeZone: "UTC", Expertise: "tag-7 topic-3"}); err != nil {
				b.Fatal(err)
			}
			began := time.Now()
			newest := generate(b, w, other, n)
			b.Logf("%s: %d requests generated in %s", engine, n, time.Since(began).Round(time.Millisecond))
			w.clock.Set(t0.Add(time.Hour))

			deep, err := w.svc.List(w.ctx, w.ana, practice.Filter{CommunitySlug: w.c.Slug, Limit: 100})
			if err != nil {
				b.Fatal(err)
			}
			for range 20 {
				if deep, err = w.svc.List(w.ctx, w.ana, practice.Filter{CommunitySlug: w.c.Slug, Limit: 100, Cursor: deep.Next}); err != nil {
					b.Fatal(err)
				}
			}
			cases := []struct {
				name string
				run  func() error
			}{
				{"list", func() error {
					_, err := w.svc.List(w.ctx, w.ana, practice.Filter{CommunitySlug: w.c.Slug})
					return err
				}},
				{"list_page_22", func() error {
					_, err := w.svc.List(w.ctx, w.ana, practice.Filter{CommunitySlug: w.c.Slug, Cursor: deep.Next})
					return err
				}},
				{"unanswered", func() error {
					_, err := w.svc.List(w.ctx, w.ana, practice.Filter{CommunitySlug: w.c.Slug, View: practice.ViewUnanswered})
					return err
				}},
				{"solved", func() error {
					_, err := w.svc.List(w.ctx, w.ana, practice.Filter{CommunitySlug: w.c.Slug, View: practice.ViewSolved})
					return err
				}},
				{"tag", func() error {
					_, err := w.svc.List(w.ctx, w.ana, practice.Filter{CommunitySlug: w.c.Slug, Tag: "tag-7"})
					return err
				}},
				{"rare_tag", func() error {
					_, err := w.svc.List(w.ctx, w.ana, practice.Filter{CommunitySlug: w.c.Slug, Tag: "rare"})
					return err
				}},
				{"bygone_tag", func() error {
					_, err := w.svc.List(w.ctx, w.ana, practice.Filter{CommunitySlug: w.c.Slug, Tag: "bygone"})
					return err
				}},
				{"tag_counts", func() error {
					_, err := w.svc.Tags(w.ctx, w.ana, w.c.Slug)
					return err
				}},
				{"all_my_communities", func() error {
					_, err := w.svc.List(w.ctx, w.ana, practice.Filter{})
					return err
				}},
				{"mine", func() error {
					_, err := w.svc.List(w.ctx, w.ana, practice.Filter{View: practice.ViewMine})
					return err
				}},
				{"expertise", func() error {
					_, err := w.svc.List(w.ctx, w.ana, practice.Filter{View: practice.ViewExpertise})
					return err
				}},
				{"thread", func() error {
					_, err := w.svc.Thread(w.ctx, w.ana, w.c.Slug, newest)
					return err
				}},
				{"triage", func() error {
					_, err := w.svc.Triage(w.ctx, w.lea, w.c.Slug)
					return err
				}},
			}
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) {
					for b.Loop() {
						if err := c.run(); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}
