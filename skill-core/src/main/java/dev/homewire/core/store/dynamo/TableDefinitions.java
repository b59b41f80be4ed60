package dev.homewire.core.store.dynamo;

import dev.homewire.core.config.HomewireConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * The DynamoDB tables as in production: names from {@link HomewireConfig}, on-demand billing,
 * string keys. The devstack and the integration tests create them with {@link #createAll};
 * {@code template.yaml} must mirror {@link #all}.
 *
 * <table>
 *   <caption>Tables</caption>
 *   <tr><th>table</th><th>partition key</th><th>sort key</th><th>TTL attribute</th></tr>
 *   <tr><td>grants</td><td>userId</td><td></td><td></td></tr>
 *   <tr><td>endpoints</td><td>userId</td><td>endpointId</td><td></td></tr>
 *   <tr><td>device-state</td><td>userId</td><td>endpointId</td><td></td></tr>
 *   <tr><td>linked-accounts</td><td>userId</td><td>adapterId</td><td></td></tr>
 *   <tr><td>directive-claims</td><td>directiveKey</td><td></td><td>expiresAt (epoch seconds)</td></tr>
 *   <tr><td>pending-operations</td><td>endpointKey</td><td>correlationToken</td><td>expiresAt (epoch seconds)</td></tr>
 *   <tr><td>delivered-events</td><td>messageId</td><td></td><td>expiresAt (epoch seconds)</td></tr>
 *   <tr><td>delivered-samples</td><td>userId</td><td>endpointId</td><td>expiresAt (epoch seconds)</td></tr>
 *   <tr><td>vendor-status</td><td>adapterId</td><td></td><td></td></tr>
 * </table>
 * Linked accounts also have the global secondary index {@value #VENDOR_ACCOUNT_INDEX} on
 * {@code vendorAccount} ({@code adapterId#accountId}), all attributes projected.
 */
public final class TableDefinitions {
    private static final Logger LOG = LoggerFactory.getLogger(TableDefinitions.class);

    public static final String USER_ID = "userId";
    public static final String ENDPOINT_ID = "endpointId";
    public static final String ADAPTER_ID = "adapterId";
    /** Directive claims' key: {@link dev.homewire.core.store.DirectiveClaims#keyOf}. */
    public static final String DIRECTIVE_KEY = "directiveKey";
    public static final String MESSAGE_ID = "messageId";
    /** TTL attribute of the directive-claims, pending-operations, delivered-events and delivered-samples tables, epoch seconds. */
    public static final String EXPIRES_AT = "expiresAt";
    /** Pending operations' partition key: {@code userId#endpointId}. */
    public static final String ENDPOINT_KEY = "endpointKey";
    public static final String CORRELATION_TOKEN = "correlationToken";
    /** Linked accounts' {@code adapterId#accountId}, the key of {@link #VENDOR_ACCOUNT_INDEX}. */
    public static final String VENDOR_ACCOUNT = "vendorAccount";
    /** Index of linked accounts by vendor account, to route a vendor's push to its users. */
    public static final String VENDOR_ACCOUNT_INDEX = "vendorAccount-index";

    private static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);

    private TableDefinitions() {
    }

    /** One CreateTable request per table, in a stable order. */
    public static List<CreateTableRequest> all(HomewireConfig config) {
        return List.of(
                table(config.grantsTable(), USER_ID, null),
                table(config.endpointsTable(), USER_ID, ENDPOINT_ID),
                table(config.deviceStateTable(), USER_ID, ENDPOINT_ID),
                withIndex(table(config.linkedAccountsTable(), USER_ID, ADAPTER_ID), VENDOR_ACCOUNT_INDEX, VENDOR_ACCOUNT),
                table(config.directiveClaimsTable(), DIRECTIVE_KEY, null),
                table(config.pendingOperationsTable(), ENDPOINT_KEY, CORRELATION_TOKEN),
                table(config.deliveredEventsTable(), MESSAGE_ID, null),
                table(config.deliveredSamplesTable(), USER_ID, ENDPOINT_ID),
                table(config.vendorStatusTable(), ADAPTER_ID, null));
    }

    /** Tables whose items expire: table name to its TTL attribute. */
    public static Map<String, String> timeToLiveAttributes(HomewireConfig config) {
        return Map.of(config.directiveClaimsTable(), EXPIRES_AT, config.pendingOperationsTable(), EXPIRES_AT,
                config.deliveredEventsTable(), EXPIRES_AT, config.deliveredSamplesTable(), EXPIRES_AT);
    }

    /**
     * Creates the tables that do not exist yet, waits until every table is ACTIVE, checks that
     * existing tables have the expected key schema, and enables TTL where the server supports it
     * (dynalite does not; that is logged and tolerated).
     *
     * @throws IllegalStateException if an existing table has another key schema, or a table does not become ACTIVE
     */
    public static void createAll(DynamoDbClient client, HomewireConfig config) {
        List<CreateTableRequest> tables = all(config);
        Set<String> existing = new HashSet<>();
        client.listTablesPaginator().tableNames().forEach(existing::add);
        for (CreateTableRequest request : tables) {
            if (existing.contains(request.tableName())) {
                continue;
            }
            try {
                client.createTable(request);
                LOG.info("created DynamoDB table {}", request.tableName());
            } catch (ResourceInUseException createdMeanwhile) {
                LOG.debug("table {} was created concurrently", request.tableName());
            }
        }
        for (CreateTableRequest request : tables) {
            TableDescription table = awaitActive(client, request.tableName());
            if (!new HashSet<>(table.keySchema()).equals(new HashSet<>(request.keySchema()))) {
                throw new IllegalStateException("table " + request.tableName() + " exists with key schema " + table.keySchema()
                        + ", expected " + request.keySchema());
            }
        }
        timeToLiveAttributes(config).forEach((table, attribute) -> enableTimeToLive(client, table, attribute));
    }

    private static CreateTableRequest table(String name, String partitionKey, String sortKey) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        attributes.add(AttributeDefinition.builder().attributeName(partitionKey).attributeType(ScalarAttributeType.S).build());
        keys.add(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build());
        if (sortKey != null) {
            attributes.add(AttributeDefinition.builder().attributeName(sortKey).attributeType(ScalarAttributeType.S).build());
            keys.add(KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
        }
        return CreateTableRequest.builder()
                .tableName(name)
                .attributeDefinitions(attributes)
                .keySchema(keys)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build();
    }

    /** Adds a global secondary index (hash key only, all attributes projected). */
    private static CreateTableRequest withIndex(CreateTableRequest table, String indexName, String hashKey) {
        List<AttributeDefinition> attributes = new ArrayList<>(table.attributeDefinitions());
        attributes.add(AttributeDefinition.builder().attributeName(hashKey).attributeType(ScalarAttributeType.S).build());
        return table.toBuilder()
                .attributeDefinitions(attributes)
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(indexName)
                        .keySchema(KeySchemaElement.builder().attributeName(hashKey).keyType(KeyType.HASH).build())
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .build();
    }

    private static TableDescription awaitActive(DynamoDbClient client, String tableName) {
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        Duration pause = Duration.ofMillis(100);
        while (true) {
            TableDescription table = client.describeTable(b -> b.tableName(tableName)).table();
            if (table.tableStatus() == TableStatus.ACTIVE) {
                return table;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("table " + tableName + " still " + table.tableStatusAsString() + " after "
                        + ACTIVE_TIMEOUT.toMinutes() + " min");
            }
            DynamoItems.sleep(pause);
            pause = pause.compareTo(Duration.ofSeconds(2)) < 0 ? pause.multipliedBy(2) : pause;
        }
    }

    private static void enableTimeToLive(DynamoDbClient client, String table, String attribute) {
        try {
            var current = client.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
            if ((current.timeToLiveStatus() == TimeToLiveStatus.ENABLED || current.timeToLiveStatus() == TimeToLiveStatus.ENABLING)
                    && attribute.equals(current.attributeName())) {
                return;
            }
            client.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.enabled(true).attributeName(attribute)));
            LOG.info("enabled TTL on {}.{}", table, attribute);
        } catch (DynamoDbException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if ("UnknownOperationException".equals(code)) {
                // dynalite: no UpdateTimeToLive; expired items simply stay (readers check expiresAt themselves)
                LOG.info("this DynamoDB server does not support TTL; {}.{} items will not expire", table, attribute);
            } else if ("ValidationException".equals(code) && String.valueOf(e.getMessage()).contains("already enabled")) {
                LOG.debug("TTL on {} already enabled", table);
            } else {
                throw e;
            }
        }
    }
}
