package dev.homewire.core.testing;

import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.pending.PendingOperationStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fake of our own port for unit tests, with the DynamoDB store's rules: a duplicate save keeps
 * the first, completion succeeds exactly once, operations come oldest first and, when built with
 * a clock, an operation is gone an hour after its deadline (the table's TTL).
 */
public final class InMemoryPendingOperationStore implements PendingOperationStore {
    private static final Duration RETENTION_AFTER_DEADLINE = Duration.ofHours(1);

    private final Map<String, PendingOperation> operations = new LinkedHashMap<>();
    private final Clock clock;
    /** Every operation ever completed through this store, in completion order. */
    public final List<PendingOperation> completed = new ArrayList<>();

    public InMemoryPendingOperationStore() {
        this(null);
    }

    /** @param clock decides expiry (deadline + 1 h); null never expires */
    public InMemoryPendingOperationStore(Clock clock) {
        this.clock = clock;
    }

    private static String key(String userId, String endpointId, String correlationToken) {
        return userId + "\u0000" + endpointId + "\u0000" + correlationToken;
    }

    private static String key(PendingOperation operation) {
        return key(operation.userId(), operation.endpointId(), operation.correlationToken());
    }

    private boolean live(PendingOperation operation) {
        return clock == null || operation.deadline().plus(RETENTION_AFTER_DEADLINE).isAfter(clock.instant());
    }

    @Override
    public synchronized void save(PendingOperation operation) {
        operations.putIfAbsent(key(operation), operation);
    }

    @Override
    public synchronized List<PendingOperation> forEndpoint(String userId, String endpointId) {
        List<PendingOperation> found = new ArrayList<>();
        for (PendingOperation operation : operations.values()) {
            if (operation.userId().equals(userId) && operation.endpointId().equals(endpointId) && live(operation)) {
                found.add(operation);
            }
        }
        found.sort(Comparator.comparing(PendingOperation::createdAt).thenComparing(PendingOperation::correlationToken));
        return found;
    }

    @Override
    public synchronized Optional<PendingOperation> find(String userId, String endpointId, String correlationToken) {
        return Optional.ofNullable(operations.get(key(userId, endpointId, correlationToken))).filter(this::live);
    }

    @Override
    public synchronized boolean complete(PendingOperation operation) {
        if (operations.remove(key(operation)) == null) {
            return false;
        }
        completed.add(operation);
        return true;
    }

    /** Every operation still stored (expired ones included), oldest first. */
    public synchronized List<PendingOperation> all() {
        List<PendingOperation> all = new ArrayList<>(operations.values());
        all.sort(Comparator.comparing(PendingOperation::createdAt).thenComparing(PendingOperation::correlationToken));
        return all;
    }
}
