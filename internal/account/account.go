// Package account holds people: sign-up, passwords, profiles, sessions,
// login rate limits, API tokens and the site-wide roles (admin, support).
package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	// Time zones are validated and shown with the IANA database; embed it
	// so a host without zoneinfo still knows Europe/Paris.
	_ "time/tzdata"

	"cultivate/internal/activity"
	"cultivate/internal/clock"
	"cultivate/internal/errs"
	"cultivate/internal/ratelimit"
	"cultivate/internal/store"
	"cultivate/internal/validate"
)

// User is a person with an account.
type User struct {
	ID         int64
	Email      string
	Name       string
	Handle     string // for @mentions: lower-case letters, digits, hyphens
	Headline   string // one line: what I do
	Bio        string // a short introduction
	TimeZone   string
	IsAdmin    bool
	IsSupport  bool
	Expertise  []string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	DisabledAt time.Time
}

// Service is the account area's logic.
type Service struct {
	db       *store.DB
	clock    clock.Clock
	log      *activity.Log
	limiter  *ratelimit.Limiter
	hash     HashParams
	dummyPwd string // a hash to check against when the email is unknown
}

// Options tune a Service.
type Options struct {
	Hash HashParams // zero means DefaultHashParams
}

// New returns the account Service.
func New(db *store.DB, c clock.Clock, log *activity.Log, opts Options) (*Service, error) {
	p := opts.Hash
	if p.Memory == 0 {
		p = DefaultHashParams()
	}
	dummy, err := HashPassword("not a real password", p)
	if err != nil {
		return nil, err
	}
	return &Service{db: db, clock: c, log: log, limiter: ratelimit.New(db, c), hash: p, dummyPwd: dummy}, nil
}

// SignUp is what a person gives to create an account.
type SignUp struct {
	Email    string
	Name     string
	Password string
	// Addr is the client's address when the sign-up comes over the web;
	// sign-ups per address are limited. Empty for the CLI and the demo.
	Addr string
}

// Sign-up limits: accounts created from one address in a window.
const (
	signupWindow   = time.Hour
	maxSignupsAddr = 20
)

func (s *Service) validateSignUp(in SignUp) (SignUp, error) {
	var f errs.Fields
	in.Email = validate.Email(&f, "email", in.Email)
	in.Name = validate.Text(&f, "name", "Name", in.Name, 1, 80, false)
	if p := PasswordProblem(in.Password, in.Email, in.Name); p != "" {
		f.Add("password", p)
	}
	return in, f.Err()
}

// Create makes an account. The email must not be taken.
func (s *Service) Create(ctx context.Context, in SignUp) (User, error) {
	if in.Addr != "" {
		key := "signup:addr:" + in.Addr
		n, _, err := s.limiter.Count(ctx, key, signupWindow)
		if err != nil {
			return User{}, err
		}
		if n >= maxSignupsAddr {
			return User{}, errs.E(errs.TooMany, "Too many accounts were created from your network in the last hour. Try again later.")
		}
	}
	tooMany := errs.E(errs.TooMany, "Too many accounts were created from your network in the last hour. Try again later.")
	in, err := s.validateSignUp(in)
	if err != nil {
		return User{}, err
	}
	hash, err := HashPassword(in.Password, s.hash)
	if err != nil {
		return User{}, err
	}
	return s.insert(ctx, in.Email, in.Name, hash, func(ctx context.Context) error {
		if in.Addr == "" {
			return nil
		}
		// Only accounts really created count against the address; the
		// count is taken in the creating transaction, so concurrent sign-ups
		// cannot all slip under the limit.
		n, err := s.limiter.Hit(ctx, "signup:addr:"+in.Addr, signupWindow)
		if err != nil {
			return err
		}
		if n > maxSignupsAddr {
			return tooMany
		}
		return nil
	})
}

// CreateWithHash makes an account from an already computed password hash;
// the demo uses it to seed many people with one hash.
func (s *Service) CreateWithHash(ctx context.Context, email, name, hash string) (User, error) {
	var f errs.Fields
	email = validate.Email(&f, "email", email)
	name = validate.Text(&f, "name", "Name", name, 1, 80, false)
	if err := f.Err(); err != nil {
		return User{}, err
	}
	return s.insert(ctx, email, name, hash, nil)
}

