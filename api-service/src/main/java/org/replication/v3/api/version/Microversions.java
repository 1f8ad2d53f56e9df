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
    public static final ApiVersion GROUP_TYPE = new ApiVersion(3, 11);
    public static final ApiVersion GROUP_SNAPSHOTS = new ApiVersion(3, 14);
    public static final ApiVersion GROUP_VOLUME_RESET_STATUS = new ApiVersion(3, 20);
    public static final ApiVersion GROUP_VOLUME_LIST = new ApiVersion(3, 25);
    public static final ApiVersion GROUP_REPLICATION = new ApiVersion(3, 38);
    public static final ApiVersion GROUP_GROUPSNAPSHOT_PROJECT_ID = new ApiVersion(3, 58);

    private Microversions() {
    }
}
