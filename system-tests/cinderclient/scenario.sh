#!/usr/bin/env bash
# Drives a running suite with the unmodified `cinder` command of Debian's python3-cinderclient, the way an operator
# would, and checks what each command prints (not only its exit code).
#
#   system-tests/cinderclient/scenario.sh [endpoint]      endpoint defaults to $CINDER_ENDPOINT or http://127.0.0.1:8776/v3
#
# Installs python3-cinderclient with apt when `cinder` is missing; where apt is missing it says so and skips (exit 0).
set -euo pipefail

ENDPOINT="${1:-${CINDER_ENDPOINT:-http://127.0.0.1:8776/v3}}"
PROJECT="scenario$(date +%s)"
WAIT_SECONDS="${SCENARIO_WAIT_SECONDS:-60}"
STEP=0

say() { printf 'scenario: %s\n' "$*"; }
fail() { printf 'scenario: FAILED at step %s: %s\n' "$STEP" "$*" >&2; exit 1; }

# cinder as an admin of $PROJECT through noauth (the token is user:project, as cinderclient's noauth plugin sends it).
cinder_() {
  cinder --os-auth-type noauth --os-user-id admin --os-project-id "$PROJECT" --os-endpoint "$ENDPOINT" "$@"
}

# Runs one cinder command, prints it and its output; fails the scenario on a non-zero exit.
OUT=""
step() {
  STEP=$((STEP + 1))
  say "[$STEP] cinder $*"
  if ! OUT="$(cinder_ "$@" 2>&1)"; then
    printf '%s\n' "$OUT" >&2
    fail "cinder $* exited non-zero"
  fi
  printf '%s\n' "$OUT" | sed 's/^/    /'
}

# Like step, but the command must fail and print $1.
step_fails() {
  local expected="$1"; shift
  STEP=$((STEP + 1))
  say "[$STEP] cinder $* (must fail)"
  if OUT="$(cinder_ "$@" 2>&1)"; then
    fail "cinder $* succeeded; expected a failure saying: $expected"
  fi
  printf '%s\n' "$OUT" | sed 's/^/    /'
  expect "$expected"
}

expect() { grep -qE -- "$1" <<<"$OUT" || fail "expected /$1/ in the output above"; }
expect_not() { ! grep -qE -- "$1" <<<"$OUT" || fail "did not expect /$1/ in the output above"; }

# The value of a row of a `| Property | Value |` table in $OUT.
field() {
  awk -F'|' -v key="$1" '{ k=$2; gsub(/^ +| +$/, "", k); if (k == key) { v=$3; gsub(/^ +| +$/, "", v); print v; exit } }' <<<"$OUT"
}

# Waits until `cinder <show-command> <id>` shows $3 in its status row.
await_status() {
  local show="$1" id="$2" wanted="$3" deadline=$((SECONDS + WAIT_SECONDS)) status=""
  while [ $SECONDS -lt $deadline ]; do
    OUT="$(cinder_ "$show" "$id" 2>&1)" || true
    status="$(field status)"
    [ "$status" = "$wanted" ] && { say "    $id is $wanted"; return 0; }
    sleep 0.5
  done
  printf '%s\n' "$OUT" >&2
  fail "$id did not become $wanted within ${WAIT_SECONDS}s (last status: ${status:-none})"
}

# Waits until `cinder <show-command> <id>` says the resource is gone.
await_gone() {
  local show="$1" id="$2" deadline=$((SECONDS + WAIT_SECONDS))
  while [ $SECONDS -lt $deadline ]; do
    if ! OUT="$(cinder_ "$show" "$id" 2>&1)" && grep -qiE "no (volume|group)|not found|could not be found" <<<"$OUT"; then
      say "    $id is gone"; return 0
    fi
    sleep 0.5
  done
  fail "$id still exists after ${WAIT_SECONDS}s"
}

# Waits until the cinder-volume service on $1 shows $2 in `cinder service-list --withreplication` (a row regex).
await_service() {
  local host="$1" wanted="$2" deadline=$((SECONDS + WAIT_SECONDS)) row=""
  while [ $SECONDS -lt $deadline ]; do
    OUT="$(cinder_ service-list --withreplication 2>&1)" || true
    row="$(grep -E "cinder-volume +\| +$host +\|" <<<"$OUT" || true)"
    grep -qE -- "$wanted" <<<"$row" && { say "    $host: $wanted"; return 0; }
    sleep 0.5
  done
  printf '%s\n' "$OUT" >&2
  fail "service $host did not show /$wanted/ within ${WAIT_SECONDS}s (last row: ${row:-none})"
}

"$(dirname "${BASH_SOURCE[0]}")/install.sh"
if ! command -v cinder >/dev/null; then
  say "cinder is not installed and could not be: SKIPPED"
  exit 0
fi
say "cinder $(cinder --version 2>&1) against $ENDPOINT as admin of project $PROJECT"

# --- volume types and extra specs
TYPE="gold-$PROJECT"
step type-create "$TYPE" --description "scenario type"
expect "$TYPE"; TYPE_ID="$(awk -F'|' -v n="$TYPE" '$3 ~ n { gsub(/ /, "", $2); print $2 }' <<<"$OUT")"
[ -n "$TYPE_ID" ] || fail "no id for type $TYPE"
step type-key "$TYPE" set volume_backend_name=fast color=gold
step type-key "$TYPE" unset color
step extra-specs-list
expect "$TYPE.*volume_backend_name.*fast"; expect_not "color"
step type-list
expect "$TYPE_ID.*$TYPE"
step_fails "No volumetype with a name or ID of .no-such-type. exists" type-key no-such-type set a=b

