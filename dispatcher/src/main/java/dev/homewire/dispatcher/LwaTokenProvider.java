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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LWA access tokens for sending a user's events: from an in-memory cache, else the grant's
 * stored token, else a refresh with the grant's refresh token. A token counts as valid while it
 * has more than the refresh margin left.
 *
 * <p><b>Safe across containers.</b> Each Lambda container has its own provider; they share the
 * grant in DynamoDB. Before calling LWA a provider takes the grant's <em>refresh lease</em> (a
 * conditional write: the version it read, no other live lease). Whoever holds it refreshes and
 * stores the new tokens with a write conditional on that version (version + 1, lease cleared);
 * the others wait, re-reading the grant, and use the stored token once it is there. So a burst of
 * expired-token events across many containers makes one LWA call, and the newest refresh token is
 * never overwritten by an older one. AcceptGrant's write raises the version unconditionally, so a
 * refresh that read the old grant cannot store over it ({@code invalid_grant} for the old refresh
 * token then deletes nothing: the delete is conditional on the version too). A lease whose holder
 * died ends after {@code refreshLease}; a waiter that sees no token by then gives up (a retryable
 * {@link LwaException}) rather than exceed its budget. Within a container, callers of one user are
 * serialised by a lock.
 *
 * <p>Tokens never reach a log or an exception message.
 */
public final class LwaTokenProvider {
    private static final Logger LOG = LoggerFactory.getLogger(LwaTokenProvider.class);
    private static final Duration DEFAULT_LEASE = Duration.ofSeconds(10);
    private static final long POLL_MILLIS = 50;

    private final GrantStore grants;
    private final LoginWithAmazonClient lwa;
    private final Clock clock;
    private final Duration refreshMargin;
    private final Duration refreshLease;
    private final String owner = "lwa-" + UUID.randomUUID();
    private final Map<String, CachedToken> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /** An access token and whether this call got it from LWA (rather than the cache or the store). */
    public record Token(String accessToken, boolean refreshedNow) {
        @Override
        public String toString() {
            return "Token[refreshedNow=" + refreshedNow + "]";
        }
    }

    private record CachedToken(String accessToken, Instant expiresAt) {
        @Override
        public String toString() {
            return "CachedToken[expiresAt=" + expiresAt + "]";
        }
    }

    public LwaTokenProvider(GrantStore grants, LoginWithAmazonClient lwa, Clock clock, Duration refreshMargin) {
        this(grants, lwa, clock, refreshMargin, DEFAULT_LEASE);
    }

    /**
     * @param refreshLease how long one refresh may take (LWA's deadline and the store writes):
     *        the lease's length, and how long others wait for its result
     */
    public LwaTokenProvider(GrantStore grants, LoginWithAmazonClient lwa, Clock clock, Duration refreshMargin,
                            Duration refreshLease) {
        this.grants = Objects.requireNonNull(grants, "grants");
        this.lwa = Objects.requireNonNull(lwa, "lwa");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshMargin = Objects.requireNonNull(refreshMargin, "refreshMargin");
        this.refreshLease = Objects.requireNonNull(refreshLease, "refreshLease");
    }

    /**
     * A token valid for longer than the refresh margin.
     *
     * @throws NoGrantException the user has no grant
     * @throws GrantRevokedException LWA refused the refresh token ({@code invalid_grant}); the grant was deleted
     * @throws LwaException LWA failed otherwise (unreachable, 5xx), or another container's refresh did not finish in time
     */
    public String accessToken(String userId) {
        return token(userId).accessToken();
    }

    /** As {@link #accessToken}, saying whether this call refreshed. */
    public Token token(String userId) {
        CachedToken cached = cache.get(userId);
        if (usable(cached)) {
            return new Token(cached.accessToken(), false);
        }
        return obtain(userId, null);
    }

    /**
     * The gateway refused {@code rejectedToken} (401): a different token, refreshed now unless
     * another container stored a newer one meanwhile.
     *
     * @throws NoGrantException the user has no grant
     * @throws GrantRevokedException LWA refused the refresh token; the grant was deleted
     * @throws LwaException LWA failed otherwise
     */
    public Token refreshAfterRejection(String userId, String rejectedToken) {
        return obtain(userId, Objects.requireNonNull(rejectedToken, "rejectedToken"));
    }

