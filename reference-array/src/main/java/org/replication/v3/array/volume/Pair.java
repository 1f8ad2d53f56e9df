package org.replication.v3.array.volume;

/**
 * A volume's replication towards one peer array, as this array records it.
 *
 * @param peerLost the peer was declared lost (by a promote, i.e. a failover or a mediator's decision): this side
 *        goes on alone and logs the blocks the peer lacks, until a reprotect
 * @param mediator a mediator arbitrates this pair: a sync write whose peer is unreachable is held (up to
 *        {@code array.sync-hold}) for the mediator's promote instead of failing at once
 */
public record Pair(String peer, Mode mode, Integer rpoSeconds, Topology topology, boolean peerLost,
        boolean mediator) {

    public Pair(String peer, Mode mode, Integer rpoSeconds, Topology topology, boolean peerLost) {
        this(peer, mode, rpoSeconds, topology, peerLost, false);
    }

    public Pair withPeerLost(boolean lost) {
        return new Pair(peer, mode, rpoSeconds, topology, lost, mediator);
    }

    /** The same pair as the peer records it. */
    public Pair seenFrom(String self) {
        return new Pair(self, mode, rpoSeconds, topology, false, mediator);
    }
}
