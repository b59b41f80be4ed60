package dev.homewire.core.store.dynamo;

import static dev.homewire.core.store.dynamo.DynamoItems.s;
import static dev.homewire.core.store.dynamo.TableDefinitions.ENDPOINT_ID;
import static dev.homewire.core.store.dynamo.TableDefinitions.USER_ID;

import dev.homewire.core.store.DeviceJson;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.store.EndpointRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Discovered endpoints in DynamoDB (PK {@code userId}, SK {@code endpointId}). Attributes:
 * {@code adapterId}, {@code deviceId}, {@code device} (JSON, see {@link DeviceJson}).
 */
public final class DynamoEndpointRegistry implements EndpointRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoEndpointRegistry.class);
    static final String ADAPTER_ID = "adapterId";
    static final String DEVICE_ID = "deviceId";
    static final String DEVICE = "device";

    private final DynamoDbClient client;
    private final String table;

    public DynamoEndpointRegistry(DynamoDbClient client, String table) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
    }

    /**
     * Writes every given endpoint (BatchWriteItem, 25 per call, unprocessed items retried), then
     * deletes the user's stored endpoints that are not among them. Writing first means a failure
     * half-way leaves stale endpoints rather than missing ones. If the list names an endpoint id
     * twice, the last record wins.
     *
     * @throws IllegalArgumentException if a record belongs to another user
     */
    @Override
    public void replaceAll(String userId, List<EndpointRecord> endpoints) {
        replace(userId, null, endpoints);
    }

    /**
     * As {@link #replaceAll}, for the endpoints of one adapter: the user's items are queried (ids and
     * adapters only) to find that adapter's stale ones; the other adapters' items are not written.
     */
    @Override
    public void replaceAdapter(String userId, String adapterId, List<EndpointRecord> endpoints) {
        replace(userId, Objects.requireNonNull(adapterId, "adapterId"), endpoints);
    }

    /** Writes the wanted endpoints, then deletes the stored ones of {@code adapterId} (any adapter when null) not wanted. */
    private void replace(String userId, String adapterId, List<EndpointRecord> endpoints) {
        Objects.requireNonNull(userId, "userId");
        Map<String, EndpointRecord> wanted = new LinkedHashMap<>();
        for (EndpointRecord record : endpoints) {
            if (!record.userId().equals(userId)) {
                throw new IllegalArgumentException("endpoint " + record.endpointId() + " belongs to another user than " + userId);
            }
            if (adapterId != null && !record.adapterId().equals(adapterId)) {
                throw new IllegalArgumentException("endpoint " + record.endpointId() + " belongs to another adapter than " + adapterId);
            }
            wanted.put(record.endpointId(), record);
        }
        List<WriteRequest> puts = new ArrayList<>(wanted.size());
        wanted.values().forEach(record -> puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(encode(record)).build()).build()));
        DynamoItems.batchWrite(client, table, puts);

        List<WriteRequest> deletes = new ArrayList<>();
        for (Map.Entry<String, String> stored : storedEndpointAdapters(userId).entrySet()) {
            boolean ours = adapterId == null || adapterId.equals(stored.getValue());
            if (ours && !wanted.containsKey(stored.getKey())) {
                deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key(userId, stored.getKey())).build()).build());
            }
        }
        DynamoItems.batchWrite(client, table, deletes);
        LOG.debug("endpoints of user {}{}: {} stored, {} removed", userId, adapterId == null ? "" : " at " + adapterId,
                puts.size(), deletes.size());
    }

    @Override
    public Optional<EndpointRecord> find(String userId, String endpointId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(key(userId, endpointId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(decode(item));
    }

    @Override
    public List<EndpointRecord> list(String userId) {
        List<EndpointRecord> records = new ArrayList<>();
        client.queryPaginator(byUser(userId).build()).items().forEach(item -> records.add(decode(item)));
        return records;
    }

    /** The user's stored endpoint ids and the adapter of each. */
    private Map<String, String> storedEndpointAdapters(String userId) {
        Map<String, String> adapters = new LinkedHashMap<>();
        client.queryPaginator(byUser(userId).projectionExpression("#e, #a")
                        .expressionAttributeNames(Map.of("#u", USER_ID, "#e", ENDPOINT_ID, "#a", ADAPTER_ID)).build())
                .items().forEach(item -> adapters.put(DynamoItems.string(item, ENDPOINT_ID, table), DynamoItems.string(item, ADAPTER_ID, table)));
        return adapters;
    }

    private QueryRequest.Builder byUser(String userId) {
        return QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", USER_ID))
                .expressionAttributeValues(Map.of(":u", s(Objects.requireNonNull(userId, "userId"))));
    }

    private static Map<String, AttributeValue> key(String userId, String endpointId) {
        return Map.of(USER_ID, s(Objects.requireNonNull(userId, "userId")), ENDPOINT_ID, s(Objects.requireNonNull(endpointId, "endpointId")));
    }

    private static Map<String, AttributeValue> encode(EndpointRecord record) {
        Map<String, AttributeValue> item = new HashMap<>(key(record.userId(), record.endpointId()));
        item.put(ADAPTER_ID, s(record.adapterId()));
        item.put(DEVICE_ID, s(record.deviceId()));
        item.put(DEVICE, s(DeviceJson.writeDevice(record.device())));
        return item;
    }

    private EndpointRecord decode(Map<String, AttributeValue> item) {
        String userId = DynamoItems.string(item, USER_ID, table);
        String endpointId = DynamoItems.string(item, ENDPOINT_ID, table);
        try {
            return new EndpointRecord(userId, endpointId, DynamoItems.string(item, ADAPTER_ID, table),
                    DynamoItems.string(item, DEVICE_ID, table), DeviceJson.readDevice(DynamoItems.string(item, DEVICE, table)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("endpoint " + endpointId + " of user " + userId + " in table " + table + ": " + e.getMessage(), e);
        }
    }
}
