package demo

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"cultivate/internal/clock"
	"cultivate/internal/community"
)

// testWorld is a World with no app: enough to plan, and to run actions
// that do not call the services.
func testWorld() *World {
	now := time.Date(2026, time.March, 4, 14, 30, 0, 0, time.UTC)
	start := now.Add(-History)
	w := newWorld(nil, clock.NewFake(start), start, now, "")
	w.Rand = stepRand(1, "test")
	return w
}

func TestActionsRunInTimeOrderAndMayScheduleFollowUps(t *testing.T) {
	w := testWorld()
	var got []string
	record := func(name string) func(context.Context) error {
		return func(context.Context) error {
			got = append(got, fmt.Sprintf("%s@%d", name, w.Clock.Now().Sub(w.Start)/day))
			return nil
		}
	}
	w.At(w.Start.Add(3*day), "c", record("c"))
	w.At(w.Start.Add(day), "a", func(ctx context.Context) error {
		w.At(w.Clock.Now().Add(day), "b", record("b"))
		return record("a")(ctx)
	})
	w.At(w.Start.Add(3*day), "d", record("d")) // same time as c: runs after it
	if err := w.run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if want := []string{"a@1", "b@2", "c@3", "d@3"}; !slices.Equal(got, want) {
		t.Errorf("ran %v, want %v", got, want)
	}
	if !w.Clock.Now().Equal(w.Now) {
		t.Errorf("the clock ends at %s, want Now", w.Clock.Now())
	}
}

func TestAnActionCannotScheduleThePast(t *testing.T) {
	w := testWorld()
	w.At(w.Start.Add(2*day), "late", func(context.Context) error {
		w.At(w.Start.Add(day), "earlier", func(context.Context) error { return nil })
		return nil
	})
	if err := w.run(context.Background()); err == nil {
		t.Fatal("an action scheduled before the current time was accepted")
	}
}

// The stories depend on the planning helpers refusing what cannot happen.
func TestPlanningMistakesStopTheDemo(t *testing.T) {
	for _, tc := range []struct {
		name string
		plan func(w *World, c *Community, founder, p *Person)
	}{
		{"acting after going quiet", func(w *World, c *Community, founder, p *Person) {
			p.QuietSince = w.DaysAgo(40)
			w.join(c, p, w.DaysAgo(30), "")
		}},
		{"acting before signing up", func(w *World, c *Community, founder, p *Person) {
			p.SignedUpAt = w.DaysAgo(10)
			w.join(c, p, w.DaysAgo(20), "")
		}},
		{"joining before the community exists", func(w *World, c *Community, founder, p *Person) {
			w.join(c, p, w.DaysAgo(150), "")
		}},
		{"joining twice", func(w *World, c *Community, founder, p *Person) {
			w.join(c, p, w.DaysAgo(50), "")
			w.join(c, p, w.DaysAgo(40), "")
		}},
		{"the leader leaving", func(w *World, c *Community, founder, p *Person) {
			w.leave(c, founder, w.DaysAgo(50))
		}},
		{"a core member inviting a sponsor", func(w *World, c *Community, founder, p *Person) {
			w.join(c, p, w.DaysAgo(90), "")
			w.setRole(c, p, community.Core, w.DaysAgo(80))
			w.invite(c, p, nil, "someone@"+EmailDomain, community.Sponsor, w.DaysAgo(70), time.Time{})
		}},
		{"accepting an expired invitation", func(w *World, c *Community, founder, p *Person) {
			w.invite(c, founder, p, "", community.Member, w.DaysAgo(60), w.DaysAgo(30))
		}},
		{"acting after Now", func(w *World, c *Community, founder, p *Person) {
			w.join(c, p, w.Now.Add(time.Hour), "")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := testWorld()
			founder := &Person{Email: "founder@" + EmailDomain, TimeZone: "UTC", SignedUpAt: w.Start}
			p := &Person{Email: "p@" + EmailDomain, TimeZone: "UTC", SignedUpAt: w.Start}
			c := &Community{Settings: community.Settings{Slug: "c", Visibility: string(community.Open)}}
			w.create(c, founder, w.DaysAgo(100))
			if err := w.Err(); err != nil {
				t.Fatalf("a sound plan failed: %v", err)
			}
			tc.plan(w, c, founder, p)
			if err := w.Err(); err == nil {
				t.Error("the mistake went unnoticed")
			} else {
				t.Log(err)
			}
		})
	}
}

func TestWorkTimeStaysInItsBounds(t *testing.T) {
	w := testWorld()
	loc, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2000 {
		raw := w.Start.Add(time.Duration(i) * 3 * time.Hour)
		if raw.After(w.Now) {
			break
		}
		lo, hi := raw.Add(-day), raw.Add(day/2)
		got := w.WorkTime(w.Rand, raw, lo, hi, loc)
		if got.Before(lo) || got.After(hi) || got.After(w.Now) || got.Before(w.Start) {
			t.Fatalf("WorkTime(%s) = %s, outside [%s, %s]", raw, got, lo, hi)
		}
	}
	if err := w.Err(); err != nil {
		t.Fatal(err)
	}
}
