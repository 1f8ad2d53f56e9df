package org.replication.v3.api.volume.service;

/** os-attach: to a server ({@code instanceUuid}) or to a host ({@code hostName}), at {@code mountpoint}. */
public record AttachRequest(String instanceUuid, String hostName, String mountpoint, String mode) {
}
