package dev.homewire.core.store.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.core.aws.AwsClients;
import dev.homewire.core.config.HomewireConfig;
import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The pending-operations store against dynalite, with the table created as in production. */
class DynamoPendingOperationStoreIT {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

    private static LocalAwsHolder local;

    /** One local AWS for the class. */
    private record LocalAwsHolder(dev.homewire.localaws.LocalAws aws, DynamoDbClient dynamo, HomewireConfig config) {
    }

    private final MutableClock clock = new MutableClock(T0);

    @BeforeAll
    static void start() {
        var aws = dev.homewire.localaws.LocalAws.start();
        HomewireConfig config = new HomewireConfig(Map.of("HOMEWIRE_DYNAMODB_ENDPOINT", aws.dynamoDbEndpoint().toString()));
        DynamoDbClient dynamo = AwsClients.dynamoDb(config);
        TableDefinitions.createAll(dynamo, config);
        local = new LocalAwsHolder(aws, dynamo, config);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.dynamo().close();
            local.aws().close();
        }
    }

    private DynamoPendingOperationStore store() {
        return new DynamoPendingOperationStore(local.dynamo(), local.config().pendingOperationsTable(), clock);
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    private static PendingOperation operation(String user, String endpointId, String correlationToken, Instant createdAt,
                                              DeviceCommand command) {
        return new PendingOperation(user, endpointId, correlationToken, "latchkey", "lock-1", "op-" + correlationToken, command,
                "Alexa.LockController", "Lock", createdAt, createdAt.plusSeconds(20));
    }

    @Test
    void savedOperationsComeBackOldestFirstWithEveryField() {
        var store = store();
        String user = newUser();
        // correlation tokens sort the other way round than creation, so the order is the store's doing
        PendingOperation later = operation(user, "latchkey#lock-1", "a-token", T0.plusSeconds(2),
                new DeviceCommand.SetLockState(LockState.UNLOCKED));
        PendingOperation first = new PendingOperation(user, "latchkey#lock-1", "z-token", "thermia", "th-1", null,
                new DeviceCommand.SetTargetSetpoint(Temperature.celsius(21.5)), "Alexa.ThermostatController",
                "SetTargetTemperature", T0, T0.plusSeconds(20));
        store.save(later);
        store.save(first);
        store.save(operation(user, "latchkey#lock-2", "other", T0, new DeviceCommand.SetLockState(LockState.LOCKED)));

        assertEquals(List.of(first, later), store.forEndpoint(user, "latchkey#lock-1"));
        assertEquals(first, store.find(user, "latchkey#lock-1", "z-token").orElseThrow());
        assertTrue(store.find(user, "latchkey#lock-1", "missing").isEmpty());
        assertTrue(store.forEndpoint(newUser(), "latchkey#lock-1").isEmpty());
    }

    @Test
    void itemHasTheTableKeysAndATtlAnHourAfterTheDeadline() {
        var store = store();
        String user = newUser();
        PendingOperation op = operation(user, "latchkey#lock-1", "ct-1", T0, new DeviceCommand.SetLockState(LockState.LOCKED));
        store.save(op);
        Map<String, AttributeValue> item = local.dynamo().getItem(b -> b.tableName(local.config().pendingOperationsTable())
                .key(Map.of("endpointKey", AttributeValue.fromS(user + "#latchkey#lock-1"),
                        "correlationToken", AttributeValue.fromS("ct-1")))).item();
        assertEquals(op.deadline().plus(Duration.ofHours(1)).getEpochSecond(), Long.parseLong(item.get("expiresAt").n()));
        assertEquals("{\"type\":\"SetLockState\",\"lockState\":\"LOCKED\"}", item.get("command").s());
    }

    @Test
    void aDuplicateSaveKeepsTheFirst() {
        var store = store();
        String user = newUser();
        PendingOperation op = operation(user, "latchkey#lock-1", "ct-1", T0, new DeviceCommand.SetLockState(LockState.LOCKED));
        store.save(op);
        store.save(operation(user, "latchkey#lock-1", "ct-1", T0.plusSeconds(5), new DeviceCommand.SetLockState(LockState.UNLOCKED)));
        assertEquals(List.of(op), store.forEndpoint(user, "latchkey#lock-1"));
    }

    @Test
    void completionSucceedsOnce() {
        var store = store();
        String user = newUser();
        PendingOperation op = operation(user, "latchkey#lock-1", "ct-1", T0, new DeviceCommand.SetLockState(LockState.LOCKED));
        store.save(op);
        assertTrue(store.complete(op));
        assertFalse(store.complete(op));
        assertTrue(store.find(user, "latchkey#lock-1", "ct-1").isEmpty());
        assertTrue(store.forEndpoint(user, "latchkey#lock-1").isEmpty());
        assertFalse(store.complete(operation(user, "latchkey#lock-1", "never-saved", T0, new DeviceCommand.SetLockState(LockState.LOCKED))));
    }

    @Test
    void exactlyOneOfEightConcurrentCompletionsWins() throws Exception {
        var store = store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String user = newUser();
                PendingOperation op = operation(user, "latchkey#lock-1", "ct-" + round, T0, new DeviceCommand.SetLockState(LockState.LOCKED));
                store.save(op);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    Callable<Boolean> complete = () -> {
                        go.await();
                        return store.complete(op);
                    };
                    results.add(pool.submit(complete));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> result : results) {
                    winners += result.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, winners, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void operationsPastTheirTtlAreSkippedBeforeDynamoDbDeletesThem() {
        var store = store();
        String user = newUser();
        PendingOperation op = operation(user, "latchkey#lock-1", "ct-1", T0, new DeviceCommand.SetLockState(LockState.LOCKED));
        store.save(op);
        clock.set(op.deadline().plus(Duration.ofMinutes(59)));
        assertEquals(List.of(op), store.forEndpoint(user, "latchkey#lock-1"), "past the deadline, still there for the sweep");
        clock.set(op.deadline().plus(Duration.ofHours(1)));
        assertTrue(store.forEndpoint(user, "latchkey#lock-1").isEmpty());
        assertTrue(store.find(user, "latchkey#lock-1", "ct-1").isEmpty());
    }
}
