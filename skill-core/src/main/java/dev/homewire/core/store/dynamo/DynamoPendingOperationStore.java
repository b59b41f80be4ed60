package dev.homewire.core.store.dynamo;

import static dev.homewire.core.store.dynamo.DynamoItems.n;
import static dev.homewire.core.store.dynamo.DynamoItems.s;
import static dev.homewire.core.store.dynamo.TableDefinitions.CORRELATION_TOKEN;
import static dev.homewire.core.store.dynamo.TableDefinitions.ENDPOINT_ID;
import static dev.homewire.core.store.dynamo.TableDefinitions.ENDPOINT_KEY;
import static dev.homewire.core.store.dynamo.TableDefinitions.EXPIRES_AT;
import static dev.homewire.core.store.dynamo.TableDefinitions.USER_ID;

import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.pending.PendingOperationStore;
import dev.homewire.core.store.DeviceJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Pending operations in DynamoDB (PK {@code endpointKey} = {@code userId#endpointId}, SK
 * {@code correlationToken}). Attributes: {@code userId}, {@code endpointId}, {@code adapterId},
 * {@code deviceId}, {@code operationRef} (optional), {@code command} (JSON, see
 * {@link DeviceJson#writeCommand}), {@code directiveNamespace}, {@code directiveName},
 * {@code createdAt} and {@code deadline} (epoch millis), and {@code expiresAt} (epoch seconds,
 * the table's TTL attribute: deadline + {@link #RETENTION_AFTER_DEADLINE}).
 *
 * <p>Completion is a conditional delete, so of any number of racing pushes, polls and deadline
 * sweeps exactly one wins and answers Alexa. DynamoDB deletes expired items only eventually (and
 * local servers never), so reads skip items whose {@code expiresAt} has passed.
 */
public final class DynamoPendingOperationStore implements PendingOperationStore {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoPendingOperationStore.class);
    /** How long an operation stays after its deadline: time for the deadline sweep to answer it. */
    public static final Duration RETENTION_AFTER_DEADLINE = Duration.ofHours(1);

    static final String ADAPTER_ID = "adapterId";
    static final String DEVICE_ID = "deviceId";
    static final String OPERATION_REF = "operationRef";
    static final String COMMAND = "command";
    static final String DIRECTIVE_NAMESPACE = "directiveNamespace";
    static final String DIRECTIVE_NAME = "directiveName";
    static final String CREATED_AT = "createdAt";
    static final String DEADLINE = "deadline";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    public DynamoPendingOperationStore(DynamoDbClient client, String table) {
        this(client, table, Clock.systemUTC());
    }

    public DynamoPendingOperationStore(DynamoDbClient client, String table, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The partition key of an endpoint's operations. */
    public static String endpointKey(String userId, String endpointId) {
        return Objects.requireNonNull(userId, "userId") + "#" + Objects.requireNonNull(endpointId, "endpointId");
    }

    @Override
    public void save(PendingOperation operation) {
        Map<String, AttributeValue> item = encode(operation);
        try {
            client.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", ENDPOINT_KEY)));
        } catch (ConditionalCheckFailedException duplicate) {
            LOG.debug("pending operation of endpoint {} (user {}) already saved; keeping the first", operation.endpointId(),
                    operation.userId());
        }
    }

    @Override
    public List<PendingOperation> forEndpoint(String userId, String endpointId) {
        long now = clock.instant().getEpochSecond();
        List<PendingOperation> operations = new ArrayList<>();
        client.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("#k = :k")
                        .expressionAttributeNames(Map.of("#k", ENDPOINT_KEY))
                        .expressionAttributeValues(Map.of(":k", s(endpointKey(userId, endpointId)))))
                .items().forEach(item -> {
                    if (live(item, now)) {
                        PendingOperation operation = decode(item);
                        // the key joins two strings with '#': make sure this item is really this endpoint's
                        if (operation.userId().equals(userId) && operation.endpointId().equals(endpointId)) {
                            operations.add(operation);
                        }
                    }
                });
        operations.sort(Comparator.comparing(PendingOperation::createdAt).thenComparing(PendingOperation::correlationToken));
        return operations;
    }

    @Override
    public Optional<PendingOperation> find(String userId, String endpointId, String correlationToken) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(key(userId, endpointId, correlationToken))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty() || !live(item, clock.instant().getEpochSecond())) {
            return Optional.empty();
        }
        PendingOperation operation = decode(item);
        return operation.userId().equals(userId) && operation.endpointId().equals(endpointId)
                ? Optional.of(operation) : Optional.empty();
    }

    @Override
    public boolean complete(PendingOperation operation) {
        try {
            client.deleteItem(b -> b.tableName(table)
                    .key(key(operation.userId(), operation.endpointId(), operation.correlationToken()))
                    .conditionExpression("attribute_exists(#k)")
                    .expressionAttributeNames(Map.of("#k", ENDPOINT_KEY)));
            return true;
        } catch (ConditionalCheckFailedException alreadyCompleted) {
            return false;
        }
    }

    private static boolean live(Map<String, AttributeValue> item, long nowEpochSecond) {
        AttributeValue expiresAt = item.get(EXPIRES_AT);
        if (expiresAt == null || expiresAt.n() == null) {
            return true;
        }
        try {
            return Long.parseLong(expiresAt.n()) > nowEpochSecond;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static Map<String, AttributeValue> key(String userId, String endpointId, String correlationToken) {
        return Map.of(ENDPOINT_KEY, s(endpointKey(userId, endpointId)),
                CORRELATION_TOKEN, s(Objects.requireNonNull(correlationToken, "correlationToken")));
    }

    private static Map<String, AttributeValue> encode(PendingOperation op) {
        Map<String, AttributeValue> item = new HashMap<>(key(op.userId(), op.endpointId(), op.correlationToken()));
        item.put(USER_ID, s(op.userId()));
        item.put(ENDPOINT_ID, s(op.endpointId()));
        item.put(ADAPTER_ID, s(op.adapterId()));
        item.put(DEVICE_ID, s(op.deviceId()));
        if (op.operationRef() != null) {
            item.put(OPERATION_REF, s(op.operationRef()));
        }
        item.put(COMMAND, s(DeviceJson.writeCommand(op.command())));
        item.put(DIRECTIVE_NAMESPACE, s(op.directiveNamespace()));
        item.put(DIRECTIVE_NAME, s(op.directiveName()));
        item.put(CREATED_AT, n(op.createdAt().toEpochMilli()));
        item.put(DEADLINE, n(op.deadline().toEpochMilli()));
        item.put(EXPIRES_AT, n(op.deadline().plus(RETENTION_AFTER_DEADLINE).getEpochSecond()));
        return item;
    }

    private PendingOperation decode(Map<String, AttributeValue> item) {
        String userId = DynamoItems.string(item, USER_ID, table);
        String endpointId = DynamoItems.string(item, ENDPOINT_ID, table);
        try {
            return new PendingOperation(userId, endpointId, DynamoItems.string(item, CORRELATION_TOKEN, table),
                    DynamoItems.string(item, ADAPTER_ID, table), DynamoItems.string(item, DEVICE_ID, table),
                    DynamoItems.optionalString(item, OPERATION_REF),
                    DeviceJson.readCommand(DynamoItems.string(item, COMMAND, table)),
                    DynamoItems.string(item, DIRECTIVE_NAMESPACE, table), DynamoItems.string(item, DIRECTIVE_NAME, table),
                    Instant.ofEpochMilli(DynamoItems.longValue(item, CREATED_AT, table)),
                    Instant.ofEpochMilli(DynamoItems.longValue(item, DEADLINE, table)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("pending operation of endpoint " + endpointId + " of user " + userId + " in table "
                    + table + ": " + e.getMessage(), e);
        }
    }
}
