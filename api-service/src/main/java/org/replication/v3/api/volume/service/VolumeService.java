package org.replication.v3.api.volume.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.group.Group;
import org.replication.v3.api.group.repository.GroupTypeRepository;
import org.replication.v3.api.group.service.VolumeInGroup;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.replication.service.ReplicationValidation;
import org.replication.v3.api.type.ExtraSpecs;
import org.replication.v3.api.type.VolumeType;
import org.replication.v3.api.type.repository.VolumeTypeEncryptionRepository;
import org.replication.v3.api.type.repository.VolumeTypeRepository;
import org.replication.v3.api.type.service.VolumeTypeService;
import org.replication.v3.api.validation.Uuids;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.VolumeStatus;
import org.replication.v3.api.volume.repository.VolumeQuery;
import org.replication.v3.api.volume.repository.VolumeReads;
import org.replication.v3.api.volume.repository.VolumeRepository;
import org.replication.v3.common.messaging.TopicNames;
import org.replication.v3.common.outbox.Outbox;
import org.replication.v3.common.outbox.OutboxRelay;
import org.replication.v3.common.volume.DeleteVolume;
import org.replication.v3.common.volume.ScheduleVolumeCreate;

/**
 * Volume requests of the API. A write records the new state and the command that carries it out in one
 * transaction (the outbox), so the caller reads their own write at once and no command is lost or sent for a
 * change that did not commit; the relay is woken only after the commit.
 */
@ApplicationScoped
public class VolumeService {

    private static final Logger LOG = Logger.getLogger(VolumeService.class);
    static final String NOT_DELETABLE = "Invalid volume: Volume status must be available or error or error_restoring"
            + " or error_extending or error_managing and must not be migrating, attached, belong to a group, have"
            + " snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.";

    private final VolumeRepository volumes;
    private final VolumeReads reads;
    private final VolumeTypeRepository types;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final TopicNames topics;
    private final Policy policy;
    private final ApiConfig config;
    private final VolumeInGroup volumeInGroup;
    private final GroupTypeRepository groupTypes;
    private final ReplicationValidation replication;
    private final VolumeTypeEncryptionRepository encryption;

    public VolumeService(VolumeRepository volumes, VolumeReads reads, VolumeTypeRepository types, Outbox outbox,
            OutboxRelay relay, TopicNames topics, Policy policy, ApiConfig config, VolumeInGroup volumeInGroup,
            GroupTypeRepository groupTypes, ReplicationValidation replication,
            VolumeTypeEncryptionRepository encryption) {
        this.volumes = volumes;
        this.reads = reads;
        this.types = types;
        this.outbox = outbox;
        this.relay = relay;
        this.topics = topics;
        this.policy = policy;
        this.config = config;
        this.volumeInGroup = volumeInGroup;
        this.groupTypes = groupTypes;
        this.replication = replication;
        this.encryption = encryption;
    }

