package org.replication.v3.api.version;

import org.replication.v3.api.error.ApiException;

/**
 * Refuses a call the requested microversion does not have yet. Cinder finds no method for such a version and
 * answers 404 itemNotFound "The resource could not be found.", as for an unknown versioned action.
 */
public final class VersionGate {

    private VersionGate() {
    }

    public static void require(ApiVersion requested, ApiVersion minimum) {
        if (!requested.atLeast(minimum)) {
            throw ApiException.notFound("The resource could not be found.");
        }
    }
}
