package web

import (
	"errors"
	"net/http"
	"strconv"

	"cultivate/internal/errs"
	"cultivate/internal/jobs"
)

// adminJobsView is the background work as an admin checks it: how many jobs
// of each kind wait, ran or failed, and a page of one state's jobs.
type adminJobsView struct {
	page
	Counts []jobs.Counts
	State  string
	States []string
	Jobs   []jobs.Status
	Next   int64
}

const adminJobsPage = 50

func (s *Server) adminJobs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	state := jobs.State(q.Get("state"))
	if state == "" {
		state = jobs.Failed
	}
	if state != jobs.Pending && state != jobs.Done && state != jobs.Failed {
		s.fail(w, r, errs.Field("state", "Choose pending, done or failed."))
		return
	}
	before, _ := parseInt(q.Get("before"))
	v := &adminJobsView{page: page{Title: "Background jobs · Admin", Nav: "admin"}, State: string(state),
		States: []string{string(jobs.Failed), string(jobs.Pending), string(jobs.Done)}}
	var err error
	if v.Counts, err = s.app.Jobs.Summary(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	if v.Jobs, err = s.app.Jobs.List(r.Context(), state, before, adminJobsPage); err != nil {
		s.fail(w, r, err)
		return
	}
	if len(v.Jobs) == adminJobsPage {
		v.Next = v.Jobs[len(v.Jobs)-1].ID
	}
	s.render(w, r, http.StatusOK, "admin_jobs", v)
}

func (s *Server) adminRetryJob(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.app.Jobs.Retry(r.Context(), id); err != nil {
		if errors.Is(err, jobs.ErrNotFailed) {
			err = errs.E(errs.NotFound, "There is no failed job %d to retry.", id)
		}
		s.fail(w, r, err)
		return
	}
	s.redirect(w, r, "/admin/jobs", "Job "+strconv.FormatInt(id, 10)+" will run again within a minute.")
}
