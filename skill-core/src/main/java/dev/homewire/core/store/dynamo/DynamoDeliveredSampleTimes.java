package dev.homewire.core.store.dynamo;

import static dev.homewire.core.store.dynamo.DynamoItems.n;
import static dev.homewire.core.store.dynamo.DynamoItems.s;
import static dev.homewire.core.store.dynamo.TableDefinitions.ENDPOINT_ID;
import static dev.homewire.core.store.dynamo.TableDefinitions.USER_ID;

import dev.homewire.core.store.DeliveredSampleTimes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Newest delivered sample times in DynamoDB (PK {@code userId}, SK {@code endpointId}):
 * {@code newestSampleAt} (epoch millis) and {@code expiresAt} (epoch seconds, TTL: an endpoint
 * nobody reported on for the retention period starts afresh, which only matters for events older
 * than that).
 */
public final class DynamoDeliveredSampleTimes implements DeliveredSampleTimes {
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    static final String NEWEST = "newestSampleAt";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;

    public DynamoDeliveredSampleTimes(DynamoDbClient client, String table, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Optional<Instant> newest(String userId, String endpointId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(key(userId, endpointId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.ofNullable(DynamoItems.optionalEpochMillis(item, NEWEST, table));
    }

    @Override
    public boolean advance(String userId, String endpointId, Instant sampledAt) {
        try {
            client.updateItem(b -> b.tableName(table).key(key(userId, endpointId))
                    .updateExpression("SET newestSampleAt = :t, expiresAt = :exp")
                    .conditionExpression("attribute_not_exists(newestSampleAt) OR newestSampleAt <= :t")
                    .expressionAttributeValues(Map.of(":t", n(sampledAt.toEpochMilli()),
                            ":exp", n(clock.instant().plus(DEFAULT_RETENTION).getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String userId, String endpointId) {
        return Map.of(USER_ID, s(Objects.requireNonNull(userId, "userId")), ENDPOINT_ID, s(Objects.requireNonNull(endpointId, "endpointId")));
    }
}
