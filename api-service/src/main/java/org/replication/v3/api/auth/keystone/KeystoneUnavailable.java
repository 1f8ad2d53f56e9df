package org.replication.v3.api.auth.keystone;

/** Keystone could not be asked, or answered in a way that says nothing about the token being checked. */
final class KeystoneUnavailable extends RuntimeException {

    KeystoneUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
