package org.replication.v3.api.message;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.replication.v3.common.replication.ReplicationLagLevel;

/**
 * An asynchronous failure told to the user who caused it, as Cinder's user messages: an action and a detail from
 * fixed lists, readable text made of both, and an expiry.
 */
@Entity
@Table(name = "user_message")
public class UserMessage extends PanacheEntityBase {

    /** Cinder's message_ttl. */
    public static final Duration TIME_TO_LIVE = Duration.ofDays(30);

    @Id
    public UUID id;

    @Column(name = "project_id")
    public String projectId;

    @Column(name = "request_id")
    public String requestId;

    @Column(name = "resource_type")
    public String resourceType;

    @Column(name = "resource_uuid")
    public String resourceUuid;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "action_id")
    public String actionId;

    @Column(name = "detail_id")
    public String detailId;

    @Column(name = "message_level")
    public String messageLevel;

    @Column(name = "user_message")
    public String userMessage;

    public String reason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** Cinder's "schedule allocate volume" failing for want of a backend (message_field ids 001 / 003). */
    public static UserMessage noValidBackend(String projectId, UUID volumeId, String reason, Instant at) {
        return aboutVolume(projectId, volumeId, "001", "003",
                "schedule allocate volume:Could not find any available weighted backend.", reason, at);
    }

    /** Cinder's "extend volume" failing in the driver (message_field ids 007 / 010). */
    public static UserMessage extendFailed(String projectId, UUID volumeId, String reason, Instant at) {
        return aboutVolume(projectId, volumeId, "007", "010", "extend volume:Volume Driver failed to extend volume.",
                reason, at);
    }

    /**
     * Replication v3's "replicate volume" (action 101, outside Cinder's message_field ids): the volume's replication
     * lag rose above its RPO, detail 101 (breach, above once the RPO), 102 (warning, twice) or 103 (critical, three
     * times, or a sync replica not mirroring).
     */
    public static UserMessage replicationLag(String projectId, UUID volumeId, ReplicationLagLevel level,
            double lagSeconds, Integer rpoSeconds, String reason, Instant at) {
        String detailId = switch (level) {
            case BREACH -> "101";
            case WARNING -> "102";
            case CRITICAL -> "103";
            case OK -> throw new IllegalArgumentException("a lag within its RPO is no failure");
        };
        long lag = Math.round(lagSeconds);
        String text = rpoSeconds == null
                ? "replicate volume:Replication lag " + lag + " s: the volume's synchronous replica is not mirroring ("
                        + level.value() + ")."
                : "replicate volume:Replication lag " + lag + " s is above the volume's RPO of " + rpoSeconds + " s ("
                        + level.value() + ").";
        return aboutVolume(projectId, volumeId, "101", detailId, text, reason, at);
    }

    /** An error about a volume; Cinder's event id is made of the resource type, action and detail. */
    private static UserMessage aboutVolume(String projectId, UUID volumeId, String actionId, String detailId,
            String text, String reason, Instant at) {
        UserMessage message = new UserMessage();
        message.id = UUID.randomUUID();
        message.projectId = projectId;
        message.resourceType = "VOLUME";
        message.resourceUuid = volumeId.toString();
        message.actionId = actionId;
        message.detailId = detailId;
        message.eventId = "VOLUME_VOLUME_" + actionId + "_" + detailId;
        message.messageLevel = "ERROR";
        message.userMessage = text;
        message.reason = reason;
        message.createdAt = at;
        message.expiresAt = at.plus(TIME_TO_LIVE);
        return message;
    }
}
