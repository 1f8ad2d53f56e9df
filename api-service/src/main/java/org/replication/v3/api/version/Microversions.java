package org.replication.v3.api.version;

/** The microversions at which Cinder adds the fields and parameters this service serves, named after Cinder's own. */
public final class Microversions {

    public static final ApiVersion GROUP_VOLUME = new ApiVersion(3, 13);
    public static final ApiVersion VOLUME_DETAIL_PROVIDER_ID = new ApiVersion(3, 21);
    public static final ApiVersion SUPPORT_COUNT_INFO = new ApiVersion(3, 45);
    public static final ApiVersion VOLUME_SHARED_TARGETS_AND_SERVICE_FIELDS = new ApiVersion(3, 48);
    public static final ApiVersion VOLUME_CLUSTER_NAME = new ApiVersion(3, 61);
    public static final ApiVersion VOLUME_TYPE_ID_IN_VOLUME_DETAIL = new ApiVersion(3, 63);
    public static final ApiVersion USE_QUOTA = new ApiVersion(3, 65);
    public static final ApiVersion MESSAGES = new ApiVersion(3, 3);
    public static final ApiVersion MESSAGES_PAGINATION = new ApiVersion(3, 5);
    public static final ApiVersion CLUSTER_SUPPORT = new ApiVersion(3, 7);
    public static final ApiVersion REPLICATION_CLUSTER = new ApiVersion(3, 26);
    public static final ApiVersion POOL_FILTER = new ApiVersion(3, 28);
    public static final ApiVersion RESOURCE_FILTER = new ApiVersion(3, 33);
    public static final ApiVersion LIMITS_ADMIN_FILTER = new ApiVersion(3, 39);
    public static final ApiVersion BACKEND_STATE_REPORT = new ApiVersion(3, 49);

    private Microversions() {
    }
}
