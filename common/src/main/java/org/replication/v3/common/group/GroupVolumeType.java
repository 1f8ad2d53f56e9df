package org.replication.v3.common.group;

import java.util.Map;

/** One volume type of a group, with its extra specs as they were when the group was requested. */
public record GroupVolumeType(String id, Map<String, String> extraSpecs) {
}
