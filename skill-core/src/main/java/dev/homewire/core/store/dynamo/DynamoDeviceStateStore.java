package dev.homewire.core.store.dynamo;

import static dev.homewire.core.store.dynamo.DynamoItems.n;
import static dev.homewire.core.store.dynamo.DynamoItems.s;
import static dev.homewire.core.store.dynamo.TableDefinitions.ENDPOINT_ID;
import static dev.homewire.core.store.dynamo.TableDefinitions.USER_ID;

import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.core.store.DeviceJson;
import dev.homewire.core.store.DeviceStateStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Last known device state in DynamoDB (PK {@code userId}, SK {@code endpointId}). Attributes:
 * {@code observedAt} (epoch millis, the ordering key of the conditional write) and {@code state}
 * (JSON, see {@link DeviceJson}; its {@code observedAt} is the same instant).
 */
public final class DynamoDeviceStateStore implements DeviceStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDeviceStateStore.class);
    static final String OBSERVED_AT = "observedAt";
    static final String STATE = "state";
    /** Writes unless a later observation is stored; equal times overwrite (same observation, maybe more detail). */
    static final String NOT_OLDER = "attribute_not_exists(#u) OR #o <= :new";

    private final DynamoDbClient client;
    private final String table;

    public DynamoDeviceStateStore(DynamoDbClient client, String table) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public Optional<DeviceState> get(String userId, String endpointId) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(table).key(key(userId, endpointId)).consistentRead(true)).item();
        return Optional.ofNullable(decode(item, userId, endpointId));
    }

    /**
     * One conditional PutItem. When a later state is stored, answers {@code written=false} with
     * that state: taken from the failed write where the server returns it
     * ({@code ReturnValuesOnConditionCheckFailure}), else read again.
     */
    @Override
    public PutResult put(String userId, String endpointId, DeviceState state) {
        Objects.requireNonNull(state, "state");
        long observedAt = state.observedAt().toEpochMilli();
        Map<String, AttributeValue> item = new HashMap<>(key(userId, endpointId));
        item.put(OBSERVED_AT, n(observedAt));
        item.put(STATE, s(DeviceJson.writeState(state)));
        try {
            PutItemResponse response = client.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression(NOT_OLDER)
                    .expressionAttributeNames(Map.of("#u", USER_ID, "#o", OBSERVED_AT))
                    .expressionAttributeValues(Map.of(":new", n(observedAt)))
                    .returnValues(ReturnValue.ALL_OLD)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new PutResult(true, response.hasAttributes() ? decode(response.attributes(), userId, endpointId) : null);
        } catch (ConditionalCheckFailedException newerStored) {
            DeviceState current = newerStored.hasItem() && !newerStored.item().isEmpty()
                    ? decode(newerStored.item(), userId, endpointId)
                    : get(userId, endpointId).orElse(null);
            LOG.debug("state of {}/{} observed at {} not stored: a later one is", userId, endpointId, state.observedAt());
            return new PutResult(false, current);
        }
    }

    private static Map<String, AttributeValue> key(String userId, String endpointId) {
        return Map.of(USER_ID, s(Objects.requireNonNull(userId, "userId")), ENDPOINT_ID, s(Objects.requireNonNull(endpointId, "endpointId")));
    }

    private DeviceState decode(Map<String, AttributeValue> item, String userId, String endpointId) {
        if (item == null || item.isEmpty()) {
            return null;
        }
        try {
            return DeviceJson.readState(DynamoItems.string(item, STATE, table));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("state of endpoint " + endpointId + " of user " + userId + " in table " + table
                    + ": " + e.getMessage(), e);
        }
    }
}
