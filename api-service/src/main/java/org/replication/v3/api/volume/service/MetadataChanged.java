package org.replication.v3.api.volume.service;

/** The metadata is no longer what the caller's If-Match named: the write did not happen (412). */
public class MetadataChanged extends RuntimeException {

    public MetadataChanged(Object volumeId) {
        super("metadata of volume " + volumeId + " changed since the caller read it", null, false, false);
    }
}
