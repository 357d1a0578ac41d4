package demo

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cultivate/internal/clock"
	"cultivate/internal/practice"
)

// Every question reads as written: its tokens fill in, it fits what the
// services accept, and there are enough of them that threads do not
// visibly repeat.
func TestTopicsFillInAndFit(t *testing.T) {
	w := testWorld()
	writer := &Person{Name: "Ada Lovelace", Team: "payments"}
	them := &Person{Name: "Grace Hopper", Headline: "Engineer, search"}
	total := 0
	for _, set := range [][]topic{testingTopics(), uxTopics(), dataTopics(), frontendTopics(), mobileTopics(),
		securityTopics(), waysOfWorkingTopics(), specialTopics()} {
		keys := map[string]bool{}
		for _, tp := range set {
			total++
			if keys[tp.key] || tp.key == "" {
				t.Errorf("topic key %q is empty or repeated", tp.key)
			}
			keys[tp.key] = true
			if len(tp.titles) == 0 || len(tp.answers) == 0 || tp.gist == "" || len(tp.tags) == 0 || len(tp.tags) > practice.MaxTags {
				t.Errorf("%s: want titles, answers, a gist and 1 to %d tags", tp.key, practice.MaxTags)
			}
			for seed := range int64(4) {
				w.Rand = stepRand(seed, "topics")
				f := newFiller(w, w.Rand, tp.vars)
				f.vals["gist"] = tp.gist
				texts := []string{tp.body, tp.tried, tp.gist, tp.worked, tp.partly, tp.didNot}
				texts = append(append(texts, tp.titles...), tp.answers...)
				for i, text := range texts {
					got := f.text(text, writer, them)
					if strings.Contains(strings.ReplaceAll(got, "«@»", ""), "«") || strings.Contains(got, "‵") {
						t.Errorf("%s: %q is not filled in", tp.key, got)
					}
					if i >= 6 && i < 6+len(tp.titles) {
						if n := utf8.RuneCountInString(got); n < practice.MinTitle || n > practice.MaxTitle {
							t.Errorf("%s: title %q has %d characters", tp.key, got, n)
						}
					}
				}
				if n := utf8.RuneCountInString(f.text(tp.body, writer, them)); n < practice.MinBody {
					t.Errorf("%s: body of %d characters", tp.key, n)
				}
			}
		}
	}
	if total < 60 {
		t.Errorf("%d questions, want at least 60 so that the text does not repeat visibly", total)
	}
	if err := w.Err(); err != nil {
		t.Error(err)
	}
}

func TestTidyLeavesOutChatter(t *testing.T) {
	body := "## The question\n\nHi all,\n\nWhy?\n\nThanks in advance!\n\n## The answer\n\n> Been there.\n>\n> Because.\n>\n> Shout if that doesn't do it."
	want := "## The question\n\nWhy?\n\n## The answer\n\n> Because."
	if got := tidy(body, []string{"Hi all,", "Thanks in advance!", "Been there.", "Shout if that doesn't do it."}); got != want {
		t.Errorf("tidy gave\n%s\nwant\n%s", got, want)
	}
}

// The help and knowledge steps plan without a mistake for every seed the
// package doc describes and for an end of history at any hour, and plant
// what the stories need (the services then check every action).
func TestHelpPlansForEverySeedAndHour(t *testing.T) {
	nows := []time.Time{
		time.Date(2026, time.March, 4, 14, 30, 0, 0, time.UTC), // a Wednesday afternoon
		time.Date(2026, time.March, 8, 3, 10, 0, 0, time.UTC),  // a Sunday night
		time.Date(2027, time.January, 1, 0, 5, 0, 0, time.UTC), // the holidays
	}
	for _, now := range nows {
		for seed := int64(1); seed <= 12; seed++ {
			w := newWorld(nil, clock.NewFake(now.Add(-History)), now.Add(-History), now, "")
			for _, s := range steps() {
				w.Rand = stepRand(seed, s.Name)
				if err := s.Run(context.Background(), w); err != nil {
					t.Fatal(err)
				}
				if err := w.Err(); err != nil {
					t.Fatalf("seed %d, Now %s, step %s: %v", seed, stamp(now), s.Name, err)
				}
			}
			threads, artefacts := 0, 0
			for _, c := range w.Communities {
				threads += len(c.Threads)
				artefacts += len(c.Artefacts)
				waiting := 0
				for _, th := range c.Threads {
					if len(th.Posts) == 0 && th.ClosedAt.IsZero() && now.Sub(th.AskedAt) < 8*day {
						waiting++
					}
				}
				switch c.Story {
				case StoryThriving:
					if len(c.Threads) < 100 {
						t.Errorf("seed %d: %d requests in testing, want 100+", seed, len(c.Threads))
					}
				case StorySilentLeader, StoryEventsNoHelp:
					if waiting < 2 {
						t.Errorf("seed %d: %d requests of the last week unanswered in %s, want some", seed, waiting, c.Slug())
					}
				case StoryBrandNew:
					if len(c.Threads) != 3 {
						t.Errorf("seed %d: %d requests in %s, want 3", seed, len(c.Threads), c.Slug())
					}
				}
			}
			if threads < 250 || threads > 400 || artefacts < 35 || artefacts > 55 {
				t.Errorf("seed %d, Now %s: %d requests and %d artefacts, want about 300 and 40", seed, stamp(now), threads, artefacts)
			}
		}
	}
}
