// Package search finds what a community already knows: help requests (with
// their replies) and knowledge artefacts, ranked, with highlighted snippets.
//
// The index is a table of documents kept in step with the data in the same
// transaction as every write (Put, Delete); the engine's own full-text index
// follows that table: an FTS5 external-content table kept by triggers on
// SQLite, a generated tsvector column with a GIN index on PostgreSQL.
package search

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cultivate/internal/store"
)

// Kinds of document.
const (
	KindRequest  = "request"
	KindArtefact = "artefact"
)

// Doc is one searchable thing.
type Doc struct {
	Kind        string
	RefID       int64
	CommunityID int64
	Subkind     string // an artefact's kind (faq, practice…)
	Solved      bool
	Tags        []string
	CreatedAt   time.Time
	Title       string
	Body        string
}

// Index writes documents and answers queries.
type Index struct {
	db *store.DB
}

// New returns the Index on db.
func New(db *store.DB) *Index { return &Index{db: db} }

// Put adds or replaces a document. It must run in the transaction of the
// write that changed the document's source.
func (ix *Index) Put(ctx context.Context, d Doc) error {
	if !store.InTx(ctx) {
		return fmt.Errorf("search: Put %s %d outside a transaction", d.Kind, d.RefID)
	}
	_, err := ix.db.ExecContext(ctx, `INSERT INTO search_docs (kind, ref_id, community_id, subkind, solved, tags, created_at, title, body)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (kind, ref_id) DO UPDATE SET community_id = excluded.community_id, subkind = excluded.subkind,
			solved = excluded.solved, tags = excluded.tags, title = excluded.title, body = excluded.body`,
		d.Kind, d.RefID, d.CommunityID, d.Subkind, d.Solved, strings.Join(d.Tags, " "), store.Millis(d.CreatedAt), d.Title, d.Body)
	if err != nil {
		return fmt.Errorf("search: put %s %d: %w", d.Kind, d.RefID, err)
	}
	return nil
}

// Delete removes a document (its source was deleted).
func (ix *Index) Delete(ctx context.Context, kind string, refID int64) error {
	if !store.InTx(ctx) {
		return fmt.Errorf("search: Delete %s %d outside a transaction", kind, refID)
	}
	if _, err := ix.db.ExecContext(ctx, `DELETE FROM search_docs WHERE kind = $1 AND ref_id = $2`, kind, refID); err != nil {
		return fmt.Errorf("search: delete %s %d: %w", kind, refID, err)
	}
	return nil
}
