package demo

import (
	"context"

	"cultivate/internal/store"
)

// GenerateWith runs the demo's steps and then extra ones, as a later issue
// adding a step would.
func GenerateWith(ctx context.Context, db *store.DB, opts Options, extra ...Step) (Summary, error) {
	return generate(ctx, db, opts, append(steps(), extra...))
}
