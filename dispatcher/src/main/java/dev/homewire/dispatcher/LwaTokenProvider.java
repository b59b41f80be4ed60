package dev.homewire.dispatcher;

import dev.homewire.core.lwa.LoginWithAmazonClient;
import dev.homewire.core.lwa.LwaException;
import dev.homewire.core.lwa.LwaTokens;
import dev.homewire.core.store.Grant;
import dev.homewire.core.store.GrantStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LWA access tokens for sending a user's events: from an in-memory cache, else the grant's
 * stored token, else a refresh with the grant's refresh token (the new access token, its expiry
 * and the newest refresh token are saved). A token counts as valid while it has more than the
 * refresh margin left.
 *
 * <p>Refreshes of one user are serialised by a per-user lock and the grant is re-read under it,
 * so concurrent callers never refresh in parallel or with a refresh token LWA already replaced.
 * Tokens never reach a log or an exception message.
 */
public final class LwaTokenProvider {
    private static final Logger LOG = LoggerFactory.getLogger(LwaTokenProvider.class);

    private final GrantStore grants;
    private final LoginWithAmazonClient lwa;
    private final Clock clock;
    private final Duration refreshMargin;
    private final Map<String, CachedToken> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    private record CachedToken(String accessToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "CachedToken[expiresAt=" + expiresAt + "]";
        }
    }

    public LwaTokenProvider(GrantStore grants, LoginWithAmazonClient lwa, Clock clock, Duration refreshMargin) {
        this.grants = Objects.requireNonNull(grants, "grants");
        this.lwa = Objects.requireNonNull(lwa, "lwa");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshMargin = Objects.requireNonNull(refreshMargin, "refreshMargin");
    }

    /**
     * A token valid for longer than the refresh margin.
     *
     * @throws NoGrantException the user has no grant
     * @throws GrantRevokedException LWA refused the refresh token ({@code invalid_grant}); the grant was deleted
     * @throws LwaException LWA failed otherwise (unreachable, 5xx); worth retrying later
     */
    public String accessToken(String userId) {
        CachedToken cached = cache.get(userId);
        if (usable(cached)) {
            return cached.accessToken();
        }
        synchronized (lockFor(userId)) {
            cached = cache.get(userId);
            if (usable(cached)) {
                return cached.accessToken();
            }
            Grant grant = grants.find(userId).orElseThrow(() -> new NoGrantException(userId));
            CachedToken stored = grant.accessToken() == null || grant.accessTokenExpiresAt() == null
                    ? null : new CachedToken(grant.accessToken(), grant.accessTokenExpiresAt());
            if (usable(stored)) {
                cache.put(userId, stored);
                return stored.accessToken();
            }
            return refresh(grant, true);
        }
    }

    /**
     * Refreshes now, whatever the current token's expiry (the gateway refused it with 401).
     *
     * @throws NoGrantException the user has no grant
     * @throws GrantRevokedException LWA refused the refresh token; the grant was deleted
     * @throws LwaException LWA failed otherwise
     */
    public String refreshNow(String userId) {
        synchronized (lockFor(userId)) {
            cache.remove(userId);
            Grant grant = grants.find(userId).orElseThrow(() -> new NoGrantException(userId));
            return refresh(grant, true);
        }
    }

    /** Forgets the cached token of a user (e.g. after their grant was dropped). */
    public void forget(String userId) {
        cache.remove(userId);
    }

    private boolean usable(CachedToken token) {
        return token != null && token.expiresAt().isAfter(clock.instant().plus(refreshMargin));
    }

    private Object lockFor(String userId) {
        return locks.computeIfAbsent(userId, u -> new Object());
    }

    /**
     * Called with the user's lock held.
     *
     * @param followSuperseded whether an {@code invalid_grant} may be answered by trying a newer stored grant
     */
    private String refresh(Grant grant, boolean followSuperseded) {
        String userId = grant.userId();
        try {
            return save(grant, lwa.refresh(grant.refreshToken()));
        } catch (LwaException e) {
            if (!e.invalidGrant()) {
                throw e;
            }
            cache.remove(userId);
            Optional<Grant> stored = grants.find(userId);
            if (stored.isPresent() && !stored.get().refreshToken().equals(grant.refreshToken())) {
                // Not revoked but superseded: another container refreshed (LWA may rotate refresh
                // tokens) or the user enabled the skill again while we were refreshing. Deleting
                // would throw away a working grant; use the newer one instead, once.
                if (followSuperseded) {
                    LOG.info("refresh token of user {} was superseded meanwhile; refreshing with the stored one", userId);
                    return refresh(stored.get(), false);
                }
            } else if (stored.isPresent()) {
                grants.delete(userId);
            }
            LOG.warn("LWA refused the refresh token of user {} (invalid_grant): grant revoked", userId);
            throw new GrantRevokedException(userId);
        }
    }

    private String save(Grant grant, LwaTokens tokens) {
        Grant updated = grant.withAccessToken(tokens.accessToken(), tokens.expiresAt(), tokens.refreshToken(), clock.instant());
        grants.save(updated);
        cache.put(grant.userId(), new CachedToken(tokens.accessToken(), tokens.expiresAt()));
        LOG.info("refreshed the LWA access token of user {}; valid until {}", grant.userId(), tokens.expiresAt());
        return tokens.accessToken();
    }
}
