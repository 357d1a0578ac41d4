package storetest

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver

	"cultivate/internal/store"
)

// The environment variables this package reads.
const (
	envURL     = "CULTIVATE_TEST_POSTGRES_URL"
	envRequire = "CULTIVATE_REQUIRE_POSTGRES"
)

// pg is the one PostgreSQL server of this test binary. Package state is the
// price of starting a server once per binary rather than once per test; it
// is test-only and guarded by the Onces.
var pg struct {
	once sync.Once
	srv  *server
	err  error // why there is no server

	templateOnce sync.Once
	templateErr  error

	seq atomic.Int64
}

// server is a PostgreSQL server on which this binary creates databases.
type server struct {
	admin    *url.URL // a superuser's URL to the maintenance database
	db       *sql.DB  // pool on admin
	prefix   string   // of every database this binary creates
	strategy string   // CREATE DATABASE's STRATEGY clause, if the server has one
	local    *cluster // the cluster this binary started, nil for an external one
}

// postgresServer returns the server, starting it on first use. It skips or
// fails t when there is none.
func postgresServer(t testing.TB) *server {
	t.Helper()
	pg.once.Do(func() { pg.srv, pg.err = connect() })
	if pg.err != nil {
		if os.Getenv(envURL) != "" {
			t.Fatalf("storetest: %s is set but unusable: %v", envURL, pg.err)
		}
		if os.Getenv(envRequire) == "1" {
			t.Fatalf("storetest: PostgreSQL is required (%s=1) but could not be started: %v", envRequire, pg.err)
		}
		t.Skipf("storetest: no PostgreSQL, skipping (set %s, or install PostgreSQL's initdb): %v", envURL, pg.err)
	}
	return pg.srv
}

// postgresDatabase creates a fresh database, migrated or empty, dropped at
// the end of the test, and returns its URL.
func postgresDatabase(t testing.TB, migrated bool) string {
	t.Helper()
	srv := postgresServer(t)
	source := "template0"
	if migrated {
		pg.templateOnce.Do(func() { pg.templateErr = srv.createTemplate() })
		if pg.templateErr != nil {
			t.Fatalf("storetest: %v", pg.templateErr)
		}
		source = srv.templateName()
	}
	name := fmt.Sprintf("%s_%d", srv.prefix, pg.seq.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := srv.createDatabase(ctx, name, source); err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		// FORCE ends sessions a test left open, so a forgotten Close cannot
		// make the drop fail.
		if _, err := srv.db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("storetest: drop database %s: %v", name, err)
		}
	})
	return srv.url(name)
}

func (s *server) templateName() string { return s.prefix + "_template" }

// createTemplate migrates a database once, so that every migrated test
// database is a cheap file-level copy of it rather than a migration run.
func (s *server) createTemplate() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	name := s.templateName()
	if err := s.createDatabase(ctx, name, "template0"); err != nil {
		return err
	}
	db, err := store.Open(ctx, s.url(name))
	if err != nil {
		return fmt.Errorf("open template database: %w", err)
	}
	// Closing ends every session on the template: CREATE DATABASE refuses a
	// source that has any.
	if err := errors.Join(db.Migrate(ctx), db.Close()); err != nil {
		return fmt.Errorf("migrate template database: %w", err)
	}
	return nil
}

func (s *server) createDatabase(ctx context.Context, name, source string) error {
	q := `CREATE DATABASE ` + name + ` TEMPLATE ` + source + s.strategy
	if _, err := s.db.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("create database %s from %s: %w", name, source, err)
	}
	return nil
}

func (s *server) url(database string) string {
	u := *s.admin
	u.Path = "/" + database
	return u.String()
}

// connect reaches the server named by the environment, or starts one.
func connect() (*server, error) {
	prefix, err := randomPrefix()
	if err != nil {
		return nil, err
	}
	s := &server{prefix: prefix}
	if raw := os.Getenv(envURL); raw != "" {
		s.admin, err = url.Parse(raw)
		if err != nil || (s.admin.Scheme != "postgres" && s.admin.Scheme != "postgresql") {
			return nil, fmt.Errorf("want a postgres:// URL, got %q", raw)
		}
	} else {
		s.local, s.admin, err = startCluster()
		if err != nil {
			return nil, err
		}
	}
	s.db, err = sql.Open("pgx", s.admin.String())
	if err == nil {
		s.db.SetMaxOpenConns(4)
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		var version int
		err = s.db.QueryRowContext(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&version)
		if version >= 150000 {
			// The default since 15, WAL_LOG, writes the whole copy to the
			// WAL; FILE_COPY copies the files and is several times faster
			// for small databases like these.
			s.strategy = " STRATEGY FILE_COPY"
		}
	}
	if err != nil {
		if s.db != nil {
			s.db.Close()
		}
		if s.local != nil {
			err = errors.Join(err, s.local.stop())
		}
		return nil, fmt.Errorf("connect to %s: %w", s.admin.Redacted(), err)
	}
	return s, nil
}

// shutdown drops what this binary left on an external server and stops the
// cluster it started.
func shutdown() error {
	s := pg.srv
	if s == nil {
		return nil
	}
	var err error
	if s.local == nil {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, err = s.db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+s.templateName()+` WITH (FORCE)`)
	}
	err = errors.Join(err, s.db.Close())
	if s.local != nil {
		err = errors.Join(err, s.local.stop())
	}
	return err
}

