package org.replication.v3.volume.data.service;

/** One side of a replicated volume: the backend's own array, or its replication target's. */
public enum Side {
    PRIMARY,
    SECONDARY
}
