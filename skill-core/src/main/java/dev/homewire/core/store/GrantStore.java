package dev.homewire.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * AcceptGrant grants per user (DynamoDB: PK userId). Every write raises the grant's
 * {@link Grant#version()}; the refresh path writes only if the version it read is still stored,
 * so a refresh never overwrites a grant AcceptGrant stored meanwhile, and two refreshes never
 * overwrite each other's newer refresh token.
 */
public interface GrantStore {
    /** The stored grant (read consistently), with its version and refresh lease. */
    Optional<Grant> find(String userId);

    /**
     * AcceptGrant: stores the user's new grant whatever was stored (the user's newest consent
     * wins), with a higher version and no refresh lease, so a refresh that read the old grant
     * cannot store its result over it.
     */
    void save(Grant grant);

    void delete(String userId);

    /**
     * Takes the user's refresh lease: succeeds if the stored grant still has
     * {@code expectedVersion} and no other owner holds a lease that is live at {@code now}.
     */
    default boolean tryLeaseRefresh(String userId, long expectedVersion, String owner, Instant leaseUntil, Instant now) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no refresh leases");
    }

    /**
     * Stores refreshed tokens if the stored grant still has {@code expectedVersion}: version + 1,
     * lease cleared. False when another write came first (AcceptGrant, another refresh).
     */
    default boolean saveRefreshed(Grant refreshed, long expectedVersion) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no conditional writes");
    }

    /** Gives the refresh lease back (the refresh failed) if {@code owner} still holds it. */
    default void releaseRefreshLease(String userId, String owner) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no refresh leases");
    }

    /** Deletes the grant only if it still has {@code expectedVersion} (LWA revoked exactly that one). */
    default boolean deleteIfVersion(String userId, long expectedVersion) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no conditional deletes");
    }
}
