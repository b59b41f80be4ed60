package dev.homewire.dispatcher.testing;

import dev.homewire.core.store.DeliveredSampleTimes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fake of our own port for unit tests (the DynamoDB one is tested against dynalite). */
public final class InMemorySampleTimes implements DeliveredSampleTimes {
    public final Map<String, Instant> newest = new ConcurrentHashMap<>();

    @Override
    public Optional<Instant> newest(String userId, String endpointId) {
        return Optional.ofNullable(newest.get(userId + "#" + endpointId));
    }

    @Override
    public synchronized boolean advance(String userId, String endpointId, Instant sampledAt) {
        Instant stored = newest.get(userId + "#" + endpointId);
        if (stored != null && stored.isAfter(sampledAt)) {
            return false;
        }
        newest.put(userId + "#" + endpointId, sampledAt);
        return true;
    }
}
