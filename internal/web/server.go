// Package web serves cultivate's pages: server-rendered html/template views,
// progressively enhanced, that work without JavaScript. It parses input,
// calls the areas through internal/app, and renders; it holds no SQL and no
// business rules. The JSON API (internal/api) is mounted under /api/v1.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"cultivate/internal/app"
	"cultivate/internal/markdown"
)

// Config is what the web layer needs to know about its deployment.
type Config struct {
	// BaseURL is the public address, e.g. https://cop.example.org. Its
	// scheme decides whether cookies are marked Secure.
	BaseURL string
	// MaxBodyBytes bounds every request body (default 1 MiB).
	MaxBodyBytes int64
	// TrustProxy believes X-Forwarded-For for the client's address (set it
	// only behind a proxy that overwrites that header).
	TrustProxy bool
	// Version is shown in the footer and /healthz.
	Version string
	// DemoLogins, when set, are shown on the login page of a demo instance.
	DemoLogins []DemoLogin
	// API serves /api/v1/ when set; it receives requests whose user is
	// already resolved (see UserFrom).
	API http.Handler
}

// DemoLogin is a ready-made account shown on a demo instance's login page.
type DemoLogin struct {
	Role, Email, Password, Note string
}

// Server is the web surface.
type Server struct {
	app     *app.App
	cfg     Config
	log     *slog.Logger
	views   *views
	assets  *assets
	md      *markdown.Renderer
	metrics *metrics
	secure  bool
}

// New builds the whole HTTP handler: pages, assets, the API (when given),
// health, readiness and metrics, behind the shared middleware.
func New(a *app.App, log *slog.Logger, cfg Config) (http.Handler, error) {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	as, err := loadAssets()
	if err != nil {
		return nil, err
	}
	s := &Server{app: a, cfg: cfg, log: log, assets: as, md: markdown.New(), secure: isHTTPS(cfg.BaseURL)}
	s.views, err = parseViews(s.funcs())
	if err != nil {
		return nil, err
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	s.metrics = newMetrics(reg)

	mux := http.NewServeMux()
	s.routes(mux)
	if cfg.API != nil {
		mux.Handle("/api/v1/", cfg.API)
	}
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok " + cfg.Version + "\n"))
	})
	mux.HandleFunc("GET /readyz", s.ready)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errCrossOrigin())
	}))
	var h http.Handler = recordRoute(mux)
	h = s.authenticate(h)
	h = cop.Handler(h)
	h = s.limitBody(h)
	h = s.securityHeaders(h)
	h = s.observe(h)
	return h, nil
}

func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.app.DB.Ping(ctx); err != nil {
		s.log.Error("readiness: database", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("database unavailable\n"))
		return
	}
	if n, err := s.app.DB.PendingMigrations(ctx); err != nil || n > 0 {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("migrations pending\n"))
		return
	}
	_, _ = w.Write([]byte("ready\n"))
}

