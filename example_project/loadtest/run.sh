#!/usr/bin/env bash
# `make loadtest`: seed a PostgreSQL database, serve it with gunicorn on 127.0.0.1 (Django's
# psycopg pool in each worker), drive each endpoint with locust for a bounded time, first
# on the optimized API, then on the naive one at the same concurrency, print the table,
# and stop the server and drop the database whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."

BIN=${BIN:-.venv/bin}
PORT=${LOADTEST_PORT:-8765}
USERS=${LOADTEST_USERS:-10}
DURATION=${LOADTEST_DURATION:-20s}
WORKERS=${LOADTEST_WORKERS:-3}
OUT=${LOADTEST_OUT:-bench-results/loadtest}
export DATABASE_URL=${LOADTEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/algoitny_loadtest}
export DATABASE_POOL=1 DJANGO_DEBUG=0 QUERYCOUNT=0
mkdir -p "$OUT"

server=""
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    "$BIN/python" -m example_project.loadtest.control dropdb || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$BIN/python" -m example_project.loadtest.control createdb
"$BIN/python" example_project/manage.py migrate --noinput -v 0
"$BIN/python" example_project/manage.py seed_demo --reset \
    --problems 1000 --test-cases 50 --histories 10000 --users 50
"$BIN/python" -m example_project.loadtest.control analyze
"$BIN/gunicorn" example_project.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --error-logfile "$OUT/gunicorn.log" &
server=$!
"$BIN/python" -m example_project.loadtest.control wait "http://127.0.0.1:$PORT/api/health/"

for api in api naive; do
    for user in ProblemListUser ProblemDetailUser HistoryListUser; do
        echo "$api: $user, $USERS users for $DURATION"
        # locust exits 1 when a request failed: the table reports the errors instead.
        LOADTEST_PREFIX="/$api" "$BIN/locust" -f example_project/loadtest/locustfile.py \
            --headless --users "$USERS" --spawn-rate "$USERS" --run-time "$DURATION" \
            --host "http://127.0.0.1:$PORT" --csv "$OUT/$api-$user" --only-summary \
            --loglevel WARNING "$user" >"$OUT/$api-$user.log" 2>&1 || true
    done
done
"$BIN/python" -m example_project.loadtest.report "$OUT"
