package org.replication.v3.volume.data;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Who may call the admin endpoints (docs/authentication.md). */
@ConfigMapping(prefix = "volume")
public interface AdminConfig {

    Admin admin();

    interface Admin {

        /** The shared secret callers send in {@code X-Auth-Token}; none: the admin endpoints are refused. */
        Optional<String> token();
    }

}
