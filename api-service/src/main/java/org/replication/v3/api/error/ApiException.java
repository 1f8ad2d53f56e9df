package org.replication.v3.api.error;

/** A request the API refuses, answered with the Cinder fault body of {@link #fault()}. */
public class ApiException extends RuntimeException {

    private final Fault fault;

    public ApiException(Fault fault, String message) {
        super(message, null, false, false);
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Fault.BAD_REQUEST, message);
    }

    /** Cinder's {@code InvalidInput}. */
    public static ApiException invalidInput(String reason) {
        return new ApiException(Fault.BAD_REQUEST, "Invalid input received: " + reason);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Fault.NOT_FOUND, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(Fault.CONFLICT, message);
    }

    /** Cinder's {@code PolicyNotAuthorized}. */
    public static ApiException policyRefused(String rule) {
        return new ApiException(Fault.FORBIDDEN, "Policy doesn't allow " + rule + " to be performed.");
    }
}
