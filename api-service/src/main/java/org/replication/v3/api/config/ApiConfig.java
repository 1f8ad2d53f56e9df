package org.replication.v3.api.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How this API presents itself and who its callers are. */
@ConfigMapping(prefix = "api")
public interface ApiConfig {

    NoAuth noauth();

    /** Base URL written into links (Cinder's public_endpoint); without it links use the request's scheme and host. */
    Optional<String> publicEndpoint();

    /** The type of a volume created without one (Cinder's default_volume_type). */
    @WithDefault("__DEFAULT__")
    String defaultVolumeType();

    /** The zone of a volume created without one (Cinder's default_availability_zone). */
    @WithDefault("nova")
    String defaultAvailabilityZone();

    /** The group type GET /group_types/default answers with (Cinder's default_group_type). */
    @WithDefault("default_group_type")
    String defaultGroupType();

    /** The most items one list page holds (Cinder's osapi_max_limit). */
    @WithDefault("1000")
    int maxListLimit();

    /** A service whose last heartbeat is older than this is down (Cinder's service_down_time). */
    @WithDefault("60s")
    Duration serviceDownTime();

    /** What the API tells of replication that it does not learn from events. */
    Replication replication();

    interface Replication {
        /**
         * How long the mediator waits before it promotes the target of a mediated active/passive pair whose primary
         * site is lost (the mediator's {@code mediator.grace}): shown in each such volume's expectations.
         */
        @WithDefault("30s")
        Duration mediatorGrace();
    }

    /** Limits on the request line and headers, answered 414 and 431 with Cinder's body. */
    Http http();

    interface Http {
        /** The longest request line, in bytes (Cinder's max_header_line). */
        @WithDefault("16384")
        int maxRequestLine();

        /** The most bytes all headers together may take. */
        @WithDefault("32K")
        MemorySize maxHeaderSize();
    }

    /** Each project's quotas, as Cinder's quota_* defaults; -1 is unlimited. */
    Quota quota();

    interface Quota {
        @WithDefault("10")
        int volumes();

        @WithDefault("1000")
        int gigabytes();

        @WithDefault("10")
        int snapshots();

        @WithDefault("10")
        int backups();

        @WithDefault("1000")
        int backupGigabytes();
    }

    interface NoAuth {
        /** Roles of a caller that sends no {@code X-Roles} header. */
        @WithDefault("admin")
        List<String> defaultRoles();
    }
}
