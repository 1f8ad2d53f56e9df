#!/usr/bin/env bash
# Checks what an operator does after a process of a running suite dies: `bin/suite up --detach` starts what is missing
# (and only that: the survivors keep their pids), `bin/suite restart NAME` restarts one process, and the suite answers
# a create afterwards. Runs against the suite bin/test started (same SUITE_DATA_DIR and ports).
#
#   system-tests/suite/crash-resume.sh <api endpoint, e.g. http://127.0.0.1:18776/v3>
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ENDPOINT="$1"
DATA="${SUITE_DATA_DIR:-$ROOT/.suite}"

say() { printf 'crash-resume: %s\n' "$*"; }
fail() { printf 'crash-resume: FAILED: %s\n' "$*" >&2; exit 1; }
pid() { cat "$DATA/pids/$1.pid"; }

survivors=(api-service scheduler-service replication-service array-site-b mediator)
declare -A before
for name in "${survivors[@]}"; do before[$name]="$(pid "$name")"; done
killed="$(pid volume-service)"
array="$(pid array-site-c)"

say "kill -9 volume-service (pid $killed) and site-c's array (pid $array)"
kill -KILL -- "-$killed" "-$array"
"$ROOT/bin/suite" status >/dev/null && fail "status says healthy with volume-service and array-site-c dead"

"$ROOT/bin/suite" up --detach || fail "bin/suite up --detach did not bring back the missing processes"
[ "$(pid volume-service)" != "$killed" ] || fail "volume-service kept the dead pid"
[ "$(pid array-site-c)" != "$array" ] || fail "array-site-c kept the dead pid"
for name in "${survivors[@]}"; do
  [ "$(pid "$name")" = "${before[$name]}" ] || fail "$name was restarted although it was running"
done
"$ROOT/bin/suite" status || fail "not healthy after up"

"$ROOT/bin/suite" up --detach | grep -q "already running" || fail "a second up did not say everything runs"

old="$(pid scheduler-service)"
"$ROOT/bin/suite" restart scheduler-service || fail "restart scheduler-service failed"
[ "$(pid scheduler-service)" != "$old" ] || fail "restart kept the scheduler's pid"

# The suite still does its work: a volume goes from creating to available through all four services.
project="resume$(date +%s)"
headers=(-H "X-Auth-Token: admin:$project" -H "Content-Type: application/json")
volume="$(curl -sf "${headers[@]}" -d '{"volume":{"size":1}}' "$ENDPOINT/$project/volumes" \
  | sed 's/.*"id": *"\([^"]*\)".*/\1/')"
[ -n "$volume" ] || fail "create refused"
for _ in $(seq 120); do
  status="$(curl -sf "${headers[@]}" "$ENDPOINT/$project/volumes/$volume" | sed 's/.*"status": *"\([^"]*\)".*/\1/')"
  [ "$status" = available ] && { say "volume $volume available after the restarts"; say "passed"; exit 0; }
  [ "$status" = error ] && fail "volume $volume went to error"
  sleep 0.5
done
fail "volume $volume is still $status"
