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

/**
 * Grants in DynamoDB (PK {@code userId}). Attributes: {@code refreshToken}, {@code accessToken}
 * (optional), {@code accessTokenExpiresAt} (epoch millis, optional), {@code region}
 * ({@link AlexaRegion} name), {@code updatedAt} (epoch millis). Tokens are never logged or put
 * into exception messages.
 */
public final class DynamoGrantStore implements GrantStore {
    static final String REFRESH_TOKEN = "refreshToken";
    static final String ACCESS_TOKEN = "accessToken";
    static final String ACCESS_TOKEN_EXPIRES_AT = "accessTokenExpiresAt";
    static final String REGION = "region";
    static final String UPDATED_AT = "updatedAt";

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

    @Override
    public void save(Grant grant) {
        Map<String, AttributeValue> item = new HashMap<>(key(grant.userId()));
        item.put(REFRESH_TOKEN, s(grant.refreshToken()));
        if (grant.accessToken() != null) {
            item.put(ACCESS_TOKEN, s(grant.accessToken()));
        }
        if (grant.accessTokenExpiresAt() != null) {
            item.put(ACCESS_TOKEN_EXPIRES_AT, n(grant.accessTokenExpiresAt().toEpochMilli()));
        }
        item.put(REGION, s(grant.region().name()));
        item.put(UPDATED_AT, n(grant.updatedAt().toEpochMilli()));
        client.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public void delete(String userId) {
        client.deleteItem(b -> b.tableName(table).key(key(userId)));
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
        return new Grant(userId,
                DynamoItems.string(item, REFRESH_TOKEN, table),
                DynamoItems.optionalString(item, ACCESS_TOKEN),
                DynamoItems.optionalEpochMillis(item, ACCESS_TOKEN_EXPIRES_AT, table),
                region,
                updatedAt == null ? Instant.EPOCH : updatedAt);
    }
}