func randomPrefix() (string, error) {
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return "cultivate_test_" + hex.EncodeToString(b), nil
}

// cluster is a throwaway PostgreSQL cluster: a data directory in a temporary
// directory and the postmaster serving it.
type cluster struct {
	dir    string
	cmd    *exec.Cmd
	exited chan error
}

// startCluster runs initdb and starts the server on a free loopback port,
// as the postgres user when running as root (PostgreSQL refuses root).
func startCluster() (*cluster, *url.URL, error) {
	bin, err := postgresBin()
	if err != nil {
		return nil, nil, err
	}
	cred, err := credential()
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "cultivate-pg-")
	if err != nil {
		return nil, nil, err
	}
	c := &cluster{dir: dir}
	if cred != nil {
		if err := os.Chown(dir, int(cred.Uid), int(cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return nil, nil, err
		}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data,
		"-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
	initdb.Dir = dir
	initdb.Env = append(os.Environ(), "LC_ALL=C")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("initdb: %w\n%s", err, out)
	}
	// Another process may take the free port before the server binds it;
	// then try another.
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			os.RemoveAll(dir)
			return nil, nil, err
		}
		admin, err := c.start(filepath.Join(bin, "postgres"), data, port, cred)
		if err == nil {
			return c, admin, nil
		}
		if attempt == 3 || !strings.Contains(err.Error(), "could not bind") {
			os.RemoveAll(dir)
			return nil, nil, err
		}
	}
}

func (c *cluster) start(postgres, data string, port int, cred *syscall.Credential) (*url.URL, error) {
	logPath := filepath.Join(c.dir, "server.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	c.cmd = exec.Command(postgres, "-D", data,
		"-c", "listen_addresses=127.0.0.1",
		"-c", "port="+strconv.Itoa(port),
		"-c", "unix_socket_directories="+c.dir,
		"-c", "fsync=off",
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off",
		"-c", "max_connections=300",
	)
	c.cmd.Dir = c.dir
	c.cmd.Stdout = logFile
	c.cmd.Stderr = logFile
	// If this binary dies without calling Main (a test timeout, a crash),
	// the kernel stops the server for us.
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGINT}
	started := make(chan error, 1)
	c.exited = make(chan error, 1)
	go func() {
		// Pdeathsig fires when the thread that started the child exits, not
		// the process: keep this goroutine on its thread for the server's
		// whole life.
		runtime.LockOSThread()
		if err := c.cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		c.exited <- c.cmd.Wait()
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("start postgres: %w", err)
	}

	admin := &url.URL{
		Scheme:   "postgres",
		User:     url.User("postgres"),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		Path:     "/postgres",
		RawQuery: "sslmode=disable",
	}
	db, err := sql.Open("pgx", admin.String())
	if err != nil {
		return nil, err
	}
	defer db.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := db.PingContext(ctx)
		cancel()
		if err == nil {
			return admin, nil
		}
		select {
		case <-c.exited:
			log, _ := os.ReadFile(logPath)
			return nil, fmt.Errorf("postgres exited while starting:\n%s", log)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(logPath)
			return nil, errors.Join(fmt.Errorf("postgres did not accept connections within a minute: %w\n%s", err, log), c.stop())
		}
	}
}

// stop asks the server for a fast shutdown, then removes its files.
func (c *cluster) stop() error {
	if c.cmd != nil && c.cmd.Process != nil {
		_ = c.cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-c.exited:
		case <-time.After(30 * time.Second):
			_ = c.cmd.Process.Kill()
			<-c.exited
		}
	}
	return os.RemoveAll(c.dir)
}

// postgresBin finds the directory holding initdb and postgres: the one of
// initdb on PATH, else the newest /usr/lib/postgresql/*/bin (Debian keeps
// the server binaries off PATH).
func postgresBin() (string, error) {
	has := func(dir string) bool {
		for _, name := range []string{"initdb", "postgres"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				return false
			}
		}
		return true
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil && has(filepath.Dir(real)) {
			return filepath.Dir(real), nil
		}
		if has(filepath.Dir(p)) {
			return filepath.Dir(p), nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	version := func(dir string) float64 {
		v, _ := strconv.ParseFloat(filepath.Base(filepath.Dir(dir)), 64)
		return v
	}
	slices.SortFunc(dirs, func(a, b string) int { return cmp.Compare(version(b), version(a)) })
	for _, dir := range dirs {
		if has(dir) {
			return dir, nil
		}
	}
	return "", errors.New("no initdb and postgres on PATH or under /usr/lib/postgresql/*/bin")
}

// credential returns whom to run PostgreSQL as: nil for ourselves, the
// postgres system user when we are root.
func credential() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("running as root, and PostgreSQL refuses root: need a postgres user to run it as: %w", err)
	}
	uid, err := strconv.ParseUint(u.Uid, 10, 32)
	if err != nil {
		return nil, err
	}
	gid, err := strconv.ParseUint(u.Gid, 10, 32)
	if err != nil {
		return nil, err
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
