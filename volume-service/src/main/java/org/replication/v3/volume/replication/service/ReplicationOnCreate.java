package org.replication.v3.volume.replication.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.replication.v3.common.replication.GlobalReplicationDefaults;
import org.replication.v3.common.replication.InvalidReplicationSpec;
import org.replication.v3.common.replication.ReplicationPrecedence;
import org.replication.v3.common.replication.ReplicationScope;
import org.replication.v3.common.replication.ReplicationSettings;
import org.replication.v3.common.replication.ReplicationSpecs;
import org.replication.v3.common.replication.ReplicationStatus;
import org.replication.v3.common.replication.ReplicationTarget;
import org.replication.v3.common.replication.ScopeExclusivity;
import org.replication.v3.common.replication.TargetCompatibility;
import org.replication.v3.common.replication.VolumeReplication;
import org.replication.v3.common.volume.CreateVolumeOnBackend;
import org.replication.v3.common.volume.VolumeHost;
import org.replication.v3.volume.backend.Backend;
import org.replication.v3.volume.backend.BackendsConfig;
import org.replication.v3.volume.backend.ReplicationDevices;
import org.replication.v3.volume.driver.ReplicatedVolume;
import org.replication.v3.volume.driver.ReplicationRequest;
import org.replication.v3.volume.driver.VolumeDriverException;
import org.replication.v3.volume.driver.VolumeReplicationUpdate;

/**
 * Decides, for a volume being created, whether and how it is replicated (the one precedence rule: its group's type,
 * its volume type, the backend's defaults for its pool, the global defaults), checks that the target can do it, and starts the replication through the
 * backend's replication driver. Like Cinder's per-backend replicating devices, a replicated volume is created
 * replicated, not enabled later.
 */
@ApplicationScoped
public class ReplicationOnCreate {

    private final BackendsConfig config;
    private final GlobalReplicationDefaults globalDefaults;

    public ReplicationOnCreate(BackendsConfig config, GlobalReplicationDefaults globalDefaults) {
        this.config = config;
        this.globalDefaults = globalDefaults;
    }

    /**
     * The volume's effective replication, or empty when it is not replicated.
     *
     * @throws VolumeDriverException when its settings cannot work on this backend (the message says which and why)
     */
    public Optional<ReplicationSettings> settings(CreateVolumeOnBackend command, Backend backend) {
        ReplicationSettings settings = resolve(command.host(), command.extraSpecs(),
                command.groupId() == null ? null : command.groupSpecs(), backend);
        return settings.replicated() ? Optional.of(settings) : Optional.empty();
    }

    /**
     * How an existing volume replicates once it joins a replicated group (update_group), by the same rules as one
     * created in that group: it must not sit in a pool or backend replicated as a whole, and the target must do
     * what the group asks.
     *
     * @param host the volume's host@backend#pool
     * @throws VolumeDriverException when it cannot replicate with the group here (the message says why)
     */
    public ReplicationSettings settingsInGroup(String host, Map<String, String> extraSpecs,
            Map<String, String> groupSpecs, Backend backend) {
        return resolve(host, extraSpecs, groupSpecs, backend);
    }

    /** @param groupSpecs the group type's specs, or null for a volume in no group */
    private ReplicationSettings resolve(String host, Map<String, String> extraSpecs, Map<String, String> groupSpecs,
            Backend backend) {
        VolumeHost location = VolumeHost.parse(host);
        BackendsConfig.Backend backendConfig = config.backends().get(backend.name());
        ReplicationSpecs volumeType;
        ReplicationSpecs groupType;
        try {
            volumeType = ReplicationSpecs.ofVolumeType(extraSpecs);
            groupType = groupSpecs == null ? ReplicationSpecs.NONE : ReplicationSpecs.ofGroupType(groupSpecs);
        } catch (InvalidReplicationSpec e) {
            throw new VolumeDriverException("replication settings refused: " + e.getMessage());
        }
        List<String> conflicts = ScopeExclusivity.problems(groupType, volumeType,
                ReplicationDevices.defaults(backend.name(), backendConfig, location.pool()), location.toString());
        if (!conflicts.isEmpty()) {
            throw new VolumeDriverException("replication settings refused: " + String.join("; ", conflicts));
        }
        ReplicationSettings settings = ReplicationPrecedence.resolve(groupType, volumeType,
                ReplicationDevices.defaults(backend.name(), backendConfig, location.pool()),
                globalDefaults.asDefaults());
        if (!settings.replicated()) {
            return settings;
        }
        ReplicationTarget target = target(backend, settings);
        List<String> problems = TargetCompatibility.problems(settings, target);
        if (!problems.isEmpty()) {
            throw new VolumeDriverException(String.join("; ", problems));
        }
        return settings;
    }

