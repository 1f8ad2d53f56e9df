#!/usr/bin/env bash
# The cross-cloud drill (issue 14, docs/cross-cloud.md) with curl against two clouds started by bin/suite: cloud A is
# the suite bin/test started (its SUITE_DATA_DIR and ports in the environment); this script starts cloud B beside it
# (SUITE_CLOUD=b, its own Kafka, PostgreSQL and services on CLOUD_B_* ports, cloud A's arrays), then: cloud A creates
# two volumes on capacity (site-b, the whole backend shipping async to site-c, its cross_os target; cloud A started
# with CAPACITY_MIN_RPO=10 so that the type may ask for 10 s) and writes to them through its data plane until site-c
# holds the same bytes, loses site-b (bin/suite kill-site), fails capacity over through the failover API (forced:
# its array is unreachable), exports the two volumes with clear_existing; cloud B (backend dr on site-c's array)
# imports them and reads the same bytes through its data plane; cloud A has no record of them left; a second import
# is refused with 409. Stops cloud B and starts site-b again at the end.
#
#   system-tests/cloud/two-cloud.sh <cloud A's api endpoint, e.g. http://127.0.0.1:18776/v3>
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
A_ENDPOINT="$1"
A_DATA="${SUITE_DATA_DIR:-$ROOT/.suite}"
B_DATA="${CLOUD_B_DATA_DIR:-$A_DATA-b}"
B_API_PORT="${CLOUD_B_API_PORT:-18876}"
B_VOLUME_PORT="${CLOUD_B_VOLUME_PORT:-18887}"
B_ENDPOINT="http://127.0.0.1:$B_API_PORT/v3"
# A failover after site-b's loss waits for site-c's volume-service instance to take over capacity (~7-13 s), then
# switches.
FAILOVER_TIMEOUT="${TWO_CLOUD_FAILOVER_TIMEOUT:-120}"
MICROVERSION="OpenStack-API-Version: volume 3.74"

say() { printf 'two-cloud: %s\n' "$*"; }
fail() { printf 'two-cloud: FAILED: %s\n' "$*" >&2; exit 1; }

# cloud_b COMMAND...: bin/suite for cloud B, with its own ports whatever cloud A's environment exported.
cloud_b() {
  env SUITE_CLOUD=b SUITE_DATA_DIR="$B_DATA" SUITE_ARRAYS_DIR="$A_DATA" API_PORT="$B_API_PORT" \
    SCHEDULER_PORT="${CLOUD_B_SCHEDULER_PORT:-18886}" VOLUME_PORT="$B_VOLUME_PORT" VOLUME_B_PORT="$B_VOLUME_PORT" \
    REPLICATION_PORT="${CLOUD_B_REPLICATION_PORT:-18888}" KAFKA_PORT="${CLOUD_B_KAFKA_PORT:-19192}" \
    KAFKA_CONTROLLER_PORT="${CLOUD_B_KAFKA_CONTROLLER_PORT:-19193}" PGPORT="${CLOUD_B_PGPORT:-15532}" \
    "$ROOT/bin/suite" "$@"
}

# json EXPRESSION: evaluates a Python expression over the JSON document on stdin (bound to d).
json() { python3 -c 'import json, sys; d = json.load(sys.stdin); r = eval(sys.argv[1]); print(r if isinstance(r, str) else json.dumps(r))' "$1"; }

