package dev.homewire.core.store.dynamo;

import static dev.homewire.core.store.dynamo.DynamoItems.n;
import static dev.homewire.core.store.dynamo.DynamoItems.s;
import static dev.homewire.core.store.dynamo.TableDefinitions.EXPIRES_AT;
import static dev.homewire.core.store.dynamo.TableDefinitions.MESSAGE_ID;

import dev.homewire.core.store.ProcessedDirectives;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Answered directives in DynamoDB (PK {@code messageId}), each with {@code expiresAt} (epoch
 * seconds, the table's TTL attribute). DynamoDB deletes expired items only eventually (and local
 * servers never), so an expired item counts as absent.
 */
public final class DynamoProcessedDirectives implements ProcessedDirectives {
    /** Longer than any SQS redelivery of the same message (retention 4 days is the queue default; redrives are quicker). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(1);

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final Duration retention;

    public DynamoProcessedDirectives(DynamoDbClient client, String table) {
        this(client, table, Clock.systemUTC(), DEFAULT_RETENTION);
    }

    public DynamoProcessedDirectives(DynamoDbClient client, String table, Clock clock, Duration retention) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
    }

    @Override
    public boolean alreadyAnswered(String messageId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(key(messageId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return false;
        }
        Long expiresAt = DynamoItems.optionalLong(item, EXPIRES_AT, table);
        return expiresAt == null || expiresAt > clock.instant().getEpochSecond();
    }

    @Override
    public void markAnswered(String messageId) {
        long expiresAt = clock.instant().plus(retention).getEpochSecond();
        client.putItem(b -> b.tableName(table).item(Map.of(MESSAGE_ID, s(Objects.requireNonNull(messageId, "messageId")),
                EXPIRES_AT, n(expiresAt))));
    }

    private static Map<String, AttributeValue> key(String messageId) {
        return Map.of(MESSAGE_ID, s(Objects.requireNonNull(messageId, "messageId")));
    }
}
