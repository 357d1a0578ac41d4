package knowledge

import (
	"context"
	"fmt"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/search"
	"cultivate/internal/store"
)

// Delete removes an artefact from the community's knowledge and from
// search. The author (while a member) and the leader and core group may.
// Nothing is erased: the leader and core group still see it and can
// restore it.
func (s *Service) Delete(ctx context.Context, user account.User, slug string, id int64) error {
	sc, err := s.memberScope(ctx, user, slug, "delete knowledge")
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.visible(ctx, sc, id)
		if err != nil {
			return err
		}
		if r.deleted.Valid {
			return nil // already deleted; only the core group gets this far
		}
		if !sc.mayEdit(r) {
			return errs.E(errs.Forbidden, "Only the author, the leader and the core group can delete this.")
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE artefacts SET deleted_at = $1 WHERE id = $2`, store.Millis(s.clock.Now()), id); err != nil {
			return fmt.Errorf("knowledge: delete: %w", err)
		}
		if err := s.record(ctx, sc, actorFor(user.ID, r), ActivityDeleted, id, map[string]any{"title": r.title, "kind": string(r.kind)}); err != nil {
			return err
		}
		return s.index.Delete(ctx, search.KindArtefact, id)
	})
}

// Restore brings a deleted artefact back, into search too. Only the
// leader and the core group may. Restoring one that is not deleted
// changes nothing.
func (s *Service) Restore(ctx context.Context, user account.User, slug string, id int64) (Artefact, error) {
	sc, err := s.memberScope(ctx, user, slug, "restore knowledge")
	if err != nil {
		return Artefact{}, err
	}
	if !sc.moderates() {
		return Artefact{}, errs.E(errs.Forbidden, "Only the leader and the core group can restore deleted knowledge.")
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.visible(ctx, sc, id)
		if err != nil {
			return err
		}
		if !r.deleted.Valid {
			return nil
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE artefacts SET deleted_at = NULL WHERE id = $1`, id); err != nil {
			return fmt.Errorf("knowledge: restore: %w", err)
		}
		tags, err := s.tags(ctx, id)
		if err != nil {
			return err
		}
		if err := s.record(ctx, sc, user.ID, ActivityRestored, id, map[string]any{"title": r.title, "kind": string(r.kind)}); err != nil {
			return err
		}
		return s.index.Put(ctx, searchDoc(sc.c.ID, id, r.kind, r.title, r.body, tags, store.Time(r.created)))
	})
	if err != nil {
		return Artefact{}, err
	}
	return s.Get(ctx, user, slug, id)
}
