package org.replication.v3.api.volume.mapping;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.replication.v3.api.auth.Policy;
import org.replication.v3.api.config.ApiConfig;
import org.replication.v3.api.http.ApiRequest;
import org.replication.v3.api.http.CinderTime;
import org.replication.v3.api.http.ResourceLinks;
import org.replication.v3.api.replication.mapping.VolumeReplicationView;
import org.replication.v3.api.version.ApiVersion;
import org.replication.v3.api.version.Microversions;
import org.replication.v3.api.volume.AttachedTo;
import org.replication.v3.api.volume.Volume;
import org.replication.v3.api.volume.repository.VolumeReads;

/**
 * The JSON of a volume as Cinder's volume views write it ({@code cinder/api/v3/views/volumes.py} and the
 * os-vol-* extensions), field by field in Cinder's order, gated by microversion and policy.
 */
public final class VolumeView {

    public static final String COLLECTION = "volumes";

    /** What decides the shape for one request; computed once per request, not per volume. */
    /** @param mediatorGraceSeconds the mediator's grace, shown in mediated active/passive volumes' expectations */
    public record Context(ApiVersion version, ResourceLinks links, boolean host, boolean migration,
            boolean backendDetails, boolean replicationSources, long mediatorGraceSeconds) {

        public static Context of(ApiRequest request, Policy policy, ApiConfig config) {
            return new Context(request.version(), request.links(),
                    policy.allows(request.caller(), Policy.VOLUME_HOST_ATTRIBUTE),
                    policy.allows(request.caller(), Policy.VOLUME_MIG_STATUS_ATTRIBUTE),
                    policy.allows(request.caller(), Policy.VOLUME_BACKEND_DETAILS),
                    policy.allows(request.caller(), Policy.VOLUME_REPLICATION_SOURCES),
                    config.replication().mediatorGrace().toSeconds());
        }

        /** What {@link #detail} shows of a volume: the replication fields from 3.71 only. */
        public VolumeReads.Fields detailFields() {
            return version.atLeast(Microversions.REPLICATION_V3) ? VolumeReads.Fields.REPLICATION
                    : VolumeReads.Fields.DETAIL;
        }
    }

    private VolumeView() {
    }

    /** The entries of a plain list: id, name, links. */
    public static Map<String, Object> summary(Volume volume, Context context) {
        Map<String, Object> view = new LinkedHashMap<>(4);
        String id = volume.id.toString();
        view.put("id", id);
        view.put("name", volume.name);
        view.put("links", context.links().of(COLLECTION, id));
        return view;
    }

    /** The answer to a create: the volume without the os-vol-* extension attributes, as Cinder answers it. */
    public static Map<String, Object> created(Volume volume, Context context) {
        return base(volume, context);
    }

    /** Show and list detail. */
    public static Map<String, Object> detail(Volume volume, Context context) {
        Map<String, Object> view = base(volume, context);
        view.put("os-vol-tenant-attr:tenant_id", volume.projectId);
        if (context.migration()) {
            view.put("os-vol-mig-status-attr:migstat", volume.migrationStatus);
            view.put("os-vol-mig-status-attr:name_id", null);
        }
        if (context.host()) {
            view.put("os-vol-host-attr:host", volume.host);
        }
        if (context.version().atLeast(Microversions.REPLICATION_V3)) {
            VolumeReplicationView.addTo(view, volume, context.replicationSources(),
                    context.version().atLeast(Microversions.REPLICATION_LAG),
                    context.version().atLeast(Microversions.SITE_LOSS_EXPECTATIONS), context.mediatorGraceSeconds());
        }
        return view;
    }

    private static Map<String, Object> base(Volume volume, Context context) {
        ApiVersion version = context.version();
        String id = volume.id.toString();
        Map<String, Object> view = new LinkedHashMap<>(48);
        view.put("id", id);
        view.put("status", volume.status.value());
        view.put("size", volume.size);
        view.put("availability_zone", volume.availabilityZone);
        view.put("created_at", CinderTime.format(volume.createdAt));
        view.put("updated_at", CinderTime.format(volume.updatedAt));
        view.put("name", volume.name);
        view.put("description", volume.description);
        view.put("volume_type", volume.volumeType == null ? null : volume.volumeType.name);
        view.put("snapshot_id", null);
        view.put("source_volid", null);
        view.put("metadata", volume.metadata);
        view.put("links", context.links().of(COLLECTION, id));
        view.put("user_id", volume.userId);
        view.put("bootable", volume.bootable ? "true" : "false");
        view.put("encrypted", volume.encryptionKeyId != null);
        view.put("replication_status", volume.replicationStatus);
        view.put("consistencygroup_id", null);
        view.put("multiattach", volume.multiattach);
        view.put("attachments", attachments(volume, context));
        if (context.migration()) {
            view.put("migration_status", volume.migrationStatus);
        }
        if (version.atLeast(Microversions.GROUP_VOLUME)) {
            view.put("group_id", volume.groupId == null ? null : volume.groupId.toString());
        }
        if (version.atLeast(Microversions.VOLUME_DETAIL_PROVIDER_ID) && context.backendDetails()) {
            view.put("provider_id", volume.providerId);
        }
        if (version.atLeast(Microversions.VOLUME_SHARED_TARGETS_AND_SERVICE_FIELDS)) {
            view.put("shared_targets", volume.sharedTargets);
            view.put("service_uuid", volume.serviceUuid);
        }
        if (version.atLeast(Microversions.VOLUME_CLUSTER_NAME) && context.backendDetails()) {
            view.put("cluster_name", null);
        }
        if (version.atLeast(Microversions.VOLUME_TYPE_ID_IN_VOLUME_DETAIL)) {
            view.put("volume_type_id", volume.volumeType == null ? null : volume.volumeType.id.toString());
        }
        if (version.atLeast(Microversions.ENCRYPTION_KEY_ID_IN_DETAILS) && volume.encryptionKeyId != null) {
            view.put("encryption_key_id", volume.encryptionKeyId);
        }
        if (version.atLeast(Microversions.USE_QUOTA)) {
            view.put("consumes_quota", true);
        }
        return view;
    }

    /**
     * Cinder's attachment entries: the volume id twice (id, volume_id) beside the attachment id; the host is shown to
     * admins only, as Cinder shows it only to admins and services.
     */
    private static List<Map<String, Object>> attachments(Volume volume, Context context) {
        if (volume.attachments.isEmpty()) {
            return List.of();
        }
        String id = volume.id.toString();
        List<Map<String, Object>> entries = new ArrayList<>(volume.attachments.size());
        // jsonb keeps no key order: list them in the order they were attached.
        List<AttachedTo> ordered = volume.attachments.values().stream()
                .sorted(Comparator.comparing(AttachedTo::attachedAt).thenComparing(AttachedTo::attachmentId))
                .toList();
        for (AttachedTo attachment : ordered) {
            Map<String, Object> entry = new LinkedHashMap<>(8);
            entry.put("id", id);
            entry.put("attachment_id", attachment.attachmentId());
            entry.put("volume_id", id);
            entry.put("server_id", attachment.serverId());
            entry.put("host_name", context.host() ? attachment.hostName() : null);
            entry.put("device", attachment.device());
            entry.put("attached_at", attachment.attachedAt());
            entries.add(entry);
        }
        return entries;
    }
}
