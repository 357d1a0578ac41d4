package knowledge_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"cultivate/internal/community"
	"cultivate/internal/knowledge"
	"cultivate/internal/storetest"
)

// BenchmarkList measures the Knowledge tab of a community holding 20,000
// artefacts, among 40,000 in ten communities written over the same time
// (so their ids interleave, as on a live instance): the first page, a page
// deep in the list, pages filtered by kind, tag, rare tag and practice
// status, and "what my communities learned" across two of them.
//
//	go test -run '^$' -bench BenchmarkList ./internal/knowledge/
func BenchmarkList(b *testing.B) {
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		b.Run(engine, func(b *testing.B) {
			db := storetest.Open(b, engine)
			f := newFixture(b, db)
			w := f.world(b)
			f.add(b, w.lead2, w.other, w.bob, community.Member)
			others := []int64{w.other.ID}
			for i := range 8 {
				others = append(others, f.community(b, w.lead2, fmt.Sprintf("Community %d", i), community.Open).ID)
			}
			const n = 40000
			fill(b, f, w.alice.ID, n, func(i int) int64 {
				if i%2 == 0 {
					return w.c.ID
				}
				return others[(i/2)%len(others)]
			})
			if engine == storetest.Postgres {
				// Fresh statistics, as autovacuum keeps them on a live server.
				if _, err := db.ExecContext(f.ctx, `ANALYZE`); err != nil {
					b.Fatal(err)
				}
			}
			var deep int64
			if err := db.QueryRowContext(f.ctx, `SELECT MIN(id) + $2 FROM artefacts WHERE community_id = $1`, w.c.ID, n/2).Scan(&deep); err != nil {
				b.Fatal(err)
			}
			for _, bench := range []struct {
				name   string
				filter knowledge.Filter
			}{
				{"first page", knowledge.Filter{CommunitySlug: w.c.Slug}},
				{"deep page", knowledge.Filter{CommunitySlug: w.c.Slug, Cursor: fmt.Sprint(deep)}},
				{"kind", knowledge.Filter{CommunitySlug: w.c.Slug, Kind: knowledge.CaseStory}},
				{"tag", knowledge.Filter{CommunitySlug: w.c.Slug, Tag: "tag7"}},
				{"rare tag", knowledge.Filter{CommunitySlug: w.c.Slug, Tag: "rare"}},
				{"status", knowledge.Filter{CommunitySlug: w.c.Slug, Status: knowledge.Recommended}},
				{"my communities", knowledge.Filter{}},
			} {
				b.Run(bench.name, func(b *testing.B) {
					bench.filter.Limit = 20
					for b.Loop() {
						page, err := f.k.List(f.ctx, w.bob, bench.filter)
						if err != nil {
							b.Fatal(err)
						}
						if len(page.Items) == 0 {
							b.Fatal("empty page")
						}
					}
				})
			}
		})
	}
}

// fill writes n artefacts of every kind, the i-th into community
// communityOf(i), with plain SQL in batches: the service's own path is
// what the tests check, and going through it would make setting up the
// benchmark the slow part. Every artefact gets one of ten tags; about one in
// a thousand also gets the tag "rare".
func fill(b testing.TB, f *fixture, authorID int64, n int, communityOf func(i int) int64) {
	b.Helper()
	kinds := knowledge.Kinds()
	statuses := knowledge.PracticeStatuses()
	const batch = 400
	err := f.db.WithTx(f.ctx, func(ctx context.Context) error {
		for start := 0; start < n; start += batch {
			var rows []string
			var args []any
			for i := start; i < min(start+batch, n); i++ {
				kind := kinds[(i/2)%len(kinds)].Kind
				status := ""
				if kind == knowledge.Practice {
					status = string(statuses[(i/2)%len(statuses)].Status)
				}
				p := len(args)
				rows = append(rows, fmt.Sprintf("($%d, $%d, $%d, $%d, $%d, FALSE, $%d, 1, $%d, $%d)", p+1, p+2, p+3, p+4, p+5, p+6, p+7, p+7))
				args = append(args, communityOf(i), string(kind), fmt.Sprintf("Artefact %d about testing", i),
					strings.Repeat(fmt.Sprintf("Paragraph %d of what we learned. ", i), 20), authorID, status, int64(i)*1000)
			}
			if _, err := f.db.ExecContext(ctx, `INSERT INTO artefacts (community_id, kind, title, body, author_id, anonymous, practice_status, revision, created_at, updated_at)
				VALUES `+strings.Join(rows, ", "), args...); err != nil {
				return err
			}
		}
		if _, err := f.db.ExecContext(ctx, `INSERT INTO artefact_tags (artefact_id, community_id, tag)
			SELECT id, community_id, 'tag' || CAST((id / 2) % 10 AS TEXT) FROM artefacts`); err != nil {
			return err
		}
		_, err := f.db.ExecContext(ctx, `INSERT INTO artefact_tags (artefact_id, community_id, tag)
			SELECT id, community_id, 'rare' FROM artefacts WHERE id % 1000 IN (0, 1)`)
		return err
	})
	if err != nil {
		b.Fatalf("fill: %v", err)
	}
}