    /** Starts replicating the new volume; runs on a worker (array I/O). */
    public VolumeReplication enable(CreateVolumeOnBackend command, Backend backend, ReplicationSettings settings) {
        ReplicationTarget target = target(backend, settings);
        ReplicatedVolume volume = replicated(command, settings);
        ReplicationScope scope = settings.scope().value();
        // A group's volumes replicate as one unit: the driver keeps them on one target, in one mode.
        String scopeId = scope == ReplicationScope.GROUP ? command.groupId() : command.volumeId();
        VolumeReplicationUpdate update = backend.replication().orElseThrow().enableReplication(
                new ReplicationRequest(scope, scopeId, target.backendId(), List.of(volume), true, false)).get(0);
        if (update.error() != null) {
            throw new VolumeDriverException("replication to " + target.backendId() + " could not start: "
                    + update.error());
        }
        return VolumeReplication.of(settings, ReplicationStatus.ENABLED);
    }

    /**
     * Starts replicating many new volumes (not of a group) with one driver call per target: one answer per volume,
     * in order, the volume's replication or why it could not start. Runs on a worker (array I/O).
     */
    public List<Enabled> enableAll(List<CreateVolumeOnBackend> commands, Backend backend,
            List<ReplicationSettings> settings) {
        Enabled[] answers = new Enabled[commands.size()];
        Map<String, List<Integer>> byTarget = new java.util.LinkedHashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            try {
                byTarget.computeIfAbsent(target(backend, settings.get(i)).backendId(), t -> new java.util.ArrayList<>())
                        .add(i);
            } catch (VolumeDriverException e) {
                answers[i] = new Enabled(null, e.getMessage());
            }
        }
        byTarget.forEach((target, indexes) -> {
            List<ReplicatedVolume> volumes = indexes.stream().map(i -> replicated(commands.get(i), settings.get(i)))
                    .toList();
            // Several volumes, each replicated on its own (not a group): the request's scope names no one unit.
            List<VolumeReplicationUpdate> updates = backend.replication().orElseThrow().enableReplication(
                    new ReplicationRequest(ReplicationScope.VOLUME, null, target, volumes, true, false));
            for (int n = 0; n < indexes.size(); n++) {
                int i = indexes.get(n);
                VolumeReplicationUpdate update = updates.get(n);
                answers[i] = update.error() == null
                        ? new Enabled(VolumeReplication.of(settings.get(i), ReplicationStatus.ENABLED), null)
                        : new Enabled(null, "replication to " + target + " could not start: " + update.error());
            }
        });
        return List.of(answers);
    }

    /** One volume's answer to {@link #enableAll}: its replication, or why it could not start (then null). */
    public record Enabled(VolumeReplication replication, String failure) {
    }

    private static ReplicatedVolume replicated(CreateVolumeOnBackend command, ReplicationSettings settings) {
        return new ReplicatedVolume(command.volumeId(), command.size(), VolumeHost.parse(command.host()).pool(),
                settings.mode().value(), settings.syncTopology().value(),
                Boolean.TRUE.equals(settings.mediator().value()), settings.rpoSeconds().value());
    }

    /** The backend's target the settings name, or its first when they name none. */
    public static ReplicationTarget target(Backend backend, ReplicationSettings settings) {
        List<ReplicationTarget> targets = backend.replication().map(r -> r.targets()).orElse(List.of());
        String wanted = settings.target().value();
        return targets.stream()
                .filter(t -> wanted == null || t.backendId().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new VolumeDriverException(targets.isEmpty()
                        ? "the volume is to be replicated but backend " + backend.name() + " has no replication target"
                        : "replication_target " + wanted + " is not a target of backend " + backend.name()));
    }
}
