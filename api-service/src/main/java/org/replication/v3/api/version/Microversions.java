package org.replication.v3.api.version;

import org.replication.v3.api.error.ApiException;

/** The microversions at which Cinder adds the fields and parameters this service serves, named after Cinder's own. */
public final class Microversions {

    public static final ApiVersion RESOURCE_FILTER = new ApiVersion(3, 33);
    public static final ApiVersion LIKE_FILTER = new ApiVersion(3, 34);
    public static final ApiVersion SUPPORT_VOLUME_TYPE_FILTER = new ApiVersion(3, 52);
    public static final ApiVersion DEFAULT_TYPE_OVERRIDES = new ApiVersion(3, 62);
    public static final ApiVersion GROUP_VOLUME = new ApiVersion(3, 13);
    public static final ApiVersion VOLUME_DETAIL_PROVIDER_ID = new ApiVersion(3, 21);
    public static final ApiVersion SUPPORT_COUNT_INFO = new ApiVersion(3, 45);
    public static final ApiVersion VOLUME_SHARED_TARGETS_AND_SERVICE_FIELDS = new ApiVersion(3, 48);
    public static final ApiVersion VOLUME_CLUSTER_NAME = new ApiVersion(3, 61);
    public static final ApiVersion VOLUME_TYPE_ID_IN_VOLUME_DETAIL = new ApiVersion(3, 63);
    /** A volume's encryption_key_id. */
    public static final ApiVersion ENCRYPTION_KEY_ID_IN_DETAILS = new ApiVersion(3, 64);
    public static final ApiVersion USE_QUOTA = new ApiVersion(3, 65);
    public static final ApiVersion GROUP_TYPE = new ApiVersion(3, 11);
    public static final ApiVersion GROUP_SNAPSHOTS = new ApiVersion(3, 14);
    public static final ApiVersion GROUP_VOLUME_RESET_STATUS = new ApiVersion(3, 20);
    public static final ApiVersion GROUP_VOLUME_LIST = new ApiVersion(3, 25);
    public static final ApiVersion GROUP_REPLICATION = new ApiVersion(3, 38);
    public static final ApiVersion GROUP_GROUPSNAPSHOT_PROJECT_ID = new ApiVersion(3, 58);
    /** ETags on volume metadata, and If-Match on its PUTs. */
    public static final ApiVersion ETAGS = new ApiVersion(3, 15);
    /** The attachments API. */
    public static final ApiVersion NEW_ATTACH = new ApiVersion(3, 27);
    /** os-extend of an in-use volume. */
    public static final ApiVersion VOLUME_EXTEND_INUSE = new ApiVersion(3, 42);
    /** The attachments' os-complete action. */
    public static final ApiVersion NEW_ATTACH_COMPLETION = new ApiVersion(3, 44);
    /** Volume bodies refuse unknown fields and empty updates. */
    public static final ApiVersion SUPPORT_VOLUME_SCHEMA_CHANGES = new ApiVersion(3, 53);
    /** {@code mode} in an attachment create. */
    public static final ApiVersion ATTACHMENT_CREATE_MODE_ARG = new ApiVersion(3, 54);
    public static final ApiVersion MESSAGES = new ApiVersion(3, 3);
    public static final ApiVersion MESSAGES_PAGINATION = new ApiVersion(3, 5);
    public static final ApiVersion CLUSTER_SUPPORT = new ApiVersion(3, 7);
    public static final ApiVersion REPLICATION_CLUSTER = new ApiVersion(3, 26);
    public static final ApiVersion POOL_FILTER = new ApiVersion(3, 28);
    public static final ApiVersion LIMITS_ADMIN_FILTER = new ApiVersion(3, 39);
    public static final ApiVersion BACKEND_STATE_REPORT = new ApiVersion(3, 49);

    private Microversions() {
    }

    /**
     * A call that exists only from {@code needed} on is, below it, a resource that does not exist: 404 with the
     * plain message Cinder gives (its VersionNotFoundForAPIMethod).
     */
    public static void require(ApiVersion requested, ApiVersion needed) {
        if (!requested.atLeast(needed)) {
            throw ApiException.notFound("The resource could not be found.");
        }
    }
    /** Replication v3 (ours, above Cinder's 3.70): volume replication fields and the failover operations API. */
    public static final ApiVersion REPLICATION_V3 = new ApiVersion(3, 71);
    /** RPO truth (ours): a volume's replication_lag_level and replication_last_sync_at. */
    public static final ApiVersion REPLICATION_LAG = new ApiVersion(3, 72);
    /**
     * Site loss (ours): a volume's replication_expectations say whether automatic failover is available and what a
     * loss of the primary's site does (on_site_loss, grace_seconds). 3.72 is the replication lag level's (issue 13,
     * item 5, built apart).
     */
    public static final ApiVersion SITE_LOSS_EXPECTATIONS = new ApiVersion(3, 73);
    /** Cross-cloud (ours): export failed-over volumes' replicas from one cloud, import them into another. */
    public static final ApiVersion CROSS_CLOUD = new ApiVersion(3, 74);
}
