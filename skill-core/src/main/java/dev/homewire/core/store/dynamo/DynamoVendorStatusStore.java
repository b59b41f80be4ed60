package dev.homewire.core.store.dynamo;

import static dev.homewire.core.store.dynamo.DynamoItems.n;
import static dev.homewire.core.store.dynamo.DynamoItems.s;
import static dev.homewire.core.store.dynamo.TableDefinitions.ADAPTER_ID;

import dev.homewire.core.breaker.VendorStatus;
import dev.homewire.core.breaker.VendorStatusStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The vendors' circuit-breaker rows in DynamoDB (PK {@code adapterId}): {@code status} (UP or
 * DOWN), {@code openUntil} (epoch ms, while DOWN), {@code probeOwner} and {@code probeLeaseUntil}
 * (epoch ms, while one instance probes), {@code version} (raised by every write), {@code updatedAt}
 * (epoch ms), {@code timesOpened}, {@code reason}. Every write is an UpdateItem conditional on the
 * version the caller read (no row yet: {@code attribute_not_exists}), returning the new row, so of
 * two instances acting on the same row exactly one wins.
 */
public final class DynamoVendorStatusStore implements VendorStatusStore {
    static final String STATUS = "status";
    static final String OPEN_UNTIL = "openUntil";
    static final String PROBE_OWNER = "probeOwner";
    static final String PROBE_LEASE_UNTIL = "probeLeaseUntil";
    static final String VERSION = "version";
    static final String UPDATED_AT = "updatedAt";
    static final String TIMES_OPENED = "timesOpened";
    static final String REASON = "reason";

    private static final Map<String, String> NAMES = Map.of("#k", ADAPTER_ID, "#status", STATUS, "#until", OPEN_UNTIL,
            "#owner", PROBE_OWNER, "#lease", PROBE_LEASE_UNTIL, "#ver", VERSION, "#at", UPDATED_AT, "#opened", TIMES_OPENED,
            "#reason", REASON);

    private final DynamoDbClient client;
    private final String table;

    public DynamoVendorStatusStore(DynamoDbClient client, String table) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public Optional<VendorStatus> find(String adapterId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(key(adapterId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(decode(item));
    }

    @Override
    public List<VendorStatus> all() {
        List<VendorStatus> rows = new ArrayList<>();
        client.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(item -> rows.add(decode(item)));
        return rows;
    }

    @Override
    public Optional<VendorStatus> markDown(String adapterId, long expectedVersion, Instant openUntil, String reason, Instant now) {
        Map<String, AttributeValue> values = versioned(expectedVersion, now);
        values.put(":down", s(VendorStatus.Status.DOWN.name()));
        values.put(":until", n(openUntil.toEpochMilli()));
        values.put(":reason", s(reason == null || reason.isBlank() ? "-" : reason));
        values.put(":one", n(1));
        return update(adapterId, expectedVersion, null,
                "SET #status = :down, #until = :until, #reason = :reason, #ver = :next, #at = :now ADD #opened :one "
                        + "REMOVE #owner, #lease", values);
    }

    @Override
    public Optional<VendorStatus> claimProbe(String adapterId, long expectedVersion, String owner, Instant leaseUntil, Instant now) {
        Map<String, AttributeValue> values = versioned(expectedVersion, now);
        values.put(":down", s(VendorStatus.Status.DOWN.name()));
        values.put(":owner", s(owner));
        values.put(":lease", n(leaseUntil.toEpochMilli()));
        values.put(":nowMs", n(now.toEpochMilli()));
        return update(adapterId, expectedVersion,
                "#status = :down AND #until <= :nowMs AND (attribute_not_exists(#lease) OR #lease < :nowMs)",
                "SET #owner = :owner, #lease = :lease, #ver = :next, #at = :now", values);
    }

    @Override
    public Optional<VendorStatus> markUp(String adapterId, long expectedVersion, Instant now) {
        Map<String, AttributeValue> values = versioned(expectedVersion, now);
        values.put(":up", s(VendorStatus.Status.UP.name()));
        return update(adapterId, expectedVersion, null, "SET #status = :up, #ver = :next, #at = :now REMOVE #owner, #lease, #until",
                values);
    }

    private static Map<String, AttributeValue> versioned(long expectedVersion, Instant now) {
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must not be negative: " + expectedVersion);
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":next", n(expectedVersion + 1));
        values.put(":now", n(now.toEpochMilli()));
        if (expectedVersion > 0) {
            values.put(":expected", n(expectedVersion));
        }
        return values;
    }

    private Optional<VendorStatus> update(String adapterId, long expectedVersion, String extraCondition, String update,
                                          Map<String, AttributeValue> values) {
        String condition = expectedVersion == 0 ? "attribute_not_exists(#k)" : "#ver = :expected";
        if (extraCondition != null) {
            condition = condition + " AND " + extraCondition;
        }
        Map<String, String> names = new HashMap<>();
        String expression = update + " " + condition;
        NAMES.forEach((name, attribute) -> {
            if (expression.contains(name)) {
                names.put(name, attribute);
            }
        });
        String finalCondition = condition;
        try {
            Map<String, AttributeValue> item = client.updateItem(b -> b.tableName(table).key(key(adapterId))
                    .conditionExpression(finalCondition)
                    .updateExpression(update)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(decode(item));
        } catch (ConditionalCheckFailedException lost) {
            return Optional.empty();
        }
    }

    private VendorStatus decode(Map<String, AttributeValue> item) {
        return new VendorStatus(
                DynamoItems.string(item, ADAPTER_ID, table),
                VendorStatus.Status.valueOf(DynamoItems.string(item, STATUS, table)),
                DynamoItems.optionalEpochMillis(item, OPEN_UNTIL, table),
                DynamoItems.optionalString(item, PROBE_OWNER),
                DynamoItems.optionalEpochMillis(item, PROBE_LEASE_UNTIL, table),
                DynamoItems.longValue(item, VERSION, table),
                DynamoItems.optionalEpochMillis(item, UPDATED_AT, table),
                Optional.ofNullable(DynamoItems.optionalLong(item, TIMES_OPENED, table)).orElse(0L),
                DynamoItems.optionalString(item, REASON));
    }

    private static Map<String, AttributeValue> key(String adapterId) {
        return Map.of(ADAPTER_ID, s(Objects.requireNonNull(adapterId, "adapterId")));
    }
}
