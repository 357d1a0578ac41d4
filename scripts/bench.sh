#!/usr/bin/env bash
# scripts/bench.sh: the scale benchmarks of issue 3 (a community's request
# list, a thread, a search, and a SELECT 1 baseline for ratios) on SQLite
# and PostgreSQL, at 10,000 and 1,000,000 requests with three times as many
# replies.
#
#   scripts/bench.sh                                  both sizes, both engines
#   CULTIVATE_BENCH_SCALE=10000 scripts/bench.sh      other sizes
#   scripts/bench.sh -benchtime 50x -bench Thread     more go test arguments
#                                                     (later ones win)
#
# The datasets are generated once (demo.Scale; 1,000,000 requests take
# minutes on each engine) and cached in $CULTIVATE_BENCH_CACHE (default
# ${TMPDIR:-/tmp}/cultivate-bench): SQLite files, and the data directory of
# a PostgreSQL cluster this script starts (as the postgres user when run as
# root, the way scripts/test.sh does) and stops again, keeping its data.
# With CULTIVATE_TEST_POSTGRES_URL set, that server is used instead and the
# databases are cached there. Delete the cache directory to start afresh.
#
# The output goes to the terminal and to $CULTIVATE_BENCH_CACHE/bench-*.txt;
# each benchmark reports p50-ms, p95-ms and x-baseline (its median over
# that of SELECT 1 on the same database in the same run).
set -euo pipefail

cd "$(dirname "$0")/.."

die() {
	printf 'scripts/bench.sh: %s\n' "$*" >&2
	exit 1
}

command -v go >/dev/null || die "go is not on PATH"

CACHE=${CULTIVATE_BENCH_CACHE:-${TMPDIR:-/tmp}/cultivate-bench}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
export CULTIVATE_BENCH_CACHE=$CACHE
export CULTIVATE_BENCH_SCALE=${CULTIVATE_BENCH_SCALE:-10000,1000000}

# pg_bindir prints the directory of PostgreSQL's server programs, as in
# scripts/test.sh.
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

if [ -z "${CULTIVATE_TEST_POSTGRES_URL:-}" ]; then
	PG_BIN=$(pg_bindir) || die "no PostgreSQL initdb and pg_ctl found (install postgresql, or set CULTIVATE_TEST_POSTGRES_URL)"
	PG_DIR=$CACHE/postgres
	mkdir -p "$PG_DIR"
	# PostgreSQL refuses to run as root: run it as the postgres user, in a
	# directory that user owns.
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || die "running as root, and PostgreSQL needs a postgres user to run as"
		chown postgres: "$PG_DIR"
		as_pg() { (cd "$PG_DIR" && runuser -u postgres -- "$@"); }
	else
		as_pg() { (cd "$PG_DIR" && "$@"); }
	fi
	if [ ! -f "$PG_DIR/data/PG_VERSION" ]; then
		echo "==> Creating the benchmarks' PostgreSQL cluster in $PG_DIR/data"
		as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
			>"$PG_DIR/initdb.log" 2>&1 || {
			cat "$PG_DIR/initdb.log" >&2
			die "initdb failed"
		}
	fi
	stop_postgres() {
		if [ -f "$PG_DIR/data/postmaster.pid" ]; then
			# fast, not immediate: the data stays for the next run.
			as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
		fi
	}
	trap stop_postgres EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	# The settings of scripts/test.sh (fsync off: this is a cache, and a
	# crash only costs regenerating it), plus the memory of a modest
	# production server: 1 GB of shared buffers, and room for VACUUM and
	# index builds after loading.
	port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
	started=0
	for _ in 1 2 3 4 5; do
		PG_PORT=$((20000 + RANDOM % 40000))
		port_free "$PG_PORT" || continue
		if as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 120 \
			-o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=500 -c shared_buffers=1GB -c maintenance_work_mem=1GB -c max_wal_size=2GB" \
			start >/dev/null; then
			started=1
			break
		fi
		tail -n 5 "$PG_DIR/server.log" | grep -q "could not bind" || break
	done
	if [ "$started" != 1 ]; then
		tail -n 30 "$PG_DIR/server.log" >&2 || true
		die "could not start PostgreSQL"
	fi
	export CULTIVATE_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
	echo "==> PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT, data in $PG_DIR/data"
fi
export CULTIVATE_REQUIRE_POSTGRES=1

OUT=$CACHE/bench-$(date +%Y%m%dT%H%M%S).txt
echo "==> Benchmarks at $CULTIVATE_BENCH_SCALE requests, cache in $CACHE, output also in $OUT"
# -v shows what the benchmarks log: load times, how deep the deep pages are.
go test ./internal/practice/ -run '^$' -bench '^Benchmark(Baseline|CommunityRequestList|Thread|Search)$' \
	-benchtime 200x -timeout 0 -v "$@" 2>&1 | grep -v '^=== ' | tee "$OUT"

# The figures as a table: median and 95th percentile per size, the median
# over SELECT 1's, and how much the median grew from the smallest size to
# the largest.
echo
echo "==> Summary (ms; x-baseline is the median over SELECT 1's on the same database in this run)"
awk '
/^Benchmark.*ns\/op/ {
	n = split($1, part, "/")
	if (n != 4) next
	sub(/-[0-9]+$/, "", part[4])
	key = part[1] "/" part[4] "/" part[2]
	size = part[3]
	for (i = 2; i < NF; i++) {
		if ($(i + 1) == "p50-ms") p50[key, size] = $i
		if ($(i + 1) == "p95-ms") p95[key, size] = $i
		if ($(i + 1) == "x-baseline") xb[key, size] = $i
	}
	if (!(key in seen)) { seen[key] = 1; keys[++nk] = key }
	if (!(size in sizeseen)) { sizeseen[size] = 1; sizes[++ns] = size }
}
END {
	printf "| benchmark | engine |"
	for (j = 1; j <= ns; j++) printf " p50 %s | p95 %s | x-baseline %s |", sizes[j], sizes[j], sizes[j]
	printf " growth of p50 %s→%s |\n|---|---|", sizes[1], sizes[ns]
	for (j = 1; j <= ns; j++) printf "---|---|---|"
	printf "---|\n"
	for (k = 1; k <= nk; k++) {
		key = keys[k]
		split(key, kp, "/")
		sub(/^Benchmark/, "", kp[1])
		printf "| %s %s | %s |", kp[1], kp[2], kp[3]
		for (j = 1; j <= ns; j++) printf " %s | %s | %s |", p50[key, sizes[j]], p95[key, sizes[j]], xb[key, sizes[j]]
		a = p50[key, sizes[1]]; b = p50[key, sizes[ns]]
		if (ns > 1 && a > 0 && b != "") printf " %.2f× |\n", b / a; else printf " |\n"
	}
}' "$OUT" | tee -a "$OUT"
