// Package mail is cultivate's email: each member chooses, per kind of
// notification, to get it by email at once, in the weekly digest, or not by
// email at all (the in-app inbox keeps everything); messages are composed
// by durable jobs (internal/jobs), kept in an outbox with what became of
// them, and handed to an SMTP server when one is configured. Every message
// carries a signed one-click unsubscribe link (RFC 8058) that works without
// logging in.
//
// # How a note becomes an email
//
// notify.Inbox.Send calls Noted for each recipient inside the action's
// transaction. A note whose kind is set to "at once" is queued and a
// mail.send job is enqueued for the end of the current minute, one per
// person and minute (the dedupe key). That job mails every note of the
// person still waiting, so a burst of notes within a minute becomes one
// email rather than twenty, at the cost of at most a minute's delay.
//
// A job composes its message once, in a transaction that claims the notes
// and stores the message in the outbox keyed by the job's id; a retry (the
// SMTP server was down) finds that message and sends the same bytes, with
// the same Message-ID, so a receiver can recognise a repeat.
package mail

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/jobs"
	"cultivate/internal/store"
)

// Kinds of job this package runs.
const (
	JobSend       = "mail.send"        // mail one person's waiting notes
	JobDigest     = "mail.digest"      // the weekly slot: one digest job per member
	JobDigestUser = "mail.digest_user" // compose and send one member's digest
)

// Activity kinds this package records (site-wide entries).
const (
	PreferencesChanged = "mail.preferences_changed"
	Unsubscribed       = "mail.unsubscribed"
)

// Options configure the Service.
type Options struct {
	// BaseURL is the instance's public address, e.g. https://cop.example.org:
	// every link in a message starts with it. Empty means
	// http://localhost:8080.
	BaseURL string
	// From is the sender, e.g. "Cultivate <cop@example.org>". Empty means
	// "cultivate <noreply@HOST>" with the host of BaseURL.
	From string
	// SMTP is the server messages go to; a zero Addr keeps every message in
	// the outbox instead (the demo).
	SMTP SMTP
	// Sender, when set, replaces the SMTP sender (tests).
	Sender Sender
	// DigestsFrom, when set, skips the weekly digests of slots before it.
	// The demo plays nine months of history and starts digests a few weeks
	// before its end, instead of composing thousands nobody will read.
	DigestsFrom time.Time
}

// Sender hands a composed message to a mail server.
type Sender interface {
	Send(ctx context.Context, from, to string, raw []byte) error
}

// Service composes, stores and sends mail.
type Service struct {
	db       *store.DB
	clock    clock.Clock
	queue    *jobs.Queue
	log      *activity.Log
	base     *url.URL
	from     string // the From header
	envelope string // the address alone, for MAIL FROM
	sender   Sender
	// digestsFrom is Options.DigestsFrom.
	digestsFrom time.Time

	mu      sync.Mutex
	secret  []byte // the unsubscribe signing key, read once
	sources []rankedSource
}

type rankedSource struct {
	rank int
	src  Source
}

// New returns the Service. It registers nothing: call Register with the
// queue that runs its jobs, and hook Noted into the inbox.
func New(db *store.DB, c clock.Clock, q *jobs.Queue, log *activity.Log, opts Options) (*Service, error) {
	raw := opts.BaseURL
	if raw == "" {
		raw = "http://localhost:8080"
	}
	base, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("mail: base URL %q: use an http or https address such as https://cop.example.org", raw)
	}
	s := &Service{db: db, clock: c, queue: q, log: log, base: base, sender: opts.Sender, digestsFrom: opts.DigestsFrom}
	from := opts.From
	if from == "" {
		from = "cultivate <noreply@" + base.Hostname() + ">"
	}
	addr, err := ParseAddress(from)
	if err != nil {
		return nil, err
	}
	s.from, s.envelope = addr.String(), addr.Address
	if s.sender == nil && opts.SMTP.Addr != "" {
		sm := opts.SMTP
		if err := sm.check(); err != nil {
			return nil, err
		}
		s.sender = &sm
	}
	return s, nil
}

// Configured reports whether messages go to a mail server (false: they
// are kept in the outbox).
func (s *Service) Configured() bool { return s.sender != nil }

// Register makes q run this package's jobs, and schedules the weekly
// digest for Monday 07:00 UTC.
func (s *Service) Register(q *jobs.Queue) {
	q.HandleOutside(JobSend, s.runSend)
	q.Every(JobDigest, jobs.Weekly(time.Monday, 7))
	q.Handle(JobDigest, s.runDigest)
	q.HandleOutside(JobDigestUser, s.runDigestUser)
}

// Order of the digest's sections (AddSource's rank): the lower first.
const (
	RankRequests  = 10 // requests in my expertise that need help
	RankEvents    = 20 // upcoming events
	RankKnowledge = 30 // new knowledge in my communities
	RankBacklog   = 40 // backlog items that moved
)

// AddSource adds a section to the weekly digest; sections appear by rank,
// then in the order they were added. Call it while wiring the
// application, before the queue runs.
func (s *Service) AddSource(rank int, src Source) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sources = append(s.sources, rankedSource{rank: rank, src: src})
	sort.SliceStable(s.sources, func(i, j int) bool { return s.sources[i].rank < s.sources[j].rank })
}

// link makes an absolute address of a path on the site; an address that
// is already absolute stays as it is.
func (s *Service) link(path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return s.base.String() + path
}
