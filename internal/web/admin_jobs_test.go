package web_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"

	"cultivate/internal/jobs"
	"cultivate/internal/store"
	"cultivate/internal/storetest"
	"cultivate/internal/web"
)

func TestAdminsSeeAndRetryFailedJobs(t *testing.T) {
	storetest.Engines(t, func(t *testing.T, db *store.DB) {
		s := newSite(t, db, web.Config{})
		ctx := context.Background()
		s.app.Jobs.HandleOutside("test.flaky", func(context.Context, jobs.Job) error {
			return jobs.Permanent(errors.New("the receiver said no"))
		})
		if _, err := s.app.Jobs.Enqueue(ctx, "test.flaky", nil, jobs.Options{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.app.Jobs.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
		failed, err := s.app.Jobs.List(ctx, jobs.Failed, 0, 10)
		if err != nil || len(failed) != 1 {
			t.Fatalf("failed jobs %v, %v", failed, err)
		}
		id := strconv.FormatInt(failed[0].ID, 10)

		b := s.browser()
		b.signup("lea@example.org", "Léa Martin")
		wantStatus(t, b.get("/admin/jobs"), http.StatusForbidden, "Only administrators")
		wantStatus(t, b.post("/admin/jobs/"+id+"/retry", nil), http.StatusForbidden)
		u, err := s.app.Accounts.ByEmail(ctx, "lea@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.app.Accounts.SetRoles(ctx, u.ID, true, false); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, b.get("/admin/jobs"), http.StatusOK, "test.flaky", "the receiver said no", "Try again")
		wantStatus(t, b.get("/admin/jobs?state=nonsense"), http.StatusUnprocessableEntity, "Choose pending, done or failed")
		wantStatus(t, b.post("/admin/jobs/"+id+"/retry", nil), http.StatusSeeOther)
		if n := storetest.Count(t, db, `SELECT COUNT(*) FROM jobs WHERE failed_at IS NULL AND attempts = 0 AND kind = 'test.flaky'`); n != 1 {
			t.Fatalf("the retried job is not waiting to run again (%d)", n)
		}
		wantStatus(t, b.post("/admin/jobs/"+id+"/retry", nil), http.StatusNotFound, "no failed job")
		wantStatus(t, b.get("/admin/jobs?state=pending"), http.StatusOK, "test.flaky")
	})
}
