package org.replication.v3.api.type;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What some well-known extra specs mean to the API itself (most are only for the scheduler and drivers). */
public final class ExtraSpecs {

    public static final String REPLICATION_ENABLED = "replication_enabled";

    /** oslo's bool_from_string truthy words. */
    private static final Set<String> TRUE_WORDS = Set.of("1", "t", "true", "on", "y", "yes");

    private ExtraSpecs() {
    }

    /** Cinder's is_replicated_spec: {@code replication_enabled='<is> True'}. */
    public static boolean replicationEnabled(Map<String, String> specs) {
        String value = specs == null ? null : specs.get(REPLICATION_ENABLED);
        if (value == null) {
            return false;
        }
        String[] words = value.trim().split("\\s+");
        return words.length == 2 && "<is>".equals(words[0]) && TRUE_WORDS.contains(words[1].toLowerCase(Locale.ROOT));
    }
}
