#!/usr/bin/env bash
# A dashboard built only from the published events, as an outside team would build it (docs/events.md): the
# current status of every volume (created, deleted, replication, failed over) and of every failover operation.
#
#   docs/events/example/watch.sh          live: reprints the tables at every event, until Ctrl-C
#   docs/events/example/watch.sh --once   reads everything there is, prints the tables once the topics have been
#                                         quiet for IDLE_MS (default 4000), and exits
#
# It reads volume.events, scheduler.events and replication.events from the earliest offset in its own consumer
# group (GROUP_ID, default volume-dashboard-<user>) and commits nothing: it keeps its state in memory, so every start
# rebuilds it from the beginning of the topics. It never produces.
#
# Environment: KAFKA_BOOTSTRAP_SERVERS (default 127.0.0.1:$KAFKA_PORT, i.e. bin/suite's broker, 59092), KAFKA_HOME
# (a Kafka distribution whose bin/kafka-console-consumer.sh to use; default: the Kafka tools bin/suite runs its
# broker from, deploy/target/lib), GROUP_ID, IDLE_MS. Needs jq.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"

BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:${KAFKA_PORT:-59092}}"
GROUP="${GROUP_ID:-volume-dashboard-$(id -un)}"
TOPICS='volume\.events|scheduler\.events|replication\.events'
ONCE=0
[ "${1:-}" = --once ] && ONCE=1

command -v jq >/dev/null || { echo "watch.sh: jq is needed" >&2; exit 1; }
if [ -n "${KAFKA_HOME:-}" ]; then
  CONSUMER=("$KAFKA_HOME/bin/kafka-console-consumer.sh")
else
  [ -d "$ROOT/deploy/target/lib" ] || { echo "watch.sh: no Kafka tools; build the suite or set KAFKA_HOME" >&2; exit 1; }
  CONSUMER=(java -Xmx128m -XX:TieredStopAtLevel=1 -Dlog4j2.level=OFF -cp "$ROOT/deploy/target/lib/*"
    org.apache.kafka.tools.consumer.ConsoleConsumer)
fi

# Read-only, own group, from the earliest offset, no commits (state is rebuilt at each start). The value of each
# record is one CloudEvent as single-line JSON.
ARGS=(--bootstrap-server "$BOOTSTRAP" --include "$TOPICS" --from-beginning
  --consumer-property "group.id=$GROUP" --consumer-property enable.auto.commit=false
  --consumer-property client.id="$GROUP")
[ "$ONCE" = 1 ] && ARGS+=(--timeout-ms "${IDLE_MS:-4000}")

# Only the records' values (JSON objects) go on: tools may log to stdout.
events() { "${CONSUMER[@]}" "${ARGS[@]}" 2>/dev/null | grep --line-buffered '^{' || true; }

if [ "$ONCE" = 1 ]; then
  events | jq -n -r -L "$HERE" 'include "state"; reduce inputs as $e (initial; apply($e)) | table'
else
  events | jq -n -r --unbuffered -L "$HERE" \
    'include "state"; foreach inputs as $e (initial; apply($e); "\u001b[H\u001b[2J" + ([table] | join("\n")))'
fi
