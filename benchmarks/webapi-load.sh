#!/usr/bin/env bash
# HTTP load on the sample Web API against a real RethinkDB: the driver's default against the thread-pool hand-off
# (RethinkDb:ResumeOnReaderThread=false), one after the other, ROUNDS times interleaved, same server, same machine.
#
#   RETHINKDB_HOST=127.0.0.1 RETHINKDB_PASSWORD=s3cret benchmarks/webapi-load.sh [concurrency] [seconds] [rounds]
#
# The app uses its own database (webapi_bench, created by the app, left in place for the next run).
set -euo pipefail
cd "$(dirname "$0")/.."
CONCURRENCY=${1:-64}
SECONDS_PER_ENDPOINT=${2:-10}
ROUNDS=${3:-2}
PORT=${WEBAPI_PORT:-5080}
: "${RETHINKDB_HOST:?set RETHINKDB_HOST (and RETHINKDB_PORT, RETHINKDB_PASSWORD)}"

dotnet build -c Release samples/WebApi -v q -nologo
dotnet build -c Release benchmarks/RethinkDb.Benchmarks -v q -nologo
APP=samples/WebApi/bin/Release/net10.0/WebApi
BENCH=benchmarks/RethinkDb.Benchmarks/bin/Release/net10.0/RethinkDb.Benchmarks

run_mode() { # label resumeOnReaderThread
  Logging__LogLevel__Default=Warning Logging__LogLevel__RethinkDb=Warning \
  RethinkDb__Host="$RETHINKDB_HOST" RethinkDb__Port="${RETHINKDB_PORT:-28015}" \
  RethinkDb__Password="${RETHINKDB_PASSWORD:-}" RethinkDb__Db=webapi_bench \
  RethinkDb__ResumeOnReaderThread="$2" \
    "$APP" --urls "http://127.0.0.1:$PORT" &
  local app=$!
  "$BENCH" http --url "http://127.0.0.1:$PORT" --concurrency "$CONCURRENCY" --duration "$SECONDS_PER_ENDPOINT" --label "$1" || true
  kill "$app"; wait "$app" 2>/dev/null || true
}

for round in $(seq 1 "$ROUNDS"); do
  echo "# round $round"
  run_mode default true
  run_mode hand-off false
done
