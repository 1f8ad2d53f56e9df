package org.replication.v3.array.rest;

import java.util.Locale;
import org.replication.v3.array.volume.ArrayException;
import org.replication.v3.array.volume.Mode;
import org.replication.v3.array.volume.Topology;

/** Query and body values checked before anything changes, each refusal saying what was expected. */
final class Params {

    /** The most one data path request carries, as volume-service's data plane. */
    static final long MAX_BYTES = 64L << 20;

    private Params() {
    }

    static long offset(String value) {
        if (value == null) {
            return 0;
        }
        long offset = number("offset", value);
        if (offset < 0) {
            throw ArrayException.badRequest("offset must be 0 or more, not " + value);
        }
        return offset;
    }

    static long length(String value) {
        if (value == null) {
            throw ArrayException.badRequest("length is required: the number of bytes to read, at most " + MAX_BYTES
                    + " (64 MiB)");
        }
        long length = number("length", value);
        if (length <= 0 || length > MAX_BYTES) {
            throw ArrayException.badRequest("length must be 1 to " + MAX_BYTES + " bytes (64 MiB) per read, not "
                    + value);
        }
        return length;
    }

    static Long generation(String value) {
        if (value == null) {
            throw ArrayException.badRequest("generation is required");
        }
        return number("generation", value);
    }

    static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ArrayException.badRequest(name + " must be a whole number, not " + value);
        }
    }

    static Mode mode(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Mode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ArrayException.badRequest("mode must be sync or async, not " + value);
        }
    }

    static Topology topology(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Topology.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ArrayException.badRequest("topology must be active_active or active_passive, not " + value);
        }
    }

    static <T> T body(T body, String what) {
        if (body == null) {
            throw ArrayException.badRequest("a JSON body is required: " + what);
        }
        return body;
    }
}
