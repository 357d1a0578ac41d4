#!/usr/bin/env bash
# scripts/test.sh: the one command that checks cultivate.
#
#   scripts/test.sh                          everything
#   scripts/test.sh -run Foo ./internal/x/   the same checks; these go test
#                                            arguments instead of ./...
#
# On a fresh Debian machine, as root, it first installs what is missing
# (PostgreSQL, Chromium, gcc for -race, staticcheck). It then starts one
# throwaway PostgreSQL cluster for the whole run, so every test package
# shares it, and runs gofmt, go vet, staticcheck and go test -race with
# PostgreSQL and Chromium required: a test that would skip for want of
# either fails instead.
set -euo pipefail

cd "$(dirname "$0")/.."

STATICCHECK_VERSION=v0.8.2

step() { printf '\n==> %s\n' "$*"; }
die() {
	printf 'scripts/test.sh: %s\n' "$*" >&2
	exit 1
}

command -v go >/dev/null || die "go is not on PATH; install Go $(sed -n 's/^go //p' go.mod) or newer"

# --- what the tests need from the machine ------------------------------------

apt_updated=0
apt_install() {
	command -v apt-get >/dev/null || die "$* missing and there is no apt-get to install it with; install it by hand"
	[ "$(id -u)" = 0 ] || die "$* missing; run as root to let this script install it, or install it by hand"
	export DEBIAN_FRONTEND=noninteractive
	# Another apt may be running (an image still provisioning): wait for its
	# lock rather than fail.
	local apt=(apt-get -y -q -o DPkg::Lock::Timeout=600)
	if [ "$apt_updated" = 0 ]; then
		"${apt[@]}" update >/dev/null || die "apt-get update failed"
		apt_updated=1
	fi
	"${apt[@]}" install "$@" >/dev/null || die "apt-get install $* failed"
}

# pg_bindir prints the directory of PostgreSQL's server programs: initdb's
# on PATH, else the newest /usr/lib/postgresql/*/bin (Debian keeps them off
# PATH).
pg_bindir() {
	local p d
	if p=$(command -v initdb); then
		d=$(dirname "$(readlink -f "$p")")
		if [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return
		fi
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -V -r); do
		if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
			echo "$d"
			return
		fi
	done
	return 1
}

step "Checking tools"
if ! pg_bindir >/dev/null; then
	echo "installing PostgreSQL"
	apt_install postgresql
fi
PG_BIN=$(pg_bindir) || die "no PostgreSQL initdb and pg_ctl found even after installing postgresql"
echo "PostgreSQL: $("$PG_BIN/pg_ctl" --version)"

if [ ! -x /usr/bin/chromium ] && [ -z "${CULTIVATE_CHROMIUM:-}" ]; then
	echo "installing Chromium"
	apt_install chromium
fi
[ -x "${CULTIVATE_CHROMIUM:-/usr/bin/chromium}" ] || die "no Chromium at ${CULTIVATE_CHROMIUM:-/usr/bin/chromium}"
echo "Chromium: ${CULTIVATE_CHROMIUM:-/usr/bin/chromium}"

# The race detector needs cgo, and so a C compiler.
if ! command -v gcc >/dev/null; then
	echo "installing gcc (go test -race needs cgo)"
	apt_install gcc libc6-dev
fi

GOBIN_DIR=$(go env GOPATH)/bin
export PATH="$GOBIN_DIR:$PATH"
# staticcheck -version prints e.g. "staticcheck 2026.2.2 (0.8.2)".
if ! staticcheck -version 2>/dev/null | grep -qF "(${STATICCHECK_VERSION#v})"; then
	echo "installing staticcheck $STATICCHECK_VERSION"
	GOBIN="$GOBIN_DIR" go install "honnef.co/go/tools/cmd/staticcheck@$STATICCHECK_VERSION" ||
		die "go install staticcheck@$STATICCHECK_VERSION failed"
fi
echo "staticcheck: $(staticcheck -version)"

# --- one PostgreSQL cluster for the whole run ---------------------------------

step "Starting a throwaway PostgreSQL"
PG_DIR=$(mktemp -d /tmp/cultivate-test-pg.XXXXXX)
stop_postgres() {
	if [ -f "$PG_DIR/data/postmaster.pid" ]; then
		as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$PG_DIR"
}
trap stop_postgres EXIT
# Turn signals into an exit, so that the EXIT trap runs.
trap 'exit 130' INT
trap 'exit 143' TERM

# PostgreSQL refuses to run as root: run it as the postgres user, in a
# directory that user owns, from a working directory it can enter.
if [ "$(id -u)" = 0 ]; then
	id postgres >/dev/null 2>&1 || die "running as root, and PostgreSQL needs a postgres user to run as (the postgresql package creates it)"
	chown postgres: "$PG_DIR"
	as_pg() { (cd "$PG_DIR" && runuser -u postgres -- "$@"); }
else
	as_pg() { (cd "$PG_DIR" && "$@"); }
fi

as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
	>"$PG_DIR/initdb.log" 2>&1 || {
	cat "$PG_DIR/initdb.log" >&2
	die "initdb failed"
}

# A random free port on the loopback; if another process takes it first,
# try another.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
started=0
for _ in 1 2 3 4 5; do
	PG_PORT=$((20000 + RANDOM % 40000))
	port_free "$PG_PORT" || continue
	if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
		-o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500" \
		start >/dev/null; then
		started=1
		break
	fi
	grep -q "could not bind" "$PG_DIR/server.log" 2>/dev/null || break
done
if [ "$started" != 1 ]; then
	cat "$PG_DIR/server.log" >&2 || true
	die "could not start PostgreSQL"
fi
export CULTIVATE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
echo "listening on 127.0.0.1:$PG_PORT, data in $PG_DIR"

export CULTIVATE_REQUIRE_POSTGRES=1
export CULTIVATE_REQUIRE_CHROMIUM=1

# --- the checks ----------------------------------------------------------------

step "gofmt"
# Tracked files, and new ones not yet added (but not ignored ones).
go_files=()
while IFS= read -r f; do
	[ -f "$f" ] && go_files+=("$f")
done < <(git ls-files --cached --others --exclude-standard -- '*.go' 2>/dev/null || find . -name '*.go' -not -path './.git/*')
if [ "${#go_files[@]}" -gt 0 ]; then
	unformatted=$(gofmt -l "${go_files[@]}")
	if [ -n "$unformatted" ]; then
		printf '%s\n' "$unformatted" >&2
		die "these files need gofmt -w"
	fi
fi
echo "${#go_files[@]} files formatted"

step "go vet"
go vet ./...

step "staticcheck"
staticcheck ./...

step "go test -race"
if [ "$#" -gt 0 ]; then
	go test -race -count=1 -timeout 20m "$@"
else
	# Every package under the race detector, but the demo generator: it
	# is single-threaded, and building the whole demo organization several
	# times under -race takes minutes. Its tests, and `cultivate demo`'s
	# (which skips itself under -race), run without -race below.
	mapfile -t race_pkgs < <(go list ./... | grep -v '/internal/demo$')
	go test -race -count=1 -timeout 20m "${race_pkgs[@]}"
	step "go test (the demo generator, and the demo command)"
	go test -count=1 -timeout 20m ./internal/demo/
	go test -count=1 -timeout 20m -run '^TestDemoServesAndItsLoginsWork$' ./internal/cli/
fi

step "All checks passed"
