package org.replication.v3.api.validation;

import java.util.UUID;
import java.util.regex.Pattern;

/** Reads resource ids: Cinder's ids are UUIDs, and anything else simply names no resource. */
public final class Uuids {

    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Uuids() {
    }

    /** The UUID {@code text} spells in canonical form, or null. */
    public static UUID parse(String text) {
        return text != null && CANONICAL.matcher(text).matches() ? UUID.fromString(text) : null;
    }
}
