# Folds CloudEvents from volume.events, scheduler.events and replication.events into the current state of each
# volume and each failover operation. Used by watch.sh; see docs/events.md for what each event means.
#
# state: {seen: {id: true}, volumes: {volumeId: {...}}, operations: {operationId: {...}}}

def vol($id; f): .volumes[$id] = ((.volumes[$id] // {id: $id}) | f);

# The lag level as measured at $at. Snapshots (keyed by host@backend) and level changes (keyed by volume) are not
# ordered with each other: an older measure read later is left out. Compared to the second (ISO-8601, UTC).
def lag($level; $at):
  ($at | sub("\\.[0-9]+"; "")) as $s
  | if (.lagAt // "") <= $s then .lag = $level | .lagAt = $s else . end;

def apply($e):
  if .seen[$e.id] then .            # at-least-once delivery: a redelivered event is the same CloudEvents id
  else
    .seen[$e.id] = true
    | $e.data as $d
    | ($e.time // "") as $t
    | if $e.type == "volume.created.v1" then
        vol($d.volumeId; .status = "available" | .host = $d.host | .size = $d.size | .updated = $t)
      elif $e.type == "volume.create-failed.v1" then
        vol($d.volumeId; .status = "error" | .host = $d.host | .reason = $d.reason | .updated = $t)
      elif $e.type == "scheduler.volume-scheduling-failed.v1" then
        vol($d.volumeId; .status = "error" | .reason = $d.reason | .updated = $t)
      elif $e.type == "volume.deleted.v1" then
        vol($d.volumeId; .status = "deleted" | .updated = $t)
      elif $e.type == "volume.delete-failed.v1" then
        vol($d.volumeId; .status = "error_deleting" | .reason = $d.reason | .updated = $t)
      elif $e.type == "volume.extended.v1" then
        vol($d.volumeId; .status = "available" | .size = $d.newSize | .updated = $t)
      elif $e.type == "volume.extend-failed.v1" then
        vol($d.volumeId; .status = "error_extending" | .reason = $d.reason | .updated = $t)
      elif $e.type == "volume.attached.v1" then
        vol($d.volumeId; .status = "in-use" | .updated = $t)
      elif $e.type == "volume.detached.v1" then
        vol($d.volumeId; .status = (if $d.stillAttached then "in-use" else "available" end) | .updated = $t)
      elif $e.type == "volume.status-reset.v1" then
        vol($d.volumeId; .status = $d.status | .updated = $t)
      elif $e.type == "volume.replication-enabled.v1" then
        vol($d.volumeId; .replication = $d.replication.status | .mode = $d.replication.mode
          | .target = $d.replication.target | .host = $d.host | .updated = $t)
      elif $e.type == "volume.replication-lag-changed.v2" then
        vol($d.volumeId; lag($d.level; $d.observedAt) | .updated = $t)
      elif $e.type == "volume.replication-lag-snapshot.v1" then
        reduce $d.volumes[] as $v (.; vol($v.volumeId; lag($v.level; $d.observedAt)))
      elif $e.type == "volume.switched.v1" then
        reduce $d.results[] as $r (.;
          vol($r.volumeId; .replication = $r.replicationStatus
            | .activeBackend = ($d.activeBackendId // "primary") | .updated = $t))
      elif $e.type == "group.membership-changed.v1" then
        reduce ($d.volumes[] | select(.replicationStatus != null)) as $m (.;
          vol($m.volumeId; .replication = $m.replicationStatus | .updated = $t))
      elif $e.type == "group.replication-changed.v1" then
        reduce $d.volumes[] as $m (.; vol($m.volumeId; .replication = $m.replicationStatus | .updated = $t))
      elif $e.type == "replication.operation-changed.v1" then
        .operations[$d.operationId] = {id: $d.operationId, action: $d.action, scope: $d.scope,
          resources: ($d.resources | join(",")), target: ($d.target // "-"), state: $d.state,
          progress: "\($d.done)/\($d.total) failed \($d.failed)", updated: $t}
      else .                          # a type (or version) this dashboard does not know: ignore it
      end
  end;

def table:
  "VOLUME                                STATUS          SIZE  REPLICATION     ACTIVE      LAG       HOST",
  (.volumes | to_entries | sort_by(.value.updated) | .[].value
    | "\(.id | .[0:36] | . + " " * (38 - length))\(.status // "-" | . + " " * (16 - length))\(.size // "-" | tostring | . + " " * (6 - length))\(.replication // "-" | . + " " * (16 - length))\(.activeBackend // "-" | . + " " * (12 - length))\(.lag // "-" | . + " " * (10 - length))\(.host // "-")"),
  "",
  "OPERATION                             ACTION     SCOPE    RESOURCES             TARGET     STATE                  PROGRESS",
  (.operations | to_entries | sort_by(.value.updated) | .[].value
    | "\(.id | . + " " * (38 - length))\(.action | . + " " * (11 - length))\(.scope | . + " " * (9 - length))\(.resources | . + " " * (22 - length))\(.target | . + " " * (11 - length))\(.state | . + " " * (23 - length))\(.progress)");

def initial: {seen: {}, volumes: {}, operations: {}};
