package org.replication.v3.api.volume.messaging;

import org.replication.v3.common.messaging.Routes;

/**
 * A handler of events read from the volume and scheduler topics: volumes, groups and replication each add the routes
 * of the types they apply, and {@link VolumeEventConsumer} dispatches by the table they make together. The consumer
 * finds them through CDI, so the volume package does not depend on the domains that share its topics.
 */
public interface VolumeEventRoutes {

    /** Adds a route for each event type this handler applies. */
    Routes routes(Routes routes);
}
