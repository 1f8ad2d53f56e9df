package org.replication.v3.common.replication;

import java.util.List;

/** A replication setting that cannot work, with one sentence per problem saying which value and why. */
public class InvalidReplicationSpec extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidReplicationSpec(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
