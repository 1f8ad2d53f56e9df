package org.replication.v3.common.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The replication keys of one volume type's extra specs or one group type's group specs, parsed. Every value is
 * optional: an absent one falls through to the next level of {@link ReplicationPrecedence}.
 */
public record ReplicationSpecs(
        Boolean enabled,
        ReplicationMode mode,
        ReplicationScope scope,
        SyncTopology syncTopology,
        Boolean mediator,
        Integer rpoSeconds,
        String target) {

    /** Cinder's key on volume types. */
    public static final String ENABLED = "replication_enabled";
    /** Cinder's keys on group types (Tiramisu); either one makes a group type replicated. */
    public static final String GROUP_ENABLED = "group_replication_enabled";
    public static final String CONSISTENT_GROUP_ENABLED = "consistent_group_replication_enabled";
    public static final String MODE = "replication_mode";
    public static final String SCOPE = "replication_scope";
    public static final String SYNC_TOPOLOGY = "replication_sync_topology";
    public static final String MEDIATOR = "replication_mediator";
    public static final String RPO_SECONDS = "replication_rpo_seconds";
    public static final String TARGET = "replication_target";

    public static final ReplicationSpecs NONE = new ReplicationSpecs(null, null, null, null, null, null, null);

    /** The specs of a volume type. @throws InvalidReplicationSpec naming every key whose value cannot be read */
    public static ReplicationSpecs ofVolumeType(Map<String, String> extraSpecs) {
        return parse(extraSpecs, List.of(ENABLED));
    }

    /** The specs of a group type. @throws InvalidReplicationSpec naming every key whose value cannot be read */
    public static ReplicationSpecs ofGroupType(Map<String, String> groupSpecs) {
        return parse(groupSpecs, List.of(GROUP_ENABLED, CONSISTENT_GROUP_ENABLED));
    }

    public boolean replicated() {
        return Boolean.TRUE.equals(enabled);
    }

    private static ReplicationSpecs parse(Map<String, String> specs, List<String> enabledKeys) {
        Map<String, String> given = specs == null ? Map.of() : specs;
        List<String> problems = new ArrayList<>();
        Boolean enabled = null;
        for (String key : enabledKeys) {
            Boolean value = read(given, key, SpecValues::parseBoolean, problems);
            if (value != null) {
                enabled = Boolean.TRUE.equals(enabled) || value;
            }
        }
        ReplicationSpecs parsed = new ReplicationSpecs(enabled,
                read(given, MODE, ReplicationMode::of, problems),
                read(given, SCOPE, ReplicationScope::of, problems),
                read(given, SYNC_TOPOLOGY, SyncTopology::of, problems),
                read(given, MEDIATOR, SpecValues::parseBoolean, problems),
                read(given, RPO_SECONDS, ReplicationSpecs::positiveSeconds, problems),
                read(given, TARGET, ReplicationSpecs::backendId, problems));
        problems.addAll(parsed.inconsistencies());
        if (!problems.isEmpty()) {
            throw new InvalidReplicationSpec(problems);
        }
        return parsed;
    }

    /** Values that contradict each other whatever the target: knowable when the type is written. */
    private List<String> inconsistencies() {
        List<String> problems = new ArrayList<>();
        if (mode == ReplicationMode.SYNC && rpoSeconds != null) {
            problems.add(RPO_SECONDS + "=" + rpoSeconds + " applies to async replication only, and "
                    + MODE + " is sync (a sync replica has no lag to bound)");
        }
        if (mode == ReplicationMode.ASYNC && syncTopology != null) {
            problems.add(SYNC_TOPOLOGY + "=" + syncTopology.value() + " applies to sync replication only, and "
                    + MODE + " is async");
        }
        if (mode == ReplicationMode.ASYNC && Boolean.TRUE.equals(mediator)) {
            problems.add(MEDIATOR + " applies to sync replication only, and " + MODE + " is async"
                    + " (a mediator cannot make an async failover lossless)");
        }
        if (Boolean.FALSE.equals(enabled) && (mode != null || scope != null || target != null)) {
            problems.add("replication settings are given but replication is disabled ('<is> False')");
        }
        return problems;
    }

    private static <T> T read(Map<String, String> specs, String key, Function<String, T> parser,
            List<String> problems) {
        String text = specs.get(key);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            problems.add("invalid " + key + " '" + text + "': " + e.getMessage());
            return null;
        }
    }

    private static Integer positiveSeconds(String text) {
        try {
            int seconds = Integer.parseInt(text.trim());
            if (seconds <= 0) {
                throw new IllegalArgumentException("must be a positive number of seconds");
            }
            return seconds;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number of seconds");
        }
    }

    private static String backendId(String text) {
        String id = text.trim();
        if (id.isEmpty() || "default".equals(id)) {
            throw new IllegalArgumentException("must name a target's backend_id ('default' means the primary)");
        }
        return id;
    }
}
