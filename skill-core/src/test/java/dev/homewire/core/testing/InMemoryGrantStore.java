package dev.homewire.core.testing;

import dev.homewire.core.store.Grant;
import dev.homewire.core.store.GrantStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake of our own port for unit tests, with the versions and leases of the DynamoDB store
 * (each operation atomic); integration tests use the DynamoDB implementation.
 */
public final class InMemoryGrantStore implements GrantStore {
    public final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Map<String, String> leaseOwners = new ConcurrentHashMap<>();

    @Override
    public Optional<Grant> find(String userId) {
        return Optional.ofNullable(grants.get(userId));
    }

    @Override
    public synchronized void save(Grant grant) {
        Grant old = grants.get(grant.userId());
        grants.put(grant.userId(), withVersion(grant, old == null ? 1 : old.version() + 1, null));
        leaseOwners.remove(grant.userId());
    }

    @Override
    public synchronized void delete(String userId) {
        grants.remove(userId);
        leaseOwners.remove(userId);
    }

    @Override
    public synchronized boolean tryLeaseRefresh(String userId, long expectedVersion, String owner, Instant leaseUntil, Instant now) {
        Grant stored = grants.get(userId);
        if (stored == null || stored.version() != expectedVersion
                || (stored.refreshLeased(now) && !owner.equals(leaseOwners.get(userId)))) {
            return false;
        }
        grants.put(userId, withVersion(stored, stored.version(), leaseUntil));
        leaseOwners.put(userId, owner);
        return true;
    }

    @Override
    public synchronized boolean saveRefreshed(Grant refreshed, long expectedVersion) {
        Grant stored = grants.get(refreshed.userId());
        if (stored == null || stored.version() != expectedVersion) {
            return false;
        }
        grants.put(refreshed.userId(), withVersion(refreshed, expectedVersion + 1, null));
        leaseOwners.remove(refreshed.userId());
        return true;
    }

    @Override
    public synchronized void releaseRefreshLease(String userId, String owner) {
        Grant stored = grants.get(userId);
        if (stored != null && owner.equals(leaseOwners.get(userId))) {
            grants.put(userId, withVersion(stored, stored.version(), null));
            leaseOwners.remove(userId);
        }
    }

    @Override
    public synchronized boolean deleteIfVersion(String userId, long expectedVersion) {
        Grant stored = grants.get(userId);
        if (stored == null || stored.version() != expectedVersion) {
            return false;
        }
        delete(userId);
        return true;
    }

    private static Grant withVersion(Grant g, long version, Instant leaseUntil) {
        return new Grant(g.userId(), g.refreshToken(), g.accessToken(), g.accessTokenExpiresAt(), g.region(), g.updatedAt(), version,
                leaseUntil);
    }
}