    public Uni<Volume> create(Caller caller, NewVolume request) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> type(caller, request.volumeType()).flatMap(type -> (request.groupId() == null
                ? Uni.createFrom().<Group>nullItem() : volumeInGroup.joinable(caller, request.groupId(), type))
                .call(group -> checkReplication(type, group))
                .flatMap(group -> encryption.findLive(type.id).map(spec -> new Placed(group, spec != null)))
                .flatMap(placed -> {
            Group group = placed.group();
            Volume volume = new Volume();
            volume.id = UUID.randomUUID();
            volume.projectId = caller.projectId();
            volume.userId = caller.userId();
            volume.name = request.name();
            volume.description = request.description();
            volume.size = request.size();
            volume.status = VolumeStatus.CREATING;
            volume.availabilityZone = request.availabilityZone() == null
                    ? config.defaultAvailabilityZone() : request.availabilityZone();
            volume.volumeType = type;
            volume.replicationRequested = ExtraSpecs.replicationEnabled(type.extraSpecs);
            volume.multiattach = request.multiattach();
            volume.sharedTargets = true;
            volume.metadata = new LinkedHashMap<>(request.metadata());
            volume.createdAt = now;
            volume.groupId = group == null ? null : group.id;
            // no key manager here: a key id that names no key marks the volume encrypted (docs/api.md)
            volume.encryptionKeyId = placed.encrypted() ? UUID.randomUUID().toString() : null;
            ScheduleVolumeCreate command = new ScheduleVolumeCreate(volume.id.toString(), volume.projectId,
                    volume.userId, volume.size, type.id.toString(), type.name, type.extraSpecs,
                    volume.availabilityZone, group == null ? null : group.id.toString());
            return volumes.persist(volume)
                    .call(() -> outbox.add(topics.schedulerCommands(), command))
                    .invoke(() -> LOG.infof("volume %s: create requested (%d GB, type %s) by %s/%s", volume.id,
                            volume.size, type.name, caller.projectId(), caller.userId()));
        }))).invoke(relay::wake);
    }

    /** The group a new volume joins (null: none) and whether its type is encrypted. */
    private record Placed(Group group, boolean encrypted) {
    }

    /** A type replicated on its own cannot join a replicated group, nor ask for scope group outside one. */
    private Uni<Void> checkReplication(VolumeType type, Group group) {
        if (group == null) {
            replication.checkVolumeInGroup(type.extraSpecs, null);
            return Uni.createFrom().voidItem();
        }
        return groupTypes.findById(group.groupTypeId).invoke(groupType -> replication.checkVolumeInGroup(
                type.extraSpecs, groupType == null ? Map.of() : groupType.groupSpecs)).replaceWithVoid();
    }

    /** The volume with the fields a detail view shows ({@link VolumeReads}). */
    public Uni<Volume> show(Caller caller, UUID id, VolumeReads.Fields fields) {
        return reads.find(id, fields).map(volume -> visible(caller, volume, id));
    }

    /** One page of a list, its volumes with {@code fields} ({@link VolumeReads}). */
    public Uni<VolumePage> list(Caller caller, VolumeQuery query, boolean withCount, VolumeReads.Fields fields) {
        Uni<Volume> marker = query.marker() == null ? Uni.createFrom().nullItem()
                : reads.find(query.marker(), VolumeReads.Fields.DETAIL).map(volume -> {
                    if (volume == null || !inScope(query, volume) || !canSee(caller, volume)) {
                        throw ApiException.notFound("Marker " + query.marker() + " could not be found.");
                    }
                    return volume;
                });
        return marker.flatMap(after -> reads.page(query, after, fields))
                .flatMap(page -> withCount
                        ? reads.count(query).map(count -> new VolumePage(page, count))
                        : Uni.createFrom().item(new VolumePage(page, null)));
    }

    /**
     * A volume no backend holds is gone at once; otherwise it turns {@code deleting} and its backend is told.
     */
    public Uni<Void> delete(Caller caller, UUID id) {
        Instant now = CinderTime.now();
        return Panache.withTransaction(() -> volumes.findForUpdate(id).flatMap(volume -> {
            if (volume == null || !volume.live() || !canSee(caller, volume)) {
                return Uni.createFrom().failure(notFound(id));
            }
            // A group's volume goes with its group (delete-volumes) or after leaving it, as in Cinder.
            if (!volume.deletable() || volume.groupId != null) {
                return Uni.createFrom().failure(ApiException.badRequest(NOT_DELETABLE));
            }
            if (volume.deleteUnplaced(now)) {
                LOG.infof("volume %s: deleted (never placed) by %s/%s", id, caller.projectId(), caller.userId());
                return Uni.createFrom().voidItem();
            }
            volume.startDeleting(now);
            LOG.infof("volume %s: delete requested on %s by %s/%s", id, volume.host, caller.projectId(),
                    caller.userId());
            return outbox.add(topics.volumeCommands(), new DeleteVolume(id.toString(), volume.host)).replaceWithVoid();
        })).invoke(relay::wake);
    }

    /**
     * The requested type (name or id), or else the project's default type, or else the configured one. A private
     * type the project has no access to is unknown to it.
     */
    private Uni<VolumeType> type(Caller caller, String identity) {
        boolean byDefault = identity == null || identity.isEmpty();
        String wanted = byDefault ? config.defaultVolumeType() : identity;
        Uni<VolumeType> found = byDefault ? types.findDefault(caller.projectId(), wanted)
                : types.findVisible(wanted, caller.projectId(), policy.allows(caller, Policy.TYPE_SEE_PRIVATE));
        return found.map(type -> {
            if (type == null) {
                throw byDefault || Uuids.parse(wanted) == null
                        ? ApiException.notFound("Volume type with name " + wanted + " could not be found.")
                        : VolumeTypeService.notFound(wanted);
            }
            return type;
        });
    }

    private static boolean inScope(VolumeQuery query, Volume volume) {
        return query.projectId() == null || query.projectId().equals(volume.projectId);
    }

    /** Admins see every project's volumes; others only their own, and someone else's volume does not exist. */
    private static boolean canSee(Caller caller, Volume volume) {
        return caller.admin() || caller.projectId().equals(volume.projectId);
    }

    private static Volume visible(Caller caller, Volume volume, UUID id) {
        if (volume == null || !canSee(caller, volume)) {
            throw notFound(id);
        }
        return volume;
    }

    public static ApiException notFound(Object id) {
        return ApiException.notFound("Volume " + id + " could not be found.");
    }
}
