package org.replication.v3.api.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.replication.v3.api.config.ApiConfig;

/**
 * Cinder's {@code noauth} strategy: the caller is who the request says it is. cinderclient's noauth plugin sends
 * {@code X-Auth-Token: user:project} (and {@code x-user-id} / {@code x-project-id}); roles come from {@code X-Roles}
 * or, without it, from configuration, so that non-admin callers can be exercised.
 */
@ApplicationScoped
public class NoAuth {

    static final String AUTH_TOKEN = "X-Auth-Token";
    static final String USER_ID = "X-User-Id";
    static final String PROJECT_ID = "X-Project-Id";
    static final String ROLES = "X-Roles";

    private final Set<String> defaultRoles;

    public NoAuth(ApiConfig config) {
        this.defaultRoles = config.noauth().defaultRoles().stream()
                .map(role -> role.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The caller the headers name, or null when they name none. */
    public Caller authenticate(MultivaluedMap<String, String> headers) {
        String user;
        String project;
        String token = headers.getFirst(AUTH_TOKEN);
        if (token != null && !token.isBlank()) {
            int colon = token.indexOf(':');
            user = colon < 0 ? token.trim() : token.substring(0, colon).trim();
            project = colon < 0 ? "" : token.substring(colon + 1).trim();
        } else {
            user = blankToEmpty(headers.getFirst(USER_ID));
            project = blankToEmpty(headers.getFirst(PROJECT_ID));
        }
        // As cinderclient and Cinder's middleware do: a missing project is the user's own.
        if (project.isEmpty()) {
            project = user;
        }
        if (user.isEmpty()) {
            user = project;
        }
        if (user.isEmpty()) {
            return null;
        }
        return new Caller(user, project, roles(headers.getFirst(ROLES)));
    }

    private Set<String> roles(String header) {
        if (header == null || header.isBlank()) {
            return defaultRoles;
        }
        return Arrays.stream(header.split(","))
                .map(role -> role.trim().toLowerCase(Locale.ROOT))
                .filter(role -> !role.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.trim();
    }
}
