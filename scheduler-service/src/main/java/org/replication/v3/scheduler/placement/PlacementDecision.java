package org.replication.v3.scheduler.placement;

/** Either a location (host@backend#pool) or the reason no backend fits. */
public record PlacementDecision(String host, String refusal) {

    static PlacementDecision placed(String host) {
        return new PlacementDecision(host, null);
    }

    static PlacementDecision refused(String reason) {
        return new PlacementDecision(null, reason);
    }

    public boolean isPlaced() {
        return host != null;
    }
}
