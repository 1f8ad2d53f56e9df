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

    /** The peer array could not be reached, so nothing changed (kind {@code peerUnreachable} in batch answers). */
    public static ArrayException peerUnreachable(String message) {
        return new ArrayException(503, "serviceUnavailable", message, Map.of("reason", "peerUnreachable"));
    }

    /** A changing call from a controller whose lease epoch was overtaken (section 3 of docs/sites.md). */
    public static ArrayException staleController(String message) {
        return new ArrayException(409, "staleController", message, Map.of());
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
        return details.entrySet().stream().filter(e -> !e.getKey().equals("reason"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * The kind a batch answer names per volume: the fault kind, except {@code notFound} for a missing volume and
     * {@code peerUnreachable} when the peer could not be reached.
     */
    public String batchKind() {
        if (details.get("reason") instanceof String reason) {
            return reason;
        }
        return kind.equals("itemNotFound") ? "notFound" : kind;
    }
}
