package org.replication.v3.api.error;

import java.util.Map;

/**
 * Cinder's fault kinds: the HTTP status and the key that wraps the error body, as {@code cinder/api/openstack/wsgi.py}
 * maps them. Statuses without a name of their own (406, 500) are {@code computeFault}, as in Cinder.
 */
public enum Fault {
    BAD_REQUEST(400, "badRequest"),
    UNAUTHORIZED(401, "unauthorized"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "itemNotFound"),
    BAD_METHOD(405, "badMethod"),
    NOT_ACCEPTABLE(406, "computeFault"),
    CONFLICT(409, "conflictingRequest"),
    OVER_LIMIT(413, "overLimit"),
    BAD_MEDIA_TYPE(415, "badMediaType"),
    /** Cinder has no name of its own for these two; the key is webob's title in Cinder's camel case. */
    URI_TOO_LONG(414, "requestUriTooLong"),
    HEADERS_TOO_LARGE(431, "requestHeaderFieldsTooLarge"),
    NOT_IMPLEMENTED(501, "notImplemented"),
    SERVICE_UNAVAILABLE(503, "serviceUnavailable"),
    INTERNAL(500, "computeFault");

    private final int status;
    private final String key;

    Fault(int status, String key) {
        this.status = status;
        this.key = key;
    }

    public int status() {
        return status;
    }

    public static Fault forStatus(int status) {
        for (Fault fault : values()) {
            if (fault.status == status) {
                return fault;
            }
        }
        return status >= 400 && status < 500 ? BAD_REQUEST : INTERNAL;
    }

    /** The response body: {@code {"badRequest": {"code": 400, "message": "..."}}}. */
    public Map<String, Detail> body(String message) {
        return Map.of(key, new Detail(status, message));
    }

    /** Component order is the JSON order: code, then message, as Cinder writes them. */
    public record Detail(int code, String message) {
    }
}
