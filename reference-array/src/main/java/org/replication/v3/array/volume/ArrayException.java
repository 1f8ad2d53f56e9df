package org.replication.v3.array.volume;

import java.util.Map;

/**
 * A request the array refuses or cannot carry out, with the HTTP status and Cinder-style fault kind it answers with
 * ({@code {"badRequest": {"code": 400, "message": ...}}}) and optional extra fields (e.g. the generation that fenced
 * a volume, which a peer reads).
 */
public class ArrayException extends RuntimeException {

    private final int status;
    private final String kind;
    private final Map<String, Object> details;

    public ArrayException(int status, String kind, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.kind = kind;
        this.details = details;
    }

    public static ArrayException badRequest(String message) {
        return new ArrayException(400, "badRequest", message, Map.of());
    }

    public static ArrayException notFound(String message) {
        return new ArrayException(404, "itemNotFound", message, Map.of());
    }

    public static ArrayException conflict(String message) {
        return new ArrayException(409, "conflictingRequest", message, Map.of());
    }

    public static ArrayException unavailable(String message) {
        return new ArrayException(503, "serviceUnavailable", message, Map.of());
    }

    /** A write or command refused because a higher generation owns the volume now. */
    public static ArrayException fenced(String message, long generation) {
        return new ArrayException(409, "fenced", message, Map.of("generation", generation));
    }

    public int status() {
        return status;
    }

    public String kind() {
        return kind;
    }

    public Map<String, Object> details() {
        return details;
    }
}
