package dev.homewire.core.testing;

import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.store.EndpointRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fake of our own port for unit tests. */
public final class InMemoryEndpointRegistry implements EndpointRegistry {
    private final Map<String, List<EndpointRecord>> byUser = new ConcurrentHashMap<>();

    @Override
    public void replaceAll(String userId, List<EndpointRecord> endpoints) {
        byUser.put(userId, new ArrayList<>(endpoints));
    }

    @Override
    public void replaceAdapter(String userId, String adapterId, List<EndpointRecord> endpoints) {
        for (EndpointRecord record : endpoints) {
            if (!record.userId().equals(userId) || !record.adapterId().equals(adapterId)) {
                throw new IllegalArgumentException("endpoint " + record.endpointId() + " is not " + adapterId + "'s of " + userId);
            }
        }
        byUser.compute(userId, (user, stored) -> {
            List<EndpointRecord> next = new ArrayList<>();
            if (stored != null) {
                stored.stream().filter(r -> !r.adapterId().equals(adapterId)).forEach(next::add);
            }
            next.addAll(endpoints);
            return next;
        });
    }

    @Override
    public Optional<EndpointRecord> find(String userId, String endpointId) {
        return list(userId).stream().filter(r -> r.endpointId().equals(endpointId)).findFirst();
    }

    @Override
    public List<EndpointRecord> list(String userId) {
        return List.copyOf(byUser.getOrDefault(userId, List.of()));
    }
}