// insert creates the account, and runs also (if set) in its transaction.
// Two people with the same name signing up at once may pick the same
// @handle; the loser of that race tries again with the next free one.
func (s *Service) insert(ctx context.Context, email, name, hash string, also func(ctx context.Context) error) (User, error) {
	now := s.clock.Now()
	var u User
	for attempt := 0; ; attempt++ {
		u = User{Email: email, Name: name, TimeZone: "UTC", CreatedAt: now, UpdatedAt: now}
		err := s.db.WithTx(ctx, func(ctx context.Context) error {
			// People with the same name signing up at once take turns at
			// choosing a handle.
			if err := s.db.LockKey(ctx, "handle:"+validate.Slugify(name)); err != nil {
				return err
			}
			handle, err := s.freeHandle(ctx, name)
			if err != nil {
				return err
			}
			u.Handle = handle
			err = s.db.QueryRowContext(ctx, `INSERT INTO users (email, name, handle, password_hash, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, email, name, handle, hash, store.Millis(now)).Scan(&u.ID)
			if store.IsUniqueViolationOf(err, "users", "handle", "users_handle") {
				return errHandleTaken
			}
			if store.IsUniqueViolation(err) {
				return errs.Field("email", "An account with this email already exists. Log in instead, or use another address.")
			}
			if err != nil {
				return fmt.Errorf("account: create: %w", err)
			}
			if also != nil {
				if err := also(ctx); err != nil {
					return err
				}
			}
			return s.log.Record(ctx, activity.Entry{At: now, ActorID: u.ID, Kind: activity.UserSignedUp, SubjectType: "user", SubjectID: u.ID})
		})
		if errors.Is(err, errHandleTaken) && attempt < 10 && !store.InTx(ctx) {
			continue
		}
		if err != nil {
			return User{}, err
		}
		return u, nil
	}
}

var errHandleTaken = errors.New("account: handle taken meanwhile")

// freeHandle picks an unused @handle made from name: "lea-martin", then
// "lea-martin-2", and so on.
func (s *Service) freeHandle(ctx context.Context, name string) (string, error) {
	base := validate.Slugify(name)
	if len(base) < 2 {
		base = "member"
	}
	if len(base) > 30 {
		base = strings.TrimRight(base[:30], "-")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT handle FROM users WHERE handle = $1 OR handle LIKE $2`, base, base+"-%")
	if err != nil {
		return "", fmt.Errorf("account: handle: %w", err)
	}
	defer rows.Close()
	taken := map[string]bool{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return "", err
		}
		taken[h] = true
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	h := base
	for n := 2; taken[h]; n++ {
		h = fmt.Sprintf("%s-%d", base, n)
	}
	return h, nil
}

// ByHandle returns the user with an @handle.
func (s *Service) ByHandle(ctx context.Context, handle string) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE handle = $1`, strings.ToLower(handle)))
	if err != nil {
		return User{}, s.notFound(err, "user")
	}
	return u, nil
}

const userColumns = `id, email, name, handle, headline, bio, time_zone, is_admin, is_support, created_at, updated_at, disabled_at`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var created, updated int64
	var disabled sql.NullInt64
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Handle, &u.Headline, &u.Bio, &u.TimeZone, &u.IsAdmin, &u.IsSupport, &created, &updated, &disabled)
	u.CreatedAt, u.UpdatedAt, u.DisabledAt = store.Time(created), store.Time(updated), store.NullTime(disabled)
	return u, err
}

// Get returns the user with id, with their expertise.
func (s *Service) Get(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if err != nil {
		return User{}, s.notFound(err, "user")
	}
	u.Expertise, err = s.expertise(ctx, id)
	return u, err
}

// ByEmail returns the user with email (case-insensitive).
func (s *Service) ByEmail(ctx context.Context, email string) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, strings.ToLower(strings.TrimSpace(email))))
	if err != nil {
		return User{}, s.notFound(err, "user")
	}
	return u, nil
}

func (s *Service) notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return errs.Wrap(errs.NotFound, store.ErrNotFound, "No such "+what+".")
	}
	return fmt.Errorf("account: %s: %w", what, err)
}

func (s *Service) expertise(ctx context.Context, userID int64) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT tag FROM user_expertise WHERE user_id = $1 ORDER BY tag`, userID)
	if err != nil {
		return nil, fmt.Errorf("account: expertise: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Profile is what a person may change about themself.
type Profile struct {
	Name      string
	Headline  string
	Bio       string
	TimeZone  string
	Expertise string // comma- or space-separated tags
}

// UpdateProfile changes the user's profile and expertise.
func (s *Service) UpdateProfile(ctx context.Context, userID int64, p Profile) (User, error) {
	var f errs.Fields
	name := validate.Text(&f, "name", "Name", p.Name, 1, 80, false)
	headline := validate.Text(&f, "headline", "Headline", p.Headline, 0, 120, false)
	bio := validate.Text(&f, "bio", "Introduction", p.Bio, 0, 2000, true)
	tz := strings.TrimSpace(p.TimeZone)
	if tz == "" {
		tz = "UTC"
	}
	if _, err := time.LoadLocation(tz); err != nil || !validTZ(tz) {
		f.Add("time_zone", "Choose a time zone such as Europe/Paris or America/New_York.")
	}
	tags := validate.Tags(&f, "expertise", p.Expertise, 20)
	if err := f.Err(); err != nil {
		return User{}, err
	}
	now := s.clock.Now()
	err := s.db.WithTx(ctx, func(ctx context.Context) error {
		res, err := s.db.ExecContext(ctx, `UPDATE users SET name = $1, headline = $2, bio = $3, time_zone = $4, updated_at = $5 WHERE id = $6`,
			name, headline, bio, tz, store.Millis(now), userID)
		if err != nil {
			return fmt.Errorf("account: update profile: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.E(errs.NotFound, "No such user.")
		}
		if _, err := s.db.ExecContext(ctx, `DELETE FROM user_expertise WHERE user_id = $1`, userID); err != nil {
			return err
		}
		for _, t := range tags {
			if _, err := s.db.ExecContext(ctx, `INSERT INTO user_expertise (user_id, tag) VALUES ($1, $2)`, userID, t); err != nil {
				return fmt.Errorf("account: expertise: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return User{}, err
	}
	return s.Get(ctx, userID)
}

func validTZ(tz string) bool {
	// time.LoadLocation accepts "Local" and paths; people mean IANA names.
	return tz != "Local" && !strings.Contains(tz, "..") && !strings.HasPrefix(tz, "/")
}

// ChangePassword replaces the password after checking the current one, and
// ends every other session of the user.
func (s *Service) ChangePassword(ctx context.Context, userID int64, current, next string, keepSession string) error {
	u, err := s.Get(ctx, userID)
	if err != nil {
		return err
	}
	var hash string
	if err := s.db.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&hash); err != nil {
		return fmt.Errorf("account: change password: %w", err)
	}
	ok, err := CheckPassword(hash, current)
	if err != nil {
		return fmt.Errorf("account: change password: %w", err)
	}
	if !ok {
		return errs.Field("current_password", "That is not your current password.")
	}
	if p := PasswordProblem(next, u.Email, u.Name); p != "" {
		return errs.Field("new_password", p)
	}
	return s.setPassword(ctx, userID, next, keepSession)
}

// SetPassword replaces the password without checking the old one (for
// administrators and the CLI) and ends every session of the user.
func (s *Service) SetPassword(ctx context.Context, userID int64, password string) error {
	u, err := s.Get(ctx, userID)
	if err != nil {
		return err
	}
	if p := PasswordProblem(password, u.Email, u.Name); p != "" {
		return errs.Field("password", p)
	}
	return s.setPassword(ctx, userID, password, "")
}

func (s *Service) setPassword(ctx context.Context, userID int64, password, keepSession string) error {
	hash, err := HashPassword(password, s.hash)
	if err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.db.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`,
			hash, store.Millis(s.clock.Now()), userID); err != nil {
			return fmt.Errorf("account: set password: %w", err)
		}
		_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, userID, hashToken(keepSession))
		return err
	})
}

// SetRoles sets the site-wide roles of a user.
func (s *Service) SetRoles(ctx context.Context, userID int64, admin, support bool) error {
	res, err := s.db.ExecContext(ctx, `UPDATE users SET is_admin = $1, is_support = $2, updated_at = $3 WHERE id = $4`,
		admin, support, store.Millis(s.clock.Now()), userID)
	if err != nil {
		return fmt.Errorf("account: set roles: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "No such user.")
	}
	return nil
}

// List returns users ordered by name, a page at a time (after is the last
// id of the previous page; 0 for the first).
func (s *Service) List(ctx context.Context, query string, after int64, limit int) ([]User, error) {
	if !validate.Clean(query) {
		return nil, nil
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users
		WHERE id > $1 AND ($2 = '' OR LOWER(name) LIKE $3 ESCAPE '\' OR email LIKE $3 ESCAPE '\')
		ORDER BY id LIMIT $4`, after, query, validate.Contains(query), limit)
	if err != nil {
		return nil, fmt.Errorf("account: list: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Count returns how many accounts exist.
func (s *Service) Count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}
