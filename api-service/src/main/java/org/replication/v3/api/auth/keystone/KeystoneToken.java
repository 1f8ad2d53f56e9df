package org.replication.v3.api.auth.keystone;

import java.time.Instant;
import org.replication.v3.api.auth.Caller;

/** A token Keystone vouched for: whom it names and until when it is valid. */
record KeystoneToken(Caller caller, Instant expiresAt) {
}
