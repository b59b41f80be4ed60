package dev.homewire.core.store.dynamo;

import static dev.homewire.core.store.dynamo.DynamoItems.n;
import static dev.homewire.core.store.dynamo.DynamoItems.s;
import static dev.homewire.core.store.dynamo.TableDefinitions.DIRECTIVE_KEY;
import static dev.homewire.core.store.dynamo.TableDefinitions.EXPIRES_AT;

import dev.homewire.core.store.DirectiveClaims;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Directive claims in DynamoDB, one item per directive key: {@code status} (CLAIMED or
 * DONE), {@code owner} (a random id per claim), {@code leaseUntil} (epoch ms), {@code attempt},
 * {@code vendorCall} and {@code answer} (JSON), {@code expiresAt} (epoch seconds, the TTL). Every
 * change is a conditional write, so of two racing deliveries exactly one owns the directive.
 * DynamoDB deletes expired items only eventually (and local servers never), so an expired item
 * counts as absent.
 */
public final class DynamoDirectiveClaims implements DirectiveClaims {
    /** Longer than any SQS redelivery of the same message (redrives from a DLQ are refused as stale by then). */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(1);

    private static final String STATUS = "status";
    private static final String OWNER = "owner";
    private static final String LEASE_UNTIL = "leaseUntil";
    private static final String ATTEMPT = "attempt";
    private static final String VENDOR_CALL = "vendorCall";
    private static final String ANSWER = "answer";
    private static final String CLAIMED = "CLAIMED";
    private static final String DONE = "DONE";

    private final DynamoDbClient client;
    private final String table;
    private final Clock clock;
    private final Duration retention;

    public DynamoDirectiveClaims(DynamoDbClient client, String table) {
        this(client, table, Clock.systemUTC(), DEFAULT_RETENTION);
    }

    public DynamoDirectiveClaims(DynamoDbClient client, String table, Clock clock, Duration retention) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
    }

    @Override
    public Claim claim(String key, Duration lease) {
        Instant now = clock.instant();
        String owner = UUID.randomUUID().toString();
        Instant leaseUntil = now.plus(lease);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":claimed", s(CLAIMED));
        values.put(":owner", s(owner));
        values.put(":lease", n(leaseUntil.toEpochMilli()));
        values.put(":now", n(now.toEpochMilli()));
        values.put(":nowSeconds", n(now.getEpochSecond()));
        values.put(":expires", n(now.plus(retention).getEpochSecond()));
        values.put(":done", s(DONE));
        values.put(":one", n(1));
        try {
            Map<String, AttributeValue> old = client.updateItem(b -> b.tableName(table).key(key(key))
                    // the first claim; a lapsed lease of an unfinished one; or an item past its TTL
                    .conditionExpression("attribute_not_exists(#k) OR #exp < :nowSeconds OR (#status <> :done AND #lease < :now)")
                    .updateExpression("SET #status = :claimed, #owner = :owner, #lease = :lease, "
                            + "#exp = :expires ADD #attempt :one")
                    .expressionAttributeNames(Map.of("#k", DIRECTIVE_KEY, "#status", STATUS, "#owner", OWNER,
                            "#lease", LEASE_UNTIL, "#exp", EXPIRES_AT, "#attempt", ATTEMPT))
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            boolean expired = old != null && !old.isEmpty() && expired(old, now);
            boolean fresh = old == null || old.isEmpty() || expired;
            int attempt = fresh ? 1 : (int) (DynamoItems.longValue(old, ATTEMPT, table) + 1);
            String vendorCall = fresh ? null : DynamoItems.optionalString(old, VENDOR_CALL);
            if (expired) {
                // an old item past its TTL: a new directive as far as this table knows
                client.updateItem(b -> b.tableName(table).key(key(key)).updateExpression("SET #attempt = :one, #status = :claimed REMOVE #call, #answer")
                        .conditionExpression("#owner = :owner")
                        .expressionAttributeNames(Map.of("#attempt", ATTEMPT, "#status", STATUS, "#call", VENDOR_CALL,
                                "#answer", ANSWER, "#owner", OWNER))
                        .expressionAttributeValues(Map.of(":one", n(1), ":claimed", s(CLAIMED), ":owner", s(owner))));
            }
            return new Acquired(key, owner, leaseUntil, attempt, vendorCall);
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(key(key)).consistentRead(true)).item();
            if (item == null || item.isEmpty()) {
                return claim(key, lease); // deleted in between (TTL): claim it afresh
            }
            if (DONE.equals(DynamoItems.optionalString(item, STATUS))) {
                return new Completed(key, DynamoItems.optionalString(item, ANSWER));
            }
            Instant held = DynamoItems.optionalEpochMillis(item, LEASE_UNTIL, table);
            return new Held(key, held == null ? now : held);
        }
    }

    @Override
    public boolean recordVendorCall(Acquired claim, String command) {
        return ownedUpdate(claim, "SET #call = :call", Map.of(":call", s(command)), Map.of("#call", VENDOR_CALL));
    }

    @Override
    public void release(Acquired claim) {
        ownedUpdate(claim, "SET #lease = :zero", Map.of(":zero", n(0)), Map.of("#lease", LEASE_UNTIL));
    }

    @Override
    public boolean complete(Acquired claim, String answer) {
        if (answer == null) {
            return ownedUpdate(claim, "SET #status = :done", Map.of(":done", s(DONE)), Map.of("#status", STATUS));
        }
        return ownedUpdate(claim, "SET #status = :done, #answer = :answer", Map.of(":done", s(DONE), ":answer", s(answer)),
                Map.of("#status", STATUS, "#answer", ANSWER));
    }

    private boolean ownedUpdate(Acquired claim, String update, Map<String, AttributeValue> values, Map<String, String> names) {
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":owner", s(claim.owner()));
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#owner", OWNER);
        try {
            client.updateItem(b -> b.tableName(table).key(key(claim.key())).updateExpression(update)
                    .conditionExpression("#owner = :owner")
                    .expressionAttributeNames(allNames)
                    .expressionAttributeValues(allValues));
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    private boolean expired(Map<String, AttributeValue> item, Instant now) {
        Long expiresAt = DynamoItems.optionalLong(item, EXPIRES_AT, table);
        return expiresAt != null && expiresAt < now.getEpochSecond();
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of(DIRECTIVE_KEY, s(Objects.requireNonNull(key, "key")));
    }
}