    /** Forgets the cached token of a user (e.g. after their grant was dropped). */
    public void forget(String userId) {
        cache.remove(userId);
    }

    private Token obtain(String userId, String rejected) {
        synchronized (locks.computeIfAbsent(userId, u -> new Object())) {
            CachedToken cached = cache.get(userId);
            if (usable(cached) && !cached.accessToken().equals(rejected)) {
                return new Token(cached.accessToken(), false); // another caller here refreshed meanwhile
            }
            cache.remove(userId);
            long waitUntil = System.nanoTime() + refreshLease.toNanos();
            boolean followedSupersede = false;
            while (true) {
                Grant grant = grants.find(userId).orElseThrow(() -> new NoGrantException(userId));
                CachedToken stored = grant.accessToken() == null || grant.accessTokenExpiresAt() == null
                        ? null : new CachedToken(grant.accessToken(), grant.accessTokenExpiresAt());
                if (usable(stored) && !stored.accessToken().equals(rejected)) {
                    cache.put(userId, stored);
                    return new Token(stored.accessToken(), false);
                }
                Instant now = clock.instant();
                if (!grant.refreshLeased(now) && grants.tryLeaseRefresh(userId, grant.version(), owner, now.plus(refreshLease), now)) {
                    try {
                        return new Token(refreshUnderLease(grant), true);
                    } catch (Superseded e) {
                        if (followedSupersede) {
                            throw new LwaException("the grant of user " + userId + " kept changing during refreshes", false, null);
                        }
                        followedSupersede = true;
                        continue;
                    }
                }
                if (System.nanoTime() > waitUntil) {
                    throw new LwaException("another dispatcher's refresh of the token of user " + userId + " did not finish within "
                            + refreshLease.toMillis() + " ms", false, null);
                }
                sleep();
            }
        }
    }

    /** Thrown when {@code invalid_grant} answered a refresh token that a newer grant replaced meanwhile. */
    private static final class Superseded extends RuntimeException {
        Superseded() {
            super(null, null, false, false);
        }
    }

    /** Called holding the lease of {@code grant}'s version. */
    private String refreshUnderLease(Grant grant) {
        String userId = grant.userId();
        LwaTokens tokens;
        try {
            tokens = lwa.refresh(grant.refreshToken());
        } catch (LwaException e) {
            grants.releaseRefreshLease(userId, owner);
            if (!e.invalidGrant()) {
                throw e;
            }
            if (!grants.deleteIfVersion(userId, grant.version())) {
                // Not revoked but superseded: AcceptGrant (or a refresh after our lease ran out)
                // stored a newer grant while we refreshed. Deleting would throw a working grant away.
                LOG.info("refresh token of user {} was superseded meanwhile; trying the stored grant", userId);
                throw new Superseded();
            }
            LOG.warn("LWA refused the refresh token of user {} (invalid_grant): grant revoked and deleted", userId);
            throw new GrantRevokedException(userId);
        } catch (RuntimeException e) {
            grants.releaseRefreshLease(userId, owner);
            throw e;
        }
        Grant updated = grant.withAccessToken(tokens.accessToken(), tokens.expiresAt(), tokens.refreshToken(), clock.instant());
        if (grants.saveRefreshed(updated, grant.version())) {
            LOG.info("refreshed the LWA access token of user {}; valid until {}", userId, tokens.expiresAt());
        } else {
            LOG.info("the grant of user {} changed while its token was refreshed (AcceptGrant?): the stored grant is kept, "
                    + "the refreshed token only used here", userId);
        }
        cache.put(userId, new CachedToken(tokens.accessToken(), tokens.expiresAt()));
        return tokens.accessToken();
    }

    private boolean usable(CachedToken token) {
        return token != null && token.expiresAt().isAfter(clock.instant().plus(refreshMargin));
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LwaException("interrupted while waiting for another dispatcher's refresh", false, e);
        }
    }
}