// routes is the page surface's one route table.
func (s *Server) routes(mux *http.ServeMux) {
	mux.Handle("GET /static/", s.assets)

	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("GET /signup", s.signupForm)
	mux.HandleFunc("POST /signup", s.signup)
	mux.HandleFunc("GET /login", s.loginForm)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)

	mux.HandleFunc("GET /communities", s.discover)
	mux.HandleFunc("GET /communities/new", s.signedIn(s.newCommunityForm))
	mux.HandleFunc("POST /communities", s.signedIn(s.createCommunity))

	mux.HandleFunc("GET /c/{slug}", s.communityHome)
	mux.HandleFunc("GET /c/{slug}/conduct", s.conduct)
	mux.HandleFunc("POST /c/{slug}/join", s.signedIn(s.join))
	mux.HandleFunc("POST /c/{slug}/leave", s.signedIn(s.leave))
	mux.HandleFunc("POST /c/{slug}/intro", s.signedIn(s.updateIntro))
	mux.HandleFunc("GET /c/{slug}/requests", s.requests)
	mux.HandleFunc("GET /c/{slug}/requests/new", s.signedIn(s.newRequestForm))
	mux.HandleFunc("GET /c/{slug}/requests/similar", s.similarFragment)
	mux.HandleFunc("POST /c/{slug}/requests", s.signedIn(s.createRequest))
	mux.HandleFunc("GET /c/{slug}/requests/{id}", s.thread)
	mux.HandleFunc("GET /c/{slug}/requests/{id}/edit", s.signedIn(s.editRequestForm))
	mux.HandleFunc("POST /c/{slug}/requests/{id}/edit", s.signedIn(s.editRequest))
	mux.HandleFunc("GET /c/{slug}/requests/{id}/history", s.requestHistory)
	mux.HandleFunc("GET /c/{slug}/requests/{id}/replies/{rid}/edit", s.signedIn(s.editReplyForm))
	mux.HandleFunc("POST /c/{slug}/requests/{id}/replies/{rid}/edit", s.signedIn(s.editReply))
	mux.HandleFunc("POST /c/{slug}/requests/{id}/{action}", s.signedIn(s.threadAction))
	mux.HandleFunc("GET /c/{slug}/triage", s.signedIn(s.triage))
	mux.HandleFunc("POST /c/{slug}/settings/help", s.signedIn(s.saveHelpSettings))
	mux.HandleFunc("GET /requests", s.requests)
	mux.HandleFunc("GET /search", s.searchPage)
	mux.HandleFunc("GET /people/{handle}", s.personByHandle)
	mux.HandleFunc("GET /c/{slug}/knowledge", s.knowledgeList)
	mux.HandleFunc("GET /c/{slug}/knowledge/new", s.signedIn(s.newArtefactForm))
	mux.HandleFunc("POST /c/{slug}/knowledge", s.signedIn(s.createArtefact))
	mux.HandleFunc("GET /c/{slug}/knowledge/{id}", s.artefactPage)
	mux.HandleFunc("GET /c/{slug}/knowledge/{id}/edit", s.signedIn(s.editArtefactForm))
	mux.HandleFunc("POST /c/{slug}/knowledge/{id}/edit", s.signedIn(s.editArtefact))
	mux.HandleFunc("GET /c/{slug}/knowledge/{id}/history", s.artefactRevisions)
	mux.HandleFunc("POST /c/{slug}/knowledge/{id}/{action}", s.signedIn(s.artefactAction))
	// Events (issue 4, events.go): the Events tab, event and occurrence
	// pages, their forms and actions, and the iCalendar feeds (a private
	// community's only with a member's ?key=; /calendar/{token}.ics is a
	// member's own).
	mux.HandleFunc("GET /c/{slug}/events", s.eventsList)
	mux.HandleFunc("GET /c/{slug}/events.ics", s.communityICS)
	mux.HandleFunc("GET /c/{slug}/events/new", s.signedIn(s.newEventForm))
	mux.HandleFunc("POST /c/{slug}/events", s.signedIn(s.createEvent))
	mux.HandleFunc("GET /c/{slug}/events/{id}", s.eventPage)
	mux.HandleFunc("GET /c/{slug}/events/{id}/edit", s.signedIn(s.editEventForm))
	mux.HandleFunc("POST /c/{slug}/events/{id}/edit", s.signedIn(s.editEvent))
	mux.HandleFunc("POST /c/{slug}/events/{id}/cancel", s.signedIn(s.cancelEvent))
	mux.HandleFunc("GET /c/{slug}/events/{id}/{occ}", s.occurrencePage)
	mux.HandleFunc("GET /c/{slug}/events/{id}/{occ}/event.ics", s.occurrenceICS)
	mux.HandleFunc("GET /c/{slug}/events/{id}/{occ}/edit", s.signedIn(s.editOccurrenceForm))
	mux.HandleFunc("POST /c/{slug}/events/{id}/{occ}/edit", s.signedIn(s.editOccurrence))
	mux.HandleFunc("POST /c/{slug}/events/{id}/{occ}/{action}", s.signedIn(s.occurrenceAction))
	mux.HandleFunc("GET /calendar/{file}", s.myICS)
	mux.HandleFunc("POST /me/calendar", s.signedIn(s.regenerateCalendar))
	// End of events.
	// Rhythm (issue 4): the backlog and announcements (backlog.go, announcements.go).
	mux.HandleFunc("GET /c/{slug}/backlog", s.backlogList)
	mux.HandleFunc("GET /c/{slug}/backlog/new", s.signedIn(s.newBacklogForm))
	mux.HandleFunc("POST /c/{slug}/backlog", s.signedIn(s.createBacklogItem))
	mux.HandleFunc("GET /c/{slug}/backlog/{id}", s.backlogItemPage)
	mux.HandleFunc("GET /c/{slug}/backlog/{id}/edit", s.signedIn(s.editBacklogForm))
	mux.HandleFunc("POST /c/{slug}/backlog/{id}/edit", s.signedIn(s.editBacklogItem))
	mux.HandleFunc("POST /c/{slug}/backlog/{id}/{action}", s.signedIn(s.backlogAction))
	mux.HandleFunc("GET /c/{slug}/announcements", s.announcementsPage)
	mux.HandleFunc("GET /c/{slug}/announcements/new", s.signedIn(s.newAnnouncementForm))
	mux.HandleFunc("POST /c/{slug}/announcements", s.signedIn(s.createAnnouncement))
	mux.HandleFunc("GET /c/{slug}/announcements/{id}/edit", s.signedIn(s.editAnnouncementForm))
	mux.HandleFunc("POST /c/{slug}/announcements/{id}/edit", s.signedIn(s.editAnnouncement))
	mux.HandleFunc("POST /c/{slug}/announcements/{id}/delete", s.signedIn(s.deleteAnnouncement))
	// End of the backlog and announcements.
	// Vision (issue 5, canvas.go and workshop.go): the canvas with each
	// section's editor and history, the poster (print page and SVG), and
	// the live workshop. Workshop pages and actions are open to guests
	// holding the workshop's cookie, so they are not behind signedIn.
	mux.HandleFunc("GET /c/{slug}/canvas", s.canvasPage)
	mux.HandleFunc("GET /c/{slug}/canvas/poster", s.canvasPoster)
	mux.HandleFunc("GET /c/{slug}/canvas/poster.svg", s.canvasPosterSVG)
	mux.HandleFunc("GET /c/{slug}/canvas/{section}/edit", s.signedIn(s.canvasEditForm))
	mux.HandleFunc("POST /c/{slug}/canvas/{section}", s.signedIn(s.canvasSave))
	mux.HandleFunc("GET /c/{slug}/canvas/{section}/history", s.canvasHistory)
	mux.HandleFunc("GET /c/{slug}/workshops", s.workshopsList)
	mux.HandleFunc("GET /c/{slug}/workshops/new", s.signedIn(s.newWorkshopForm))
	mux.HandleFunc("POST /c/{slug}/workshops", s.signedIn(s.createWorkshop))
	mux.HandleFunc("GET /c/{slug}/workshops/{id}", s.workshopPage)
	mux.HandleFunc("GET /c/{slug}/workshops/{id}/board", s.workshopBoard)
	mux.HandleFunc("GET /c/{slug}/workshops/{id}/events", s.workshopEvents)
	mux.HandleFunc("POST /c/{slug}/workshops/{id}/{action}", s.workshopAction)
	mux.HandleFunc("GET /workshops/join", s.joinWorkshopForm)
	mux.HandleFunc("POST /workshops/join", s.joinWorkshop)
	// End of vision.
	mux.HandleFunc("GET /c/{slug}/members", s.members)
	mux.HandleFunc("POST /c/{slug}/members/{id}/role", s.signedIn(s.setRole))
	mux.HandleFunc("POST /c/{slug}/members/{id}/remove", s.signedIn(s.removeMember))
	mux.HandleFunc("GET /c/{slug}/activity", s.activityLog)
	mux.HandleFunc("GET /c/{slug}/settings", s.signedIn(s.settingsForm))
	mux.HandleFunc("POST /c/{slug}/settings", s.signedIn(s.saveSettings))
	mux.HandleFunc("POST /c/{slug}/invitations", s.signedIn(s.invite))
	mux.HandleFunc("POST /c/{slug}/invitations/{id}/revoke", s.signedIn(s.revokeInvitation))
	mux.HandleFunc("POST /c/{slug}/join-requests/{id}", s.signedIn(s.decideJoinRequest))
	mux.HandleFunc("POST /c/{slug}/join-link", s.signedIn(s.regenerateJoinLink))

	mux.HandleFunc("GET /join/{code}", s.joinLinkPage)
	mux.HandleFunc("POST /join/{code}", s.signedIn(s.requestToJoin))
	mux.HandleFunc("GET /invitations/{token}", s.invitationPage)
	mux.HandleFunc("POST /invitations/{token}", s.signedIn(s.acceptInvitationLink))
	mux.HandleFunc("POST /me/invitations/{id}", s.signedIn(s.acceptInvitation))

	mux.HandleFunc("GET /inbox", s.signedIn(s.inbox))
	mux.HandleFunc("POST /inbox/read", s.signedIn(s.markAllRead))
	mux.HandleFunc("POST /inbox/{id}/open", s.signedIn(s.openNote))

	mux.HandleFunc("GET /u/{id}", s.signedIn(s.person))
	mux.HandleFunc("GET /me", s.signedIn(s.profileForm))
	mux.HandleFunc("POST /me", s.signedIn(s.saveProfile))
	mux.HandleFunc("POST /me/password", s.signedIn(s.changePassword))
	mux.HandleFunc("GET /me/tokens", s.signedIn(s.tokens))
	mux.HandleFunc("POST /me/tokens", s.signedIn(s.createToken))
	mux.HandleFunc("POST /me/tokens/{id}/revoke", s.signedIn(s.revokeToken))

	mux.HandleFunc("GET /admin/users", s.admin(s.adminUsers))
	mux.HandleFunc("POST /admin/users/{id}/roles", s.admin(s.adminSetRoles))

	// Email (issue 4, mail.go): notification settings, signed one-click
	// unsubscribe links (no session: the signature is the proof), the outbox.
	mux.HandleFunc("GET /me/notifications", s.signedIn(s.notificationSettings))
	mux.HandleFunc("POST /me/notifications", s.signedIn(s.saveNotificationSettings))
	mux.HandleFunc("GET /unsubscribe/{token}", s.unsubscribeForm)
	mux.HandleFunc("POST /unsubscribe/{token}", s.unsubscribe)
	mux.HandleFunc("GET /admin/outbox", s.admin(s.adminOutbox))
	mux.HandleFunc("GET /admin/outbox/{id}", s.admin(s.adminMessage))
	// End of email.
	mux.HandleFunc("GET /admin/jobs", s.admin(s.adminJobs))
	mux.HandleFunc("POST /admin/jobs/{id}/retry", s.admin(s.adminRetryJob))

	// Reach (issue 4): outgoing webhooks (webhooks.go, leader and core
	// group) and Atom feeds (feeds.go): public for open communities, at a
	// member's secret address for private ones.
	mux.HandleFunc("GET /c/{slug}/settings/webhooks", s.signedIn(s.webhooksPage))
	mux.HandleFunc("POST /c/{slug}/settings/webhooks", s.signedIn(s.createWebhook))
	mux.HandleFunc("GET /c/{slug}/settings/webhooks/{id}", s.signedIn(s.webhookPage))
	mux.HandleFunc("POST /c/{slug}/settings/webhooks/{id}", s.signedIn(s.updateWebhook))
	mux.HandleFunc("POST /c/{slug}/settings/webhooks/{id}/{action}", s.signedIn(s.webhookAction))
	mux.HandleFunc("GET /c/{slug}/feed.atom", s.publicFeed)
	mux.HandleFunc("GET /feeds/{token}/c/{slug}/feed.atom", s.tokenFeed)
	mux.HandleFunc("POST /me/feed-token", s.signedIn(s.regenerateFeedToken))
	// End of reach.

	// Maturity (issue 5: health_overview.go, maturity.go, dimensions.go,
	// targets.go): the Health tab's overview, the maturity model with its
	// evidence, the dimensions, the targets and the bootstrap steps.
	mux.HandleFunc("GET /c/{slug}/health", s.healthOverview)
	mux.HandleFunc("POST /c/{slug}/health/bootstrap/{step}", s.signedIn(s.tickBootstrap))
	mux.HandleFunc("GET /c/{slug}/health/maturity", s.maturityPage)
	mux.HandleFunc("POST /c/{slug}/health/maturity", s.signedIn(s.assess))
	mux.HandleFunc("GET /c/{slug}/health/dimensions", s.dimensionsPage)
	mux.HandleFunc("POST /c/{slug}/health/dimensions", s.signedIn(s.setDimensions))
	mux.HandleFunc("POST /c/{slug}/health/dimensions/{key}", s.signedIn(s.adaptDimension))
	mux.HandleFunc("GET /c/{slug}/health/targets", s.targetsPage)
	mux.HandleFunc("POST /c/{slug}/health/targets", s.signedIn(s.createTarget))
	mux.HandleFunc("POST /c/{slug}/health/targets/{id}/{action}", s.signedIn(s.targetAction))
	// End of maturity.

	// Health checks and retrospectives (issue 5: health.go, retro.go).
	mux.HandleFunc("GET /c/{slug}/health/checks", s.healthChecks)
	mux.HandleFunc("POST /c/{slug}/health/checks", s.signedIn(s.openHealthRound))
	mux.HandleFunc("POST /c/{slug}/health/checks/settings", s.signedIn(s.saveHealthSettings))
	mux.HandleFunc("GET /c/{slug}/health/checks/template", s.signedIn(s.healthTemplate))
	mux.HandleFunc("POST /c/{slug}/health/checks/template", s.signedIn(s.saveHealthTemplate))
	mux.HandleFunc("GET /c/{slug}/health/checks/history", s.healthHistory)
	mux.HandleFunc("GET /c/{slug}/health/checks/{id}", s.healthRound)
	mux.HandleFunc("POST /c/{slug}/health/checks/{id}/answer", s.signedIn(s.answerHealthRound))
	mux.HandleFunc("POST /c/{slug}/health/checks/{id}/close", s.signedIn(s.closeHealthRound))
	mux.HandleFunc("GET /c/{slug}/retros", s.retros)
	mux.HandleFunc("POST /c/{slug}/retros", s.signedIn(s.createRetro))
	mux.HandleFunc("GET /c/{slug}/retros/{id}", s.retroPage)
	mux.HandleFunc("POST /c/{slug}/retros/{id}/{action}", s.signedIn(s.retroAction))
	// End of health checks and retrospectives.

	mux.HandleFunc("/", s.notFoundPage)
}
