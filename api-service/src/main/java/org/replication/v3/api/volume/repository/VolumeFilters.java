package org.replication.v3.api.volume.repository;

import java.util.Map;
import org.replication.v3.api.volume.VolumeStatus;

/**
 * The filters of a volume list; each null (or empty) one matches every volume.
 *
 * @param name             exact name
 * @param nameLike         part of the name (Cinder's {@code name~}, 3.34+)
 * @param status           exact status
 * @param metadata         pairs the volume's metadata must all hold
 * @param bootable         bootable or not
 * @param availabilityZone exact zone
 * @param size             exact size in GB
 */
public record VolumeFilters(String name, String nameLike, VolumeStatus status, Map<String, String> metadata,
        Boolean bootable, String availabilityZone, Integer size) {
}
