package org.replication.v3.volume.driver.filearray.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The witness of mediated sync pairs. It sees both arrays and the link between them:
 * <ul>
 * <li>the active array lost while the other answers: it reports the primary lost (once, and once more when it
 * comes back), so the replication-service can fail over after its grace period; a failover of a mediated pair
 * needs no operator's fencing, because the mediator has seen the primary gone;</li>
 * <li>only the link cut (or the passive array lost): it fences the passive side at once so the active one keeps
 * taking writes, tracking the blocks to resync.</li>
 * </ul>
 * Without a mediator neither happens: writes are refused until an operator acts.
 *
 * <p>In a real deployment it runs at a third site; here it is a component of the reference driver.
 */
public final class Mediator {

    private static final Logger LOG = Logger.getLogger(Mediator.class);

    /** What the mediator saw or did. */
    public enum Kind {
        PRIMARY_LOST,
        PRIMARY_RECOVERED,
        TARGET_FENCED
    }

    /** One decision, for the driver to report as an event. */
    public record Decision(String volumeId, Kind kind, String reason) {
    }

    private final Set<SyncPair> watched = ConcurrentHashMap.newKeySet();
    private final Set<SyncPair> reportedLost = ConcurrentHashMap.newKeySet();

    public void watch(SyncPair pair) {
        if (pair.mediated()) {
            watched.add(pair);
        }
    }

    public void forget(SyncPair pair) {
        watched.remove(pair);
        reportedLost.remove(pair);
    }

    /** Looks at every watched pair once; called periodically by the driver. */
    public List<Decision> check() {
        List<Decision> decisions = new ArrayList<>();
        for (SyncPair pair : watched) {
            decide(pair).ifPresent(decisions::add);
        }
        return decisions;
    }

    private Optional<Decision> decide(SyncPair pair) {
        Side active = pair.active();
        ArraySite activeSite = pair.site(active);
        boolean activeUp = activeSite.up();
        boolean otherUp = pair.site(active.other()).up();
        if (reportedLost.contains(pair)) {
            if (activeUp || pair.fenced() != null) {
                reportedLost.remove(pair);
                if (activeUp && pair.fenced() == null) {
                    LOG.infof("volume %s: mediator sees array %s back", pair.volumeId(), activeSite.name());
                    return Optional.of(new Decision(pair.volumeId(), Kind.PRIMARY_RECOVERED,
                            "array " + activeSite.name() + " answers again"));
                }
            }
            return Optional.empty();
        }
        if (pair.fenced() != null) {
            return Optional.empty();
        }
        if (!activeUp && otherUp) {
            reportedLost.add(pair);
            LOG.warnf("volume %s: mediator lost array %s; %s can take over", pair.volumeId(), activeSite.name(),
                    pair.site(active.other()).name());
            return Optional.of(new Decision(pair.volumeId(), Kind.PRIMARY_LOST, "array " + activeSite.name()
                    + " lost"));
        }
        if (activeUp && (!otherUp || !pair.link().up())) {
            pair.fence(active.other());
            String reason = otherUp ? "link " + pair.link().name() + " cut"
                    : "array " + pair.site(active.other()).name() + " lost";
            LOG.warnf("volume %s: mediator fenced the %s side, %s keeps serving: %s", pair.volumeId(),
                    active.other(), active, reason);
            return Optional.of(new Decision(pair.volumeId(), Kind.TARGET_FENCED, reason));
        }
        return Optional.empty();
    }
}
