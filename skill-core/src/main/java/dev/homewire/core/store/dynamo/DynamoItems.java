package dev.homewire.core.store.dynamo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Attribute helpers and the retrying batch writer shared by the DynamoDB stores. */
final class DynamoItems {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoItems.class);

    /** BatchWriteItem accepts at most 25 requests. */
    static final int BATCH_SIZE = 25;
    private static final int BATCH_ATTEMPTS = 8;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

    private DynamoItems() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static String string(Map<String, AttributeValue> item, String name, String table) {
        AttributeValue value = item.get(name);
        if (value == null || value.s() == null) {
            throw new IllegalStateException("item in table " + table + " lacks string attribute '" + name + "'");
        }
        return value.s();
    }

    static String optionalString(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static Long optionalLong(Map<String, AttributeValue> item, String name, String table) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            return null;
        }
        try {
            return Long.parseLong(value.n());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("attribute '" + name + "' in table " + table + " is not an integer", e);
        }
    }

    static long longValue(Map<String, AttributeValue> item, String name, String table) {
        Long value = optionalLong(item, name, table);
        if (value == null) {
            throw new IllegalStateException("item in table " + table + " lacks number attribute '" + name + "'");
        }
        return value;
    }

    static Instant optionalEpochMillis(Map<String, AttributeValue> item, String name, String table) {
        Long millis = optionalLong(item, name, table);
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    /**
     * Writes the requests with BatchWriteItem in chunks of 25, resending unprocessed items with
     * exponential backoff. The requests must not name the same key twice.
     *
     * @throws IllegalStateException if items stay unprocessed after several attempts
     */
    static void batchWrite(DynamoDbClient client, String table, List<WriteRequest> requests) {
        for (int from = 0; from < requests.size(); from += BATCH_SIZE) {
            List<WriteRequest> pending = new ArrayList<>(requests.subList(from, Math.min(from + BATCH_SIZE, requests.size())));
            Duration backoff = FIRST_BACKOFF;
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                List<WriteRequest> chunk = pending;
                BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(Map.of(table, chunk)));
                pending = response.hasUnprocessedItems() ? response.unprocessedItems().getOrDefault(table, List.of()) : List.of();
                if (pending.isEmpty()) {
                    break;
                }
                if (attempt >= BATCH_ATTEMPTS) {
                    throw new IllegalStateException(pending.size() + " writes to table " + table + " stayed unprocessed after "
                            + attempt + " attempts");
                }
                LOG.debug("{} writes to {} unprocessed (attempt {}), retrying in {} ms", pending.size(), table, attempt, backoff.toMillis());
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
