package practice_test

import (
	"testing"
	"time"

	"cultivate/internal/errs"
	"cultivate/internal/notify"
	"cultivate/internal/practice"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
)

// TestClaimsAreVisibleExclusiveAndExpire: one person holds a request at a
// time, for the community's claim time; then anyone may take it.
func TestClaimsAreVisibleExclusiveAndExpire(t *testing.T) {
	t.Parallel()
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		r := w.ask(t, w.ana, "test a mobile app offline")

		before := w.snapshot(t)
		_, err := w.svc.Claim(w.ctx, w.ana, w.c.Slug, r.ID)
		wantKind(t, err, errs.Conflict, "")
		wantMessage(t, err, "your own request")
		wantKind(t, w.svc.Unclaim(w.ctx, w.ben, w.c.Slug, r.ID), errs.Conflict, "")
		w.unchanged(t, before, "claiming one's own request")

		since := w.mark(t)
		if _, err := w.svc.Claim(w.ctx, w.ben, w.c.Slug, r.ID); err != nil {
			t.Fatalf("Claim: %v", err)
		}
		w.wantLog(t, since, line{practice.ActivityClaimed, w.ben.ID, r.ID})
		if got := w.get(t, w.otto, r.ID).Claim; got.By.ID != w.ben.ID || got.By.Name != "Ben Okafor" || !got.Until.Equal(t0.Add(2*time.Hour)) {
			t.Errorf("visible claim %+v", got)
		}
		if got := w.notes(t, w.ana, notify.Claimed); len(got) != 1 || got[0] != "Ben Okafor is on it: “How do we test a mobile app offline?”" {
			t.Errorf("Ana's notes %q", got)
		}
		if page, err := w.svc.List(w.ctx, w.ben, practice.Filter{View: practice.ViewClaimedByMe}); err != nil || len(page.Items) != 1 || page.Items[0].Claim.By.ID != w.ben.ID {
			t.Errorf("Ben's claimed list %+v, %v", page, err)
		}

		w.clock.Advance(time.Hour)
		before = w.snapshot(t)
		_, err = w.svc.Claim(w.ctx, w.chloe, w.c.Slug, r.ID)
		wantKind(t, err, errs.Conflict, "")
		wantMessage(t, err, "Ben Okafor is already on it (for another 1 h)")
		wantKind(t, w.svc.Unclaim(w.ctx, w.sam, w.c.Slug, r.ID), errs.Forbidden, "")
		w.unchanged(t, before, "a second claim")

		// Claiming again extends one's own claim, without telling the asker again.
		again, err := w.svc.Claim(w.ctx, w.ben, w.c.Slug, r.ID)
		if err != nil || !again.Until.Equal(t0.Add(3*time.Hour)) {
			t.Errorf("renewed claim %+v, %v", again, err)
		}
		if got := w.notes(t, w.ana, notify.Claimed); len(got) != 1 {
			t.Errorf("Ana told %d times", len(got))
		}

		// Expired, it counts as none.
		w.clock.Advance(2*time.Hour + time.Millisecond)
		if got := w.get(t, w.ana, r.ID).Claim; got.Active() {
			t.Errorf("expired claim still shows: %+v", got)
		}
		if page, _ := w.svc.List(w.ctx, w.ben, practice.Filter{View: practice.ViewClaimedByMe}); len(page.Items) != 0 {
			t.Errorf("an expired claim is still listed as Ben's")
		}
		wantKind(t, w.svc.Unclaim(w.ctx, w.ben, w.c.Slug, r.ID), errs.Conflict, "")
		if _, err := w.svc.Claim(w.ctx, w.sam, w.c.Slug, r.ID); err != nil {
			t.Fatalf("claiming after expiry: %v", err)
		}

		// The core group can release someone's claim; the holder can give it back.
		if err := w.svc.Unclaim(w.ctx, w.chloe, w.c.Slug, r.ID); err != nil {
			t.Fatalf("core unclaims: %v", err)
		}
		if _, err := w.svc.Claim(w.ctx, w.ben, w.c.Slug, r.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Unclaim(w.ctx, w.ben, w.c.Slug, r.ID); err != nil {
			t.Fatalf("holder unclaims: %v", err)
		}

		// A reply by someone else ends the claim; answered requests cannot be claimed.
		if _, err := w.svc.Claim(w.ctx, w.ben, w.c.Slug, r.ID); err != nil {
			t.Fatal(err)
		}
		w.reply(t, w.chloe, r.ID, "Airplane mode and a proxy that drops packets.")
		if got := w.get(t, w.ana, r.ID).Claim; got.Active() {
			t.Errorf("claim %+v survived a reply", got)
		}
		_, err = w.svc.Claim(w.ctx, w.ben, w.c.Slug, r.ID)
		wantKind(t, err, errs.Conflict, "")
		wantMessage(t, err, "already has a reply")
	})
}
