package org.replication.v3.api.version;

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
    public static final ApiVersion USE_QUOTA = new ApiVersion(3, 65);

    private Microversions() {
    }
}
