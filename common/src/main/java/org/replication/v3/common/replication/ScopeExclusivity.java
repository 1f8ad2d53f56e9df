package org.replication.v3.common.replication;

import java.util.ArrayList;
import java.util.List;

/**
 * Scopes are exclusive: a volume is replicated by exactly one unit (itself, its group, its pool or its backend).
 * The API checks what it knows before placement; the scheduler checks each candidate location again.
 */
public final class ScopeExclusivity {

    private ScopeExclusivity() {
    }

    /** Conflicts between a volume's group type and volume type, knowable before placement. */
    public static List<String> problems(ReplicationSpecs groupType, ReplicationSpecs volumeType) {
        List<String> problems = new ArrayList<>();
        if (groupType.replicated() && volumeType.replicated() && volumeType.scope() == ReplicationScope.VOLUME) {
            problems.add("the volume type asks for " + ReplicationSpecs.SCOPE + "=volume, but the volume's group is"
                    + " replicated as a group; a volume of a replicated group is not also replicated on its own");
        }
        if (volumeType.scope() == ReplicationScope.GROUP && !groupType.replicated()) {
            problems.add(ReplicationSpecs.SCOPE + "=group needs the volume to be in a group whose group type has "
                    + ReplicationSpecs.GROUP_ENABLED + "='<is> True'");
        }
        return problems;
    }

    /**
     * Conflicts with the location a volume would be placed in.
     *
     * @param location     the defaults of that backend and pool (whether it is replicated as a whole)
     * @param locationName host@backend#pool, for the message
     */
    public static List<String> problems(ReplicationSpecs groupType, ReplicationSpecs volumeType,
            ReplicationDefaults location, String locationName) {
        List<String> problems = new ArrayList<>(problems(groupType, volumeType));
        if (location.coversWholeLocation()) {
            String whole = locationName + " is replicated as a whole (" + ReplicationSpecs.SCOPE + "="
                    + location.scope().value() + ")";
            if (groupType.replicated()) {
                problems.add(whole + "; a replicated group cannot be placed there, its volumes would be replicated"
                        + " twice");
            } else if (volumeType.replicated() && volumeType.scope() == ReplicationScope.VOLUME) {
                problems.add(whole + "; a volume replicated on its own (" + ReplicationSpecs.SCOPE
                        + "=volume) cannot be placed there");
            }
        } else if (volumeType.scope() != null && volumeType.scope().coversWholeLocation()) {
            problems.add("the volume type asks for " + ReplicationSpecs.SCOPE + "=" + volumeType.scope().value()
                    + ", but " + locationName + " is not replicated as a whole");
        }
        return problems;
    }
}
