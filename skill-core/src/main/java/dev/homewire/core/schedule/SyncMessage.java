package dev.homewire.core.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.alexa.Json;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The body of a background-sync message, as a user's schedule puts it on the sync queue
 * (EventBridge Scheduler's target input, or the devstack's in-process timer):
 *
 * <pre>
 * {"type":"homewire.sync","version":1,"userId":"..."}
 * </pre>
 *
 * Same conventions as {@link dev.homewire.core.queue.sqs.QueueMessages}: a wrong type or version
 * is refused with an {@link IllegalArgumentException} naming what is wrong, never echoing the body.
 */
public final class SyncMessage {
    public static final String TYPE = "homewire.sync";
    public static final int VERSION = 1;

    private SyncMessage() {
    }

    public static String toJson(String userId) {
        Objects.requireNonNull(userId, "userId");
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("userId must not be empty");
        }
        ObjectNode json = Json.object();
        json.put("type", TYPE);
        json.put("version", VERSION);
        json.put("userId", userId);
        return Json.write(json);
    }

    /** The user whose devices to sync. */
    public static String userIdFromJson(String body) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("malformed " + TYPE + " message: empty body");
        }
        JsonNode json;
        try {
            json = Json.read(body);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("malformed " + TYPE + " message: not JSON (" + body.length() + " characters)", e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("malformed " + TYPE + " message: not a JSON object");
        }
        JsonNode type = json.get("type");
        if (type == null || !type.isTextual()) {
            throw new IllegalArgumentException("malformed " + TYPE + " message: no 'type'");
        }
        if (!TYPE.equals(type.asText())) {
            throw new IllegalArgumentException("expected a " + TYPE + " message, got type '" + type.asText() + "'");
        }
        JsonNode version = json.get("version");
        if (version == null || !version.isIntegralNumber() || version.intValue() != VERSION) {
            throw new IllegalArgumentException("unsupported " + TYPE + " message version " + version + ", expected " + VERSION);
        }
        JsonNode userId = json.get("userId");
        if (userId == null || !userId.isTextual() || userId.asText().isEmpty()) {
            throw new IllegalArgumentException("malformed " + TYPE + " message: field 'userId' must be a non-empty string");
        }
        return userId.asText();
    }
}
