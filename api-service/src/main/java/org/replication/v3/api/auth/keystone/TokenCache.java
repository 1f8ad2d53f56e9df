package org.replication.v3.api.auth.keystone;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.replication.v3.api.auth.Caller;

/**
 * Validated user tokens and whom they name, so that a busy client does not cost a Keystone round trip per request.
 * Bounded (least recently used out first) and each entry expires; a revoked token therefore stays usable at most
 * until its entry expires, the same trade keystonemiddleware's token cache makes.
 */
final class TokenCache {

    private final Map<String, Entry> entries;

    TokenCache(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The caller the token names, or null when it is unknown or its entry has expired. */
    synchronized Caller get(String token, Instant now) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.expiresAt())) {
            entries.remove(token);
            return null;
        }
        return entry.caller();
    }

    synchronized void put(String token, Caller caller, Instant expiresAt) {
        entries.put(token, new Entry(caller, expiresAt));
    }

    private record Entry(Caller caller, Instant expiresAt) {
    }
}
