package org.replication.v3.mediator.verdict;

import java.time.Instant;
import java.util.List;

/**
 * One decision about one array pair, as journaled before its first array call and as {@code GET /v1/decisions}
 * lists it.
 *
 * @param seq the journal's order, from 1
 * @param pair {@code x:y} as configured
 * @param survivor the side that goes on (site_lost), the winner (link_lost, when one side wins every volume)
 * @param lostSide the side declared lost (site_lost), the loser (link_lost, when one side loses every volume)
 * @param detectedAt when the verdict was first observed
 * @param epoch the boot counter of the mediator that decided: what it sent as {@code X-Controller-Epoch}
 * @param volumes each volume's action, side and generation
 */
public record Decision(String id, long seq, String pair, Verdict verdict, String survivor, String lostSide,
        Instant detectedAt, Instant decidedAt, List<VolumeAction> volumes, long epoch, String reason) {

    public Decision {
        volumes = List.copyOf(volumes);
    }

    public List<VolumeAction> withAction(Action action) {
        return volumes.stream().filter(v -> v.action() == action).toList();
    }
}
