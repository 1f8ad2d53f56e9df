package org.replication.v3.mediator.verdict;

/**
 * One paired volume as one array lists it ({@code GET /v1/volumes?paired=true}): what the mediator needs to choose
 * an action for it.
 *
 * @param primary the array's {@code role} is {@code primary}
 * @param fenceGeneration the generation this side was fenced by, or null when it is not fenced
 * @param activeActive the pair's topology is {@code active_active}
 * @param mediated the pair was created with {@code mediator: true}; only these are acted on
 * @param peerLost this side goes on alone: its peer was declared lost and it has not been reprotected since
 */
public record PairVolume(String id, String peer, boolean primary, boolean serving, long generation,
        Long fenceGeneration, boolean activeActive, boolean mediated, boolean peerLost) {

    public boolean fenced() {
        return fenceGeneration != null;
    }

    /** Already what a promote with the peer lost would make it: serving, unfenced, alone. */
    public boolean goesOnAlone() {
        return primary && serving && !fenced() && peerLost;
    }
}