# --- volumes: create with and without a type, list, show, rename, metadata, extend, reset-state, delete
step create --name plain 1
PLAIN="$(field id)"; expect "creating"
step create --name typed --volume-type "$TYPE" 1
TYPED="$(field id)"
await_status show "$PLAIN" available
await_status show "$TYPED" available
step list
expect "$PLAIN.*available.*plain"; expect "$TYPED.*available.*typed.*$TYPE"
step show "$TYPED"
[ "$(field size)" = 1 ] || fail "size is $(field size), expected 1"
[ "$(field volume_type)" = "$TYPE" ] || fail "volume_type is $(field volume_type)"
expect "os-vol-host-attr:host.*@fast#"
step rename "$TYPED" renamed
step metadata "$TYPED" set purpose=scenario tier=gold
step metadata "$TYPED" unset tier
step show "$TYPED"
[ "$(field name)" = renamed ] || fail "name is $(field name), expected renamed"
expect "purpose.*scenario"; expect_not "tier"
step extend "$TYPED" 2
await_status show "$TYPED" available
step show "$TYPED"
[ "$(field size)" = 2 ] || fail "size is $(field size) after extend, expected 2"
step reset-state --state error "$PLAIN"
step show "$PLAIN"
[ "$(field status)" = error ] || fail "status is $(field status) after reset-state"
step reset-state --state available "$PLAIN"
step_fails "Invalid volume|must be greater|ERROR" extend "$PLAIN" 1
step delete "$PLAIN" "$TYPED"
await_gone show "$PLAIN"
await_gone show "$TYPED"

# --- group types, groups with volumes
GTYPE="gt-$PROJECT"
step group-type-create "$GTYPE"
expect "$GTYPE"
step group-type-list
expect "$GTYPE"
step group-create --name grp "$GTYPE" "$TYPE"
GROUP="$(field id)"
await_status group-show "$GROUP" available
step create --name member --volume-type "$TYPE" --group-id "$GROUP" 1
MEMBER="$(field id)"
await_status show "$MEMBER" available
step show "$MEMBER"
expect "group_id.*$GROUP"
step group-list
expect "$GROUP.*available.*grp"
step group-update --name grp2 "$GROUP"
step group-update --remove-volumes "$MEMBER" "$GROUP"
step show "$MEMBER"
expect_not "group_id.*$GROUP"
step group-update --add-volumes "$MEMBER" "$GROUP"
step group-show "$GROUP"
[ "$(field name)" = grp2 ] || fail "group name is $(field name), expected grp2"
step group-delete --delete-volumes "$GROUP"
await_gone group-show "$GROUP"
await_gone show "$MEMBER"

# --- operators' views: services, pools, user messages
step service-list
expect "cinder-scheduler.*enabled.*up"; expect "cinder-volume.*@fast.*enabled.*up"
step get-pools
expect "@fast#pool-a"
step get-pools --detail
expect "free_capacity_gb"
NOWHERE="nowhere-$PROJECT"
step type-create "$NOWHERE"
step type-key "$NOWHERE" set volume_backend_name=no-such-backend
step create --name stranded --volume-type "$NOWHERE" 1
STRANDED="$(field id)"
await_status show "$STRANDED" error
step message-list
expect "$STRANDED"
step delete "$STRANDED"
await_gone show "$STRANDED"
step type-delete "$NOWHERE" "$TYPE"
step type-list
expect_not "$TYPE_ID"

# --- backend replication, the legacy way: freeze / thaw, failover-host and back (capacity replicates to site-c)
BACKEND_HOST="node1@capacity"
REPLICATED="replicated-$PROJECT"
step type-create "$REPLICATED"
step type-key "$REPLICATED" set volume_backend_name=capacity
step create --name dr --volume-type "$REPLICATED" 1
DR="$(field id)"
await_status show "$DR" available
step show "$DR"
[ "$(field replication_status)" = enabled ] || fail "replication_status is $(field replication_status), expected enabled"
step service-list --withreplication
expect "Replication Status.*Active Backend ID.*Frozen"
expect "cinder-volume +\| +$BACKEND_HOST +\|.*enabled.*\| +False +\|"
step freeze-host "$BACKEND_HOST"
await_service "$BACKEND_HOST" "disabled.*\| +True +\|"
step thaw-host "$BACKEND_HOST"
await_service "$BACKEND_HOST" "enabled.*\| +enabled +\|.*\| +False +\|"
step failover-host "$BACKEND_HOST" --backend_id site-c
await_service "$BACKEND_HOST" "\| +failed-over +\| +site-c +\|"
step show "$DR"
[ "$(field replication_status)" = failed-over ] || fail "replication_status is $(field replication_status) after failover-host"
step_fails "No service found with host=no-such-host@nowhere" failover-host no-such-host@nowhere
step failover-host "$BACKEND_HOST" --backend_id default
await_service "$BACKEND_HOST" "\| +enabled +\| +\| +False +\|"
step show "$DR"
[ "$(field replication_status)" = enabled ] || fail "replication_status is $(field replication_status) after failing back"
step delete "$DR"
await_gone show "$DR"
step type-delete "$REPLICATED"

say "PASSED: $STEP cinder commands against $ENDPOINT"
