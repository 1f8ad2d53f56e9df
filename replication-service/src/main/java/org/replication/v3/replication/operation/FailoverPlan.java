package org.replication.v3.replication.operation;

import java.util.List;
import org.replication.v3.common.failover.OperationChanged;
import org.replication.v3.replication.volume.VolumeReplica;

/** What a request resolved to: the volumes to switch and the plan, or why it is refused. */
public record FailoverPlan(List<VolumeReplica> volumes, OperationChanged.Plan plan, String refusal) {

    public static FailoverPlan refused(String why) {
        return new FailoverPlan(List.of(), null, why);
    }

    /** The plan, accepted despite what the warnings say (a forced failover). */
    public FailoverPlan withWarnings(List<String> warnings) {
        return new FailoverPlan(volumes, plan.withWarnings(warnings), null);
    }

    public boolean isRefused() {
        return refusal != null;
    }
}
