package org.replication.v3.api.volume.service;

import java.util.List;
import org.replication.v3.api.volume.Volume;

/** One page of a list and, when asked for, how many volumes all pages hold. */
public record VolumePage(List<Volume> volumes, Long count) {
}
