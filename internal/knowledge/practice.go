package knowledge

import (
	"context"
	"fmt"
	"time"

	"cultivate/internal/account"
	"cultivate/internal/errs"
	"cultivate/internal/store"
)

// SetPracticeStatus moves a practice through its lifecycle: proposed,
// tried, recommended, forwards or back. Only the leader and the core group
// decide. Setting the status it already has changes nothing.
func (s *Service) SetPracticeStatus(ctx context.Context, user account.User, slug string, id int64, status PracticeStatus) (Artefact, error) {
	sc, err := s.memberScope(ctx, user, slug, "change a practice's status")
	if err != nil {
		return Artefact{}, err
	}
	if !status.Valid() {
		return Artefact{}, errs.Field("status", "Choose proposed, tried or recommended.")
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.live(ctx, sc, id)
		if err != nil {
			return err
		}
		if r.kind != Practice {
			return errs.E(errs.Conflict, "Only a practice has a status; this is a %s.", r.kind.Label())
		}
		if !sc.moderates() {
			return errs.E(errs.Forbidden, "Only the leader and the core group can change a practice's status.")
		}
		if r.status == status {
			return nil
		}
		if _, err := s.db.ExecContext(ctx, `UPDATE artefacts SET practice_status = $1, updated_at = $2 WHERE id = $3`,
			string(status), store.Millis(s.clock.Now()), id); err != nil {
			return fmt.Errorf("knowledge: set status: %w", err)
		}
		return s.record(ctx, sc, user.ID, ActivityStatusChanged, id,
			map[string]any{"title": r.title, "from": string(r.status), "to": string(status)})
	})
	if err != nil {
		return Artefact{}, err
	}
	return s.Get(ctx, user, slug, id)
}

// Adopt records that user uses a practice ("I use this"). Members only;
// adopting twice is the same as once.
func (s *Service) Adopt(ctx context.Context, user account.User, slug string, id int64) (Artefact, error) {
	sc, err := s.memberScope(ctx, user, slug, "say you use a practice")
	if err != nil {
		return Artefact{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.live(ctx, sc, id)
		if err != nil {
			return err
		}
		if r.kind != Practice {
			return errs.E(errs.Conflict, "Only a practice can be adopted; this is a %s.", r.kind.Label())
		}
		res, err := s.db.ExecContext(ctx, `INSERT INTO adoptions (artefact_id, user_id, created_at) VALUES ($1, $2, $3)
			ON CONFLICT (artefact_id, user_id) DO NOTHING`, id, user.ID, store.Millis(s.clock.Now()))
		if err != nil {
			return fmt.Errorf("knowledge: adopt: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // already adopted
		}
		return s.record(ctx, sc, user.ID, ActivityAdopted, id, map[string]any{"title": r.title})
	})
	if err != nil {
		return Artefact{}, err
	}
	return s.Get(ctx, user, slug, id)
}

// Unadopt withdraws user's "I use this". Withdrawing what was not there
// changes nothing. Someone who left the community may still withdraw.
func (s *Service) Unadopt(ctx context.Context, user account.User, slug string, id int64) (Artefact, error) {
	if user.ID == 0 {
		return Artefact{}, errs.E(errs.Unauthorized, "Sign in to change what you use.")
	}
	sc, err := s.scope(ctx, user, slug)
	if err != nil {
		return Artefact{}, err
	}
	err = s.db.WithTx(ctx, func(ctx context.Context) error {
		r, err := s.live(ctx, sc, id)
		if err != nil {
			return err
		}
		if r.kind != Practice {
			return errs.E(errs.Conflict, "Only a practice can be adopted; this is a %s.", r.kind.Label())
		}
		res, err := s.db.ExecContext(ctx, `DELETE FROM adoptions WHERE artefact_id = $1 AND user_id = $2`, id, user.ID)
		if err != nil {
			return fmt.Errorf("knowledge: unadopt: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return s.record(ctx, sc, user.ID, ActivityUnadopted, id, map[string]any{"title": r.title})
	})
	if err != nil {
		return Artefact{}, err
	}
	return s.Get(ctx, user, slug, id)
}

// Adopter is someone who uses a practice.
type Adopter struct {
	UserID int64     `json:"user_id"`
	Name   string    `json:"name"`
	Since  time.Time `json:"since"`
}

// Adopters lists who uses a practice, earliest first: the people to ask
// how it works for them.
func (s *Service) Adopters(ctx context.Context, viewer account.User, slug string, id int64) ([]Adopter, error) {
	sc, err := s.scope(ctx, viewer, slug)
	if err != nil {
		return nil, err
	}
	if _, err := s.visible(ctx, sc, id); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT ad.user_id, u.name, ad.created_at FROM adoptions ad JOIN users u ON u.id = ad.user_id
		WHERE ad.artefact_id = $1 ORDER BY ad.created_at, ad.user_id`, id)
	if err != nil {
		return nil, fmt.Errorf("knowledge: adopters: %w", err)
	}
	defer rows.Close()
	out := []Adopter{}
	for rows.Next() {
		var a Adopter
		var at int64
		if err := rows.Scan(&a.UserID, &a.Name, &at); err != nil {
			return nil, fmt.Errorf("knowledge: adopters: %w", err)
		}
		a.Since = store.Time(at)
		out = append(out, a)
	}
	return out, rows.Err()
}
