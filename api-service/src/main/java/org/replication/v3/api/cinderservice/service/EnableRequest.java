package org.replication.v3.api.cinderservice.service;

/**
 * An enable or disable of one service.
 *
 * @param binary  the {@code binary} as sent ("" when absent); it takes precedence over the deprecated
 *                {@code service}
 * @param service the deprecated {@code service} as sent ("" when absent)
 * @param reason  the disabled_reason to record; null records none
 */
public record EnableRequest(ServiceTarget target, String binary, String service, String reason) {

    public String effectiveBinary() {
        return binary.isEmpty() ? service : binary;
    }
}
