package org.replication.v3.api.auth.keystone;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.replication.v3.api.auth.AuthConfig;
import org.replication.v3.api.auth.Caller;
import org.replication.v3.api.error.ApiException;
import org.replication.v3.api.error.Fault;

/**
 * Cinder's {@code keystone} strategy (keystonemiddleware's auth_token): the caller is whom Keystone says the
 * {@code X-Auth-Token} belongs to, with the project and roles of that token. Validations are cached; an invalid
 * token is a 401 and an unreachable Keystone a 503, so that clients retry instead of reporting a server bug.
 */
@ApplicationScoped
public class KeystoneAuth {

    private static final Logger LOG = Logger.getLogger(KeystoneAuth.class);
    /** keystonemiddleware's words for a token it does not accept. */
    static final String UNAUTHORIZED = "The request you have made requires authentication.";
    static final String UNAVAILABLE = "The Keystone service is temporarily unavailable.";

    private final KeystoneClient keystone;
    private final TokenCache cache;
    private final Duration cacheTtl;
    private final Duration renewal;
    private volatile KeystoneClient.ServiceToken serviceToken;

    public KeystoneAuth(KeystoneClient keystone, AuthConfig auth) {
        this.keystone = keystone;
        this.cache = new TokenCache(auth.keystone().cacheSize());
        this.cacheTtl = auth.keystone().cacheTtl();
        this.renewal = auth.keystone().serviceTokenRenewal();
    }

    /** The caller the token belongs to; fails with 401 (invalid token) or 503 (Keystone unreachable). */
    public Uni<Caller> authenticate(String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().failure(unauthorized());
        }
        Instant now = Instant.now();
        Caller cached = cache.get(token, now);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return serviceToken(now)
                .flatMap(service -> keystone.validate(service, token))
                .flatMap(validation -> validation.verdict() == KeystoneClient.Verdict.SERVICE_TOKEN_REJECTED
                        ? renewServiceToken().flatMap(service -> keystone.validate(service, token))
                        : Uni.createFrom().item(validation))
                .map(validation -> accept(token, validation, now))
                .onFailure(KeystoneUnavailable.class).transform(failure -> {
                    LOG.warnf(failure, "token validation failed: %s", failure.getMessage());
                    return new ApiException(Fault.SERVICE_UNAVAILABLE, UNAVAILABLE);
                });
    }

    private Caller accept(String token, KeystoneClient.Validation validation, Instant now) {
        if (validation.verdict() == KeystoneClient.Verdict.SERVICE_TOKEN_REJECTED) {
            throw new KeystoneUnavailable("Keystone rejected a freshly issued service token", null);
        }
        KeystoneToken valid = validation.token();
        if (validation.verdict() == KeystoneClient.Verdict.INVALID || valid == null
                || !now.isBefore(valid.expiresAt())) {
            throw unauthorized();
        }
        Instant ttlEnd = now.plus(cacheTtl);
        cache.put(token, valid.caller(), valid.expiresAt().isBefore(ttlEnd) ? valid.expiresAt() : ttlEnd);
        return valid.caller();
    }

    private Uni<String> serviceToken(Instant now) {
        KeystoneClient.ServiceToken current = serviceToken;
        if (current != null && now.plus(renewal).isBefore(current.expiresAt())) {
            return Uni.createFrom().item(current.id());
        }
        return renewServiceToken();
    }

    private Uni<String> renewServiceToken() {
        return keystone.issueServiceToken().map(issued -> {
            serviceToken = issued;
            LOG.infof("service token issued by Keystone, valid until %s", issued.expiresAt());
            return issued.id();
        });
    }

    private static ApiException unauthorized() {
        return new ApiException(Fault.UNAUTHORIZED, UNAUTHORIZED);
    }
}
