package dev.homewire.core.testing;

import dev.homewire.core.store.Grant;
import dev.homewire.core.store.GrantStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fake of our own port for unit tests; integration tests use the DynamoDB implementation. */
public final class InMemoryGrantStore implements GrantStore {
    public final Map<String, Grant> grants = new ConcurrentHashMap<>();

    @Override
    public Optional<Grant> find(String userId) {
        return Optional.ofNullable(grants.get(userId));
    }

    @Override
    public void save(Grant grant) {
        grants.put(grant.userId(), grant);
    }

    @Override
    public void delete(String userId) {
        grants.remove(userId);
    }
}
