package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"cultivate/internal/search"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// BenchmarkSearch measures a search on each engine over 10,000 and 100,000
// documents in 20 communities, the viewer reading 10 of them. Run it with
//
//	go test ./internal/search/ -run '^$' -bench Search -benchtime 200x
//
// The documents are written with a Zipf-distributed vocabulary (a few
// hundred common and domain words, a long tail of rare ones), so common
// words match a large share of the corpus as they do in real text.
func BenchmarkSearch(b *testing.B) {
	for _, engine := range []string{storetest.SQLite, storetest.Postgres} {
		b.Run(engine, func(b *testing.B) {
			for _, n := range []int{10_000, 100_000} {
				b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
					db := storetest.Open(b, engine)
					communities := loadCorpus(b, db, n)
					benchQueries(b, search.New(db), communities[:10])
				})
			}
		})
	}
}

func benchQueries(b *testing.B, ix *search.Index, viewer []int64) {
	ctx := context.Background()
	no := false
	for _, bq := range []struct {
		name string
		q    search.Q
	}{
		{"common word", search.Q{Text: "test"}},
		{"two words", search.Q{Text: "flaky pipeline"}},
		{"rare word", search.Q{Text: "zorblax"}},
		{"phrase", search.Q{Text: `"integration tests"`}},
		{"prefix", search.Q{Text: "deploy*"}},
		{"OR and exclusion", search.Q{Text: "retry OR quarantine -timeout"}},
		{"filtered", search.Q{Text: "review", Kind: search.KindRequest, Solved: &no, Tag: "ci"}},
		{"page 3", search.Q{Text: "coverage", Cursor: "cjQw"}}, // r40
		{"blank, newest first", search.Q{}},
		{"blank, tag", search.Q{Tag: "security"}},
	} {
		bq.q.CommunityIDs = viewer
		b.Run(bq.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := ix.Search(ctx, bq.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("similar", func(b *testing.B) {
		text := "Our integration tests are flaky on the deployment pipeline; retries hide a timeout in the database migration"
		for b.Loop() {
			if _, err := ix.Similar(ctx, text, viewer, 5); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// loadCorpus writes n documents in bulk (multi-row INSERTs: the triggers
// and the generated tsvector index them as Put would) and returns the
// communities' ids.
func loadCorpus(b *testing.B, db *store.DB, n int) []int64 {
	b.Helper()
	start := time.Now()
	communities := make([]int64, 20)
	for i := range communities {
		communities[i] = newCommunity(b, db, fmt.Sprintf("bench-%d", i))
	}
	g := newTextGen(42)
	ctx := context.Background()
	const batch = 500
	for lo := 0; lo < n; lo += batch {
		err := db.WithTx(ctx, func(ctx context.Context) error {
			var sb strings.Builder
			var a []any
			sb.WriteString(`INSERT INTO search_docs (kind, ref_id, community_id, subkind, solved, tags, created_at, title, body) VALUES `)
			for i := lo; i < min(lo+batch, n); i++ {
				if i > lo {
					sb.WriteString(", ")
				}
				p := len(a)
				fmt.Fprintf(&sb, "($%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d, $%d)", p+1, p+2, p+3, p+4, p+5, p+6, p+7, p+8, p+9)
				kind, sub := search.KindRequest, ""
				if g.r.IntN(4) == 0 {
					kind, sub = search.KindArtefact, artefactKinds[g.r.IntN(len(artefactKinds))]
				}
				a = append(a, kind, int64(i+1), communities[g.r.IntN(len(communities))], sub, g.r.IntN(2) == 0,
					g.tags(), store.Millis(base.Add(time.Duration(i)*time.Minute)), g.sentence(5+g.r.IntN(6)), g.body())
			}
			_, err := db.ExecContext(ctx, sb.String(), a...)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if db.Dialect() == store.Postgres {
		if _, err := db.ExecContext(ctx, `ANALYZE search_docs`); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: %d documents loaded in %v", db.Dialect(), n, time.Since(start).Round(time.Millisecond))
	return communities
}

var artefactKinds = []string{"faq", "summary", "case_story", "failure_reflection", "insight", "practice", "minutes"}

// textGen writes plausible text for a community of practice.
type textGen struct {
	r     *rand.Rand
	zipf  *rand.Zipf
	vocab []string
}

func newTextGen(seed uint64) *textGen {
	r := rand.New(rand.NewPCG(seed, seed))
	vocab := strings.Fields(commonWords + " " + domainWords)
	// A long tail of rare words: project names, libraries, jargon.
	syl := strings.Fields("ka lo mi zor bla x ven tra qui del fen gor ith um pal rex sto vin wex yal")
	for len(vocab) < 6000 {
		w := ""
		for range 2 + r.IntN(2) {
			w += syl[r.IntN(len(syl))]
		}
		vocab = append(vocab, w)
	}
	vocab = append(vocab, "zorblax") // the benchmark's rare word, at the very end of the tail
	return &textGen{r: r, vocab: vocab, zipf: rand.NewZipf(r, 1.07, 2, uint64(len(vocab)-1))}
}

func (g *textGen) word() string { return g.vocab[g.zipf.Uint64()] }

func (g *textGen) sentence(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = g.word()
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func (g *textGen) body() string {
	var sb strings.Builder
	for range 3 + g.r.IntN(10) {
		sb.WriteString(g.sentence(6 + g.r.IntN(12)))
		sb.WriteString(". ")
	}
	return sb.String()
}

func (g *textGen) tags() string {
	tags := strings.Fields("ci flaky security performance accessibility exploratory automation api mobile data review contract mutation tooling onboarding")
	var out []string
	for range 1 + g.r.IntN(3) {
		out = append(out, tags[g.r.IntN(len(tags))])
	}
	return strings.Join(out, " ")
}

const commonWords = `the of and to a in is it you that he was for on are with as i his they be at one have
this from or had by hot but some what there we can out other were all your when up use word how said an each
she which do their time if will way about many then them would write like so these her long make thing see him
two has look more day could go come did my sound no most number who over know water than call first people may
down side been now find any new work part take get place made live where after back little only round man year
came show every good me give our under name very through just form much great think say help low line before
turn cause same mean differ move right boy old too does tell sentence set three want air well also play small end
put home read hand port large spell add even land here must big high such follow act why ask men change went
light kind off need house picture try us again animal point mother world near build self earth father`

const domainWords = `test tests testing tester flaky pipeline build deploy deployment release integration unit end-to-end
coverage mutation regression suite fixture mock stub contract api service database migration schema query index
latency timeout retry retries quarantine bug defect incident postmortem review pairing charter exploratory session
debrief heuristic oracle risk requirement story acceptance criteria automation framework selenium playwright cypress
junit pytest benchmark load performance security vulnerability threat model accessibility screen reader contrast
keyboard mobile device browser cache container cluster kubernetes docker staging production monitoring alert
dashboard metric log trace observability feature flag rollback canary branch merge commit pull request refactor
legacy debt architecture design pattern practice community meetup workshop retrospective backlog sprint kanban
estimate velocity onboarding mentor learning knowledge faq summary insight failure reflection experiment hypothesis`
