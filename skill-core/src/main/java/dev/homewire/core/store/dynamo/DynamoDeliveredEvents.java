package dev.homewire.core.store.dynamo;

import static dev.homewire.core.store.dynamo.DynamoItems.n;
import static dev.homewire.core.store.dynamo.DynamoItems.s;
import static dev.homewire.core.store.dynamo.TableDefinitions.EXPIRES_AT;
import static dev.homewire.core.store.dynamo.TableDefinitions.MESSAGE_ID;

import dev.homewire.core.store.DeliveredEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Delivered event messageIds in DynamoDB (PK {@code messageId}), like processed directives:
 * {@code deliveryState} ({@code CLAIMED} or {@code DELIVERED}), {@code leaseUntil} (epoch millis,
 * for claims) and {@code expiresAt} (epoch seconds, the table's TTL attribute). A claim is one
 * conditional PutItem: it succeeds where nothing is stored, where a claim's lease ran out, or where
 * the item has expired (DynamoDB deletes expired items only eventually, local servers never).
 */
public final class DynamoDeliveredEvents implements DeliveredEvents {
    /**
     * Longer than a dead letter is kept (14 days), so that replaying a dead-letter queue never
     * posts an event the gateway took before.
     */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(15);
    static final String STATE = "deliveryState";
    static final String LEASE_UNTIL = "leaseUntil";
    private static final String CLAIMED = "CLAIMED";
    private static final String DELIVERED = "DELIVERED";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final Duration retention;

    public DynamoDeliveredEvents(DynamoDbClient client, String table, Clock clock) {
        this(client, table, clock, DEFAULT_RETENTION);
    }

    public DynamoDeliveredEvents(DynamoDbClient client, String table, Clock clock, Duration retention) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    @Override
    public Claim claim(String messageId, Duration lease) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = clock.instant();
            try {
                client.putItem(b -> b.tableName(table)
                        .item(Map.of(MESSAGE_ID, s(messageId), STATE, s(CLAIMED),
                                LEASE_UNTIL, n(now.plus(lease).toEpochMilli()),
                                EXPIRES_AT, n(now.plus(retention).getEpochSecond())))
                        .conditionExpression("attribute_not_exists(messageId) OR (#state = :claimed AND leaseUntil < :now) "
                                + "OR expiresAt < :nowSeconds")
                        .expressionAttributeNames(Map.of("#state", STATE))
                        .expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":now", n(now.toEpochMilli()),
                                ":nowSeconds", n(now.getEpochSecond()))));
                return Claim.CLAIMED;
            } catch (ConditionalCheckFailedException e) {
                // dynalite ignores ReturnValuesOnConditionCheckFailure: read what is there
                Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(key(messageId)).consistentRead(true))
                        .item();
                if (item == null || item.isEmpty()) {
                    continue; // released meanwhile: claim again
                }
                return DELIVERED.equals(DynamoItems.optionalString(item, STATE)) ? Claim.ALREADY_DELIVERED : Claim.HELD_ELSEWHERE;
            }
        }
        return Claim.HELD_ELSEWHERE;
    }

    @Override
    public void markDelivered(String messageId) {
        long expiresAt = clock.instant().plus(retention).getEpochSecond();
        client.putItem(b -> b.tableName(table).item(Map.of(MESSAGE_ID, s(messageId), STATE, s(DELIVERED), EXPIRES_AT, n(expiresAt))));
    }

    @Override
    public void release(String messageId) {
        try {
            client.deleteItem(b -> b.tableName(table).key(key(messageId))
                    .conditionExpression("#state = :claimed")
                    .expressionAttributeNames(Map.of("#state", STATE))
                    .expressionAttributeValues(Map.of(":claimed", s(CLAIMED))));
        } catch (ConditionalCheckFailedException e) {
            // delivered meanwhile by another attempt, or already gone: keep what is there
        }
    }

    private static Map<String, AttributeValue> key(String messageId) {
        return Map.of(MESSAGE_ID, s(Objects.requireNonNull(messageId, "messageId")));
    }
}
