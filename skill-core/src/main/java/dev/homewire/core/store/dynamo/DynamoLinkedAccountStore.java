package dev.homewire.core.store.dynamo;

import static dev.homewire.core.store.dynamo.DynamoItems.s;
import static dev.homewire.core.store.dynamo.TableDefinitions.ADAPTER_ID;
import static dev.homewire.core.store.dynamo.TableDefinitions.USER_ID;

import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.core.store.LinkedAccountStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Linked vendor accounts in DynamoDB (PK {@code userId}, SK {@code adapterId}). Attributes:
 * {@code accountId} and {@code credentials} (a map of strings). Credentials are never logged or
 * put into exception messages.
 */
public final class DynamoLinkedAccountStore implements LinkedAccountStore {
    static final String ACCOUNT_ID = "accountId";
    static final String CREDENTIALS = "credentials";

    private final DynamoDbClient client;
    private final String table;

    public DynamoLinkedAccountStore(DynamoDbClient client, String table) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public List<VendorAccount> accounts(String userId) {
        List<VendorAccount> accounts = new ArrayList<>();
        client.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("#u = :u")
                        .expressionAttributeNames(Map.of("#u", USER_ID))
                        .expressionAttributeValues(Map.of(":u", s(Objects.requireNonNull(userId, "userId")))))
                .items().forEach(item -> accounts.add(decode(item)));
        return accounts;
    }

    @Override
    public Optional<VendorAccount> account(String userId, String adapterId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(key(userId, adapterId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(decode(item));
    }

    @Override
    public void save(String userId, VendorAccount account) {
        Map<String, AttributeValue> credentials = new HashMap<>();
        account.credentials().forEach((name, value) -> credentials.put(name, s(value)));
        Map<String, AttributeValue> item = new HashMap<>(key(userId, account.adapterId()));
        item.put(ACCOUNT_ID, s(account.accountId()));
        item.put(TableDefinitions.VENDOR_ACCOUNT, s(vendorAccount(account.adapterId(), account.accountId())));
        item.put(CREDENTIALS, AttributeValue.fromM(credentials));
        client.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public List<String> usersForAccount(String adapterId, String accountId) {
        List<String> users = new ArrayList<>();
        client.queryPaginator(b -> b.tableName(table).indexName(TableDefinitions.VENDOR_ACCOUNT_INDEX)
                        .keyConditionExpression("#v = :v")
                        .expressionAttributeNames(Map.of("#v", TableDefinitions.VENDOR_ACCOUNT))
                        .expressionAttributeValues(Map.of(":v", s(vendorAccount(adapterId, accountId)))))
                .items().forEach(item -> users.add(DynamoItems.string(item, USER_ID, table)));
        return users;
    }

    static String vendorAccount(String adapterId, String accountId) {
        return Objects.requireNonNull(adapterId, "adapterId") + "#" + Objects.requireNonNull(accountId, "accountId");
    }

    private static Map<String, AttributeValue> key(String userId, String adapterId) {
        return Map.of(USER_ID, s(Objects.requireNonNull(userId, "userId")), ADAPTER_ID, s(Objects.requireNonNull(adapterId, "adapterId")));
    }

    private VendorAccount decode(Map<String, AttributeValue> item) {
        Map<String, String> credentials = new HashMap<>();
        AttributeValue stored = item.get(CREDENTIALS);
        if (stored != null && stored.hasM()) {
            stored.m().forEach((name, value) -> {
                if (value.s() == null) {
                    // name the credential, never its value
                    throw new IllegalStateException("credential '" + name + "' of a linked account in table " + table
                            + " is not a string");
                }
                credentials.put(name, value.s());
            });
        }
        return new VendorAccount(DynamoItems.string(item, ADAPTER_ID, table), DynamoItems.string(item, ACCOUNT_ID, table), credentials);
    }
}
