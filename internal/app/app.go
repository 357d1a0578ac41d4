// Package app wires the areas together once, so the web UI, the JSON API,
// the CLI and the demo all work on the same logic layer.
package app

import (
	"cultivate/internal/account"
	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/community"
	"cultivate/internal/knowledge"
	"cultivate/internal/notify"
	"cultivate/internal/practice"
	"cultivate/internal/search"
	"cultivate/internal/store"
)

// App holds every area's service.
type App struct {
	DB          *store.DB
	Clock       clock.Clock
	Activity    *activity.Log
	Accounts    *account.Service
	Communities *community.Service
	Inbox       *notify.Inbox
	Search      *search.Index
	Knowledge   *knowledge.Service
	Practice    *practice.Service
}

// Options tune the services.
type Options struct {
	// PasswordHash sets argon2id's cost; zero means the production default.
	PasswordHash account.HashParams
}

// New builds the services on db.
func New(db *store.DB, c clock.Clock, opts Options) (*App, error) {
	log := activity.New(db)
	accounts, err := account.New(db, c, log, account.Options{Hash: opts.PasswordHash})
	if err != nil {
		return nil, err
	}
	communities := community.New(db, c, log)
	inbox := notify.New(db, c)
	idx := search.New(db)
	return &App{
		DB:          db,
		Clock:       c,
		Activity:    log,
		Accounts:    accounts,
		Communities: communities,
		Inbox:       inbox,
		Search:      idx,
		Knowledge:   knowledge.New(db, c, log, communities, inbox, idx),
		Practice:    practice.New(db, c, log, communities, accounts, inbox, idx),
	}, nil
}
