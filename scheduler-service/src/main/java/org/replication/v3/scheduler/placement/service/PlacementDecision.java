package org.replication.v3.scheduler.placement.service;

import java.util.Map;

/**
 * Either a location (host@backend#pool) or the reason no backend fits.
 *
 * @param groupSpecs the group type's specs of the group a volume joins, which its backend needs to replicate it
 *                   with the group (empty for a volume outside a group, and for a group's own placement)
 */
public record PlacementDecision(String host, String refusal, Map<String, String> groupSpecs) {

    public PlacementDecision {
        groupSpecs = groupSpecs == null ? Map.of() : Map.copyOf(groupSpecs);
    }

    static PlacementDecision placed(String host) {
        return new PlacementDecision(host, null, Map.of());
    }

    static PlacementDecision refused(String reason) {
        return new PlacementDecision(null, reason, Map.of());
    }

    /** The same decision for a volume of a group whose group type has these specs. */
    PlacementDecision inGroup(Map<String, String> specs) {
        return new PlacementDecision(host, refusal, specs);
    }

    public boolean isPlaced() {
        return host != null;
    }
}
