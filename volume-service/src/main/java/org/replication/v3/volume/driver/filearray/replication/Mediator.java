package org.replication.v3.volume.driver.filearray.replication;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The witness of mediated sync pairs. It sees both arrays and the link between them, and decides who stays
 * primary: when the active array is lost it fences it and promotes the other (automatic failover, zero RPO);
 * when only the link is cut it fences the passive side so the active one goes on taking writes. Without a
 * mediator neither happens by itself: writes are refused until an operator fails over.
 *
 * <p>In a real deployment it runs at a third site; here it is a component of the reference driver.
 */
public final class Mediator {

    private static final Logger LOG = Logger.getLogger(Mediator.class);

    /** One decision, for the driver to report as an event. */
    public record Decision(String volumeId, Side fenced, Side active, boolean failedOver, String reason) {
    }

    private final Set<SyncPair> watched = ConcurrentHashMap.newKeySet();

    public void watch(SyncPair pair) {
        if (pair.mediated()) {
            watched.add(pair);
        }
    }

    public void forget(SyncPair pair) {
        watched.remove(pair);
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
        if (pair.fenced() != null) {
            return Optional.empty();
        }
        Side active = pair.active();
        boolean activeUp = pair.site(active).up();
        boolean otherUp = pair.site(active.other()).up();
        if (!activeUp && otherUp) {
            pair.fence(active);
            LOG.warnf("volume %s: mediator failed over from %s to %s: array %s lost", pair.volumeId(), active,
                    active.other(), pair.site(active).name());
            return Optional.of(new Decision(pair.volumeId(), active, active.other(), true,
                    "array " + pair.site(active).name() + " lost"));
        }
        if (activeUp && (!otherUp || !pair.link().up())) {
            pair.fence(active.other());
            String reason = otherUp ? "link " + pair.link().name() + " cut" : "array "
                    + pair.site(active.other()).name() + " lost";
            LOG.warnf("volume %s: mediator fenced the %s side, %s keeps serving: %s", pair.volumeId(),
                    active.other(), active, reason);
            return Optional.of(new Decision(pair.volumeId(), active.other(), active, false, reason));
        }
        return Optional.empty();
    }
}
