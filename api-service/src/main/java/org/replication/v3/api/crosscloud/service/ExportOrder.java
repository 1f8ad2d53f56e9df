package org.replication.v3.api.crosscloud.service;

import java.util.List;
import org.replication.v3.common.replication.ReplicationScope;

/**
 * An export request as parsed.
 *
 * @param clearExisting       forget the volumes in this cloud once exported
 * @param acknowledgeAttached the caller knows that clearing an attached volume leaves its attachment on the compute
 *                            side, and wants it anyway
 */
public record ExportOrder(ReplicationScope scope, List<String> resources, boolean clearExisting,
        boolean acknowledgeAttached) {
}