# call CLOUD METHOD PATH [BODY]: the API of cloud a or b as its project's admin; sets CODE and BODY.
call() {
  local cloud="$1" method="$2" path="$3" body="${4:-}" endpoint project out version="OpenStack-API-Version: volume 3.0"
  if [ "$cloud" = a ]; then endpoint="$A_ENDPOINT"; project="$A_PROJECT"; else endpoint="$B_ENDPOINT"; project="$B_PROJECT"; fi
  # Export and import need the cross-cloud microversion; the rest is plain Cinder.
  case "$path" in
    /replication/export*|/replication/imports*|/volumes/import-replica) version="$MICROVERSION" ;;
    /replication/*) version="OpenStack-API-Version: volume 3.71" ;;
  esac
  out="$(mktemp)"
  CODE="$(curl -s -o "$out" -w '%{http_code}' -X "$method" -H "X-Auth-Token: admin:$project" -H "$version" \
    -H "Content-Type: application/json" ${body:+--data-binary "$body"} "$endpoint/$project$path")"
  BODY="$(cat "$out")"
  rm -f "$out"
}
# field EXPRESSION: of the last answer's BODY.
field() { json "$1" <<<"$BODY"; }
expect() { [ "$CODE" = "$1" ] || fail "$2: HTTP $CODE, expected $1"; }

# until_true SECONDS WHAT COMMAND...: polls COMMAND every half second.
until_true() {
  local seconds="$1" what="$2" deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$what not within ${seconds}s"
    sleep 0.5
  done
}

volume_field() { call "$1" GET "/volumes/$2"; field "d['volume']['$3']"; }
volume_is() { [ "$(volume_field "$1" "$2" "$3")" = "$4" ]; }
all_volumes_are() { local cloud="$1" field="$2" value="$3" id; for id in "${VOLUMES[@]}"; do volume_is "$cloud" "$id" "$field" "$value" || return 1; done; }
gone_in_a() { local id; for id in "${VOLUMES[@]}"; do call a GET "/volumes/$id"; [ "$CODE" = 404 ] || return 1; done; }

# The volume-service admin data plane of a cloud: its token in the cloud's data directory. In cloud A the instance
# that holds capacity's lease serves its volumes: site-b's while it runs, site-c's after site-b's loss.
data_plane() {
  local cloud="$1" method="$2" path="$3" port
  shift 3
  if [ "$cloud" = a ]; then
    for port in "${VOLUME_C_PORT:-8789}" "${VOLUME_B_PORT:-8787}"; do
      curl -sf -X "$method" -H "X-Auth-Token: $(cat "$A_DATA/volume-admin-token")" "$@" \
        "http://127.0.0.1:$port/v1/volumes$path" && return 0
    done
    return 1
  else
    curl -sf -X "$method" -H "X-Auth-Token: $(cat "$B_DATA/volume-admin-token")" "$@" \
      "http://127.0.0.1:$B_VOLUME_PORT/v1/volumes$path"
  fi
}
checksum() { data_plane "$1" GET "/$2/checksum${3:+?side=$3}" | json "d['checksum']['sha256']"; }
shipped() { [ "$(checksum a "$1" secondary)" = "${SUMS[$1]}" ]; }

B_STARTING=""
stop_cloud_b() {
  [ -z "$B_STARTING" ] || wait "$B_STARTING" 2>/dev/null || true
  B_STARTING=""
  cloud_b down >/dev/null 2>&1 || true
}
trap stop_cloud_b EXIT

A_PROJECT="twocloud$(date +%s)"
B_PROJECT="${A_PROJECT}b"
rm -rf "$B_DATA"
# Cloud B starts while cloud A prepares (its output in $B_DATA.up.log).
say "starting cloud B in $B_DATA (API on $B_API_PORT), on cloud A's arrays"
cloud_b up --detach >"$B_DATA.up.log" 2>&1 &
B_STARTING=$!

# Cloud A: a type of capacity's volumes (the backend replicates all of them, async: a cross_os target takes no
# sync), two volumes, data written to each until site-c's replica has it.
call a POST /types '{"volume_type": {"name": "xc-'"$A_PROJECT"'", "extra_specs": {"volume_backend_name": "capacity",
  "replication_rpo_seconds": "10"}}}'
expect 200 "type in cloud A"
VOLUMES=()
for name in xc-1 xc-2; do
  call a POST /volumes '{"volume": {"size": 1, "name": "'"$name"'", "volume_type": "xc-'"$A_PROJECT"'"}}'
  expect 202 "create $name in cloud A"
  VOLUMES+=("$(field "d['volume']['id']")")
done
until_true 120 "both volumes available and replicating in cloud A" all_volumes_are a replication_status enabled
declare -A SUMS
BLOCK="$(mktemp)"
for id in "${VOLUMES[@]}"; do
  for offset in 0 1048576; do
    head -c 65536 /dev/urandom >"$BLOCK"
    data_plane a PUT "/$id/data?offset=$offset" -H "Content-Type: application/octet-stream" \
      --data-binary "@$BLOCK" >/dev/null || fail "write to $id in cloud A"
  done
  SUMS[$id]="$(checksum a "$id")"
  until_true 120 "volume $id's writes shipped to site-c" shipped "$id"
  say "volume $id written in cloud A and shipped to site-c, sha256 ${SUMS[$id]}"
done

# site-b is lost; the operator fails capacity over to site-c, forced: its array cannot be reached. The backend is
# the unit capacity replicates, so it is the unit that fails over.
SUITE_DATA_DIR="$A_DATA" "$ROOT/bin/suite" kill-site site-b
call a POST /replication/failover '{"failover": {"scope": "backend", "resources": ["node1@capacity"],
  "target": "site-c", "force": true, "reason": "two-cloud drill: site-b lost"}}'
expect 202 "failover in cloud A ($BODY)"
until_true "$FAILOVER_TIMEOUT" "failover after site-b's loss" all_volumes_are a replication_status failed-over
for id in "${VOLUMES[@]}"; do
  [ "$(checksum a "$id")" = "${SUMS[$id]}" ] || fail "volume $id reads other bytes on site-c after the failover"
done
rm -f "$BLOCK"
say "both volumes failed over to site-c in cloud A, same bytes"

# Export with clear_existing: one document per volume, cloud A forgets them.
call a POST /replication/export '{"export": {"scope": "volume", "resources": ["'"${VOLUMES[0]}"'", "'"${VOLUMES[1]}"'"],
  "clear_existing": true}}'
expect 202 "export from cloud A ($BODY)"
export_id="$(field "d['export']['id']")"
export_done() { call a GET "/replication/exports/$export_id"; [ "$(field "d['export']['status']")" != running ]; }
until_true 60 "export $export_id" export_done
EXPORT="$BODY"
[ "$(json "d['export']['status']" <<<"$EXPORT")" = completed ] || fail "export $export_id: $EXPORT"
DOCUMENTS="$(json "d['export']['documents']" <<<"$EXPORT")"
[ "$(json "len(d)" <<<"$DOCUMENTS")" = 2 ] || fail "export $export_id gave not two documents: $DOCUMENTS"
say "exported: export $export_id completed with two documents"
until_true 60 "cloud A forgetting the exported volumes" gone_in_a

# Cloud B: its dr type for the documents' type, the import, the same bytes.
wait "$B_STARTING" || { cat "$B_DATA.up.log" >&2; B_STARTING=""; fail "cloud B did not start"; }
B_STARTING=""
cat "$B_DATA.up.log"
call b POST /types '{"volume_type": {"name": "dr", "extra_specs": {"volume_backend_name": "dr"}}}'
expect 200 "type in cloud B"
IMPORT_BODY='{"import_replica": {"documents": '"$DOCUMENTS"', "volume_type": "dr"}}'
call b POST /volumes/import-replica "$IMPORT_BODY"
expect 202 "import into cloud B ($BODY)"
import_id="$(field "d['import']['id']")"
import_done() { call b GET "/replication/imports/$import_id"; [ "$(field "d['import']['status']")" != running ]; }
until_true 60 "import $import_id" import_done
IMPORT="$BODY"
[ "$(json "d['import']['status']" <<<"$IMPORT")" = completed ] || fail "import $import_id: $IMPORT"
until_true 60 "the imported volumes available in cloud B" all_volumes_are b status available
for id in "${VOLUMES[@]}"; do
  host="$(volume_field b "$id" os-vol-host-attr:host)"
  [[ "$host" == cloudb@dr#* ]] || fail "volume $id is on $host in cloud B, not on cloudb@dr"
  sum="$(checksum b "$id")"
  [ "$sum" = "${SUMS[$id]}" ] || fail "volume $id reads $sum in cloud B, ${SUMS[$id]} in cloud A"
  say "volume $id in cloud B on $host, same sha256"
done

# The same documents again: refused, naming the volume they became.
call b POST /volumes/import-replica "$IMPORT_BODY"
expect 409 "second import ($BODY)"
grep -q "imported already as volume" <<<"$BODY" || fail "second import: $BODY"
say "a second import is refused: $(field "list(d.values())[0]['message']")"

stop_cloud_b
SUITE_DATA_DIR="$A_DATA" "$ROOT/bin/suite" start-site site-b
say "passed"
