package dev.homewire.core.store.dynamo;

import static dev.homewire.core.store.dynamo.DynamoItems.n;
import static dev.homewire.core.store.dynamo.DynamoItems.s;
import static dev.homewire.core.store.dynamo.TableDefinitions.USER_ID;

import dev.homewire.core.config.AlexaRegion;
import dev.homewire.core.store.Grant;
import dev.homewire.core.store.GrantStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Grants in DynamoDB (PK {@code userId}). Attributes: {@code refreshToken}, {@code accessToken}
 * (optional), {@code accessTokenExpiresAt} (epoch millis, optional), {@code region}
 * ({@link AlexaRegion} name), {@code updatedAt} (epoch millis), {@code version} (raised by every
 * write; items written before it existed count as version 0), and while a dispatcher refreshes,
 * {@code refreshLeaseUntil} (epoch millis) and {@code refreshLeaseOwner}. Tokens are never logged
 * or put into exception messages.
 */
public final class DynamoGrantStore implements GrantStore {
    static final String REFRESH_TOKEN = "refreshToken";
    static final String ACCESS_TOKEN = "accessToken";
    static final String ACCESS_TOKEN_EXPIRES_AT = "accessTokenExpiresAt";
    static final String REGION = "region";
    static final String UPDATED_AT = "updatedAt";
    static final String VERSION = "version";
    static final String LEASE_UNTIL = "refreshLeaseUntil";
    static final String LEASE_OWNER = "refreshLeaseOwner";

    private final DynamoDbClient client;
    private final String table;

    public DynamoGrantStore(DynamoDbClient client, String table) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public Optional<Grant> find(String userId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(key(userId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(decode(item));
    }

    /** Unconditional, but raises the version and clears any lease: a refresh in flight then fails its conditional write. */
    @Override
    public void save(Grant grant) {
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET refreshToken = :rt, #region = :region, updatedAt = :at, "
                + "#ver = if_not_exists(#ver, :zero) + :one");
        StringBuilder remove = new StringBuilder(" REMOVE refreshLeaseUntil, refreshLeaseOwner");
        values.put(":rt", s(grant.refreshToken()));
        values.put(":region", s(grant.region().name()));
        values.put(":at", n(grant.updatedAt().toEpochMilli()));
        values.put(":zero", n(0));
        values.put(":one", n(1));
        tokenUpdates(grant, set, remove, values);
        client.updateItem(b -> b.tableName(table).key(key(grant.userId()))
                .updateExpression(set + remove.toString())
                .expressionAttributeNames(Map.of("#region", REGION, "#ver", VERSION))
                .expressionAttributeValues(values));
    }

    @Override
    public void delete(String userId) {
        client.deleteItem(b -> b.tableName(table).key(key(userId)));
    }

    @Override
    public boolean tryLeaseRefresh(String userId, long expectedVersion, String owner, Instant leaseUntil, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":until", n(leaseUntil.toEpochMilli()));
        values.put(":owner", s(owner));
        values.put(":now", n(now.toEpochMilli()));
        values.put(":v", n(expectedVersion));
        String condition = "attribute_exists(userId) AND " + versionIs(expectedVersion)
                + " AND (attribute_not_exists(refreshLeaseUntil) OR refreshLeaseUntil < :now OR refreshLeaseOwner = :owner)";
        try {
            client.updateItem(b -> b.tableName(table).key(key(userId))
                    .updateExpression("SET refreshLeaseUntil = :until, refreshLeaseOwner = :owner")
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#ver", VERSION))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean saveRefreshed(Grant refreshed, long expectedVersion) {
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET refreshToken = :rt, updatedAt = :at, #ver = :next");
        StringBuilder remove = new StringBuilder(" REMOVE refreshLeaseUntil, refreshLeaseOwner");
        values.put(":rt", s(refreshed.refreshToken()));
        values.put(":at", n(refreshed.updatedAt().toEpochMilli()));
        values.put(":next", n(expectedVersion + 1));
        values.put(":v", n(expectedVersion));
        tokenUpdates(refreshed, set, remove, values);
        try {
            client.updateItem(b -> b.tableName(table).key(key(refreshed.userId()))
                    .updateExpression(set + remove.toString())
                    .conditionExpression("attribute_exists(userId) AND " + versionIs(expectedVersion))
                    .expressionAttributeNames(Map.of("#ver", VERSION))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void releaseRefreshLease(String userId, String owner) {
        try {
            client.updateItem(b -> b.tableName(table).key(key(userId))
                    .updateExpression("REMOVE refreshLeaseUntil, refreshLeaseOwner")
                    .conditionExpression("refreshLeaseOwner = :owner")
                    .expressionAttributeValues(Map.of(":owner", s(owner))));
        } catch (ConditionalCheckFailedException e) {
            // not ours any more (taken over after expiry, or the grant was rewritten): nothing to give back
        }
    }

    @Override
    public boolean deleteIfVersion(String userId, long expectedVersion) {
        try {
            client.deleteItem(b -> b.tableName(table).key(key(userId))
                    .conditionExpression("attribute_exists(userId) AND " + versionIs(expectedVersion))
                    .expressionAttributeNames(Map.of("#ver", VERSION))
                    .expressionAttributeValues(Map.of(":v", n(expectedVersion))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Items from before versions existed are version 0. Uses the name {@code #ver} and the value {@code :v}. */
    private static String versionIs(long expectedVersion) {
        return expectedVersion == 0 ? "(attribute_not_exists(#ver) OR #ver = :v)" : "#ver = :v";
    }

    private static void tokenUpdates(Grant grant, StringBuilder set, StringBuilder remove, Map<String, AttributeValue> values) {
        if (grant.accessToken() != null) {
            set.append(", accessToken = :access");
            values.put(":access", s(grant.accessToken()));
        } else {
            remove.append(", accessToken");
        }
        if (grant.accessTokenExpiresAt() != null) {
            set.append(", accessTokenExpiresAt = :exp");
            values.put(":exp", n(grant.accessTokenExpiresAt().toEpochMilli()));
        } else {
            remove.append(", accessTokenExpiresAt");
        }
    }

    private static Map<String, AttributeValue> key(String userId) {
        return Map.of(USER_ID, s(Objects.requireNonNull(userId, "userId")));
    }

    private Grant decode(Map<String, AttributeValue> item) {
        String userId = DynamoItems.string(item, USER_ID, table);
        AlexaRegion region;
        try {
            region = AlexaRegion.valueOf(DynamoItems.string(item, REGION, table));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("grant of user " + userId + " in table " + table + " has an unknown region", e);
        }
        Instant updatedAt = DynamoItems.optionalEpochMillis(item, UPDATED_AT, table);
        Long version = DynamoItems.optionalLong(item, VERSION, table);
        return new Grant(userId,
                DynamoItems.string(item, REFRESH_TOKEN, table),
                DynamoItems.optionalString(item, ACCESS_TOKEN),
                DynamoItems.optionalEpochMillis(item, ACCESS_TOKEN_EXPIRES_AT, table),
                region,
                updatedAt == null ? Instant.EPOCH : updatedAt,
                version == null ? 0 : version,
                DynamoItems.optionalEpochMillis(item, LEASE_UNTIL, table));
    }
}
