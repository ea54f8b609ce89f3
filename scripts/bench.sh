#!/usr/bin/env bash
# make bench: generate the benchmark dataset (once per scale) and run the suite on SQLite, and
# on PostgreSQL when TIDTAM_BENCH_DATABASE_URL is set (its database `tidtam_bench` is dropped and
# re-created when it does not hold this scale). Results: $BENCH_DIR/results-<db>-<scale>.json and
# the tables between the markers of docs/benchmarks.md.
#
#   SCALE=national|small|tiny  (default national)   SEED=1   ROUNDS=10   BENCH_DIR=var/bench
#   BENCH_ARGS="--quick"       (extra arguments of tidtam bench-run)
#   TIDTAM_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/tidtam_bench
set -euo pipefail
cd "$(dirname "$0")/.."

SCALE=${SCALE:-national}
SEED=${SEED:-1}
ROUNDS=${ROUNDS:-10}
BENCH_DIR=${BENCH_DIR:-var/bench}
BENCH_DOCS=${BENCH_DOCS:-docs/benchmarks.md}
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
TIDTAM="$VENV/bin/tidtam"
export PYTHAINLP_READ_ONLY=1
# Measure the production configuration: with Django's DEBUG on, every query is also formatted
# and kept in a log (time, and memory that grows with an export's 400 chunk queries).
export TIDTAM_DEBUG=${TIDTAM_DEBUG:-false}
mkdir -p "$BENCH_DIR"
BENCH_DIR=$(cd "$BENCH_DIR" && pwd)

prepare() {  # $1 = label; TIDTAM_DATA_DIR / TIDTAM_DATABASE_URL already exported
  if "$TIDTAM" bench-data --check --scale "$SCALE" --seed "$SEED" >/dev/null 2>&1; then
    echo "== $1: dataset $SCALE (seed $SEED) already generated =="
    return
  fi
  echo "== $1: generating the $SCALE dataset (seed $SEED) =="
  "$TIDTAM" migrate --no-input >/dev/null
  "$TIDTAM" bench-data --scale "$SCALE" --seed "$SEED" --json "$TIDTAM_DATA_DIR/bench-data.json"
}

run() {  # $1 = db name (sqlite / postgres)
  local out="$BENCH_DIR/results-$1-$SCALE.json"
  echo "== $1: benchmark suite ($ROUNDS rounds) =="
  # shellcheck disable=SC2086
  "$TIDTAM" bench-run --rounds "$ROUNDS" --json "$out" ${BENCH_ARGS:-}
  "$PY" -m tidtam.bench.markdown "$out" "$BENCH_DOCS" "$1"
  echo "== $1: $out, tables in $BENCH_DOCS =="
}

# --- SQLite ---------------------------------------------------------------------------------
SQLITE_DIR="$BENCH_DIR/$SCALE/sqlite"
if [ -f "$SQLITE_DIR/tidtam.sqlite3" ] && ! TIDTAM_DATA_DIR="$SQLITE_DIR" \
    TIDTAM_DATABASE_URL="sqlite:///$SQLITE_DIR/tidtam.sqlite3" \
    "$TIDTAM" bench-data --check --scale "$SCALE" --seed "$SEED" >/dev/null 2>&1; then
  rm -rf "$SQLITE_DIR"  # another seed or a half-generated dataset: start again
fi
mkdir -p "$SQLITE_DIR"
(
  export TIDTAM_DATA_DIR="$SQLITE_DIR"
  export TIDTAM_DATABASE_URL="sqlite:///$SQLITE_DIR/tidtam.sqlite3"
  prepare sqlite
  run sqlite
)

# --- PostgreSQL -----------------------------------------------------------------------------
if [ -n "${TIDTAM_BENCH_DATABASE_URL:-}" ]; then
  PG_DIR="$BENCH_DIR/$SCALE/postgres"
  mkdir -p "$PG_DIR"
  # Always the dedicated database tidtam_bench on the server the URL names.
  PG_URL=$("$PY" - "$TIDTAM_BENCH_DATABASE_URL" <<'PYEOF'
import sys
from urllib.parse import urlsplit, urlunsplit
parts = urlsplit(sys.argv[1])
print(urlunsplit(parts._replace(path="/tidtam_bench")))
PYEOF
)
  (
    export TIDTAM_DATA_DIR="$PG_DIR"
    export TIDTAM_DATABASE_URL="$PG_URL"
    if ! "$TIDTAM" bench-data --check --scale "$SCALE" --seed "$SEED" >/dev/null 2>&1; then
      echo "== postgres: (re)creating database tidtam_bench =="
      "$PY" - "$PG_URL" <<'PYEOF'
import sys
from urllib.parse import urlsplit, unquote
import psycopg
p = urlsplit(sys.argv[1])
with psycopg.connect(host=p.hostname, port=p.port or 5432, user=unquote(p.username or ""),
                     password=unquote(p.password or ""), dbname="postgres", autocommit=True) as c:
    c.execute("DROP DATABASE IF EXISTS tidtam_bench")
    c.execute("CREATE DATABASE tidtam_bench")
PYEOF
    fi
    prepare postgres
    run postgres
  )
else
  echo "== TIDTAM_BENCH_DATABASE_URL not set: PostgreSQL run skipped =="
fi
