package dev.homewire.core.queue.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.alexa.Json;
import dev.homewire.core.pending.DeadlineCheck;
import dev.homewire.core.pending.PollRequest;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.QueuedDirective;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The SQS message bodies: self-contained JSON objects, each with a {@code type} and a
 * {@code version}, so a message on the wrong queue or from an incompatible release is refused
 * with a clear error instead of being half-read. Instants are epoch milliseconds.
 *
 * <pre>
 * {"type":"homewire.directive","version":1,"userId":..,"endpointId":..,"adapterId":..,"deviceId":..,
 *  "receivedAt":1700000000000,"deadline":1700000007000,"directive":{...}}
 * {"type":"homewire.outbound-event","version":1,"userId":..,"message":{...}}
 * {"type":"homewire.poll-request","version":1,"userId":..,"endpointId":..,"correlationToken":..,"attempt":1}
 * </pre>
 *
 * Reading throws {@link IllegalArgumentException} naming what is wrong, never echoing the body.
 */
public final class QueueMessages {
    public static final String DIRECTIVE_TYPE = "homewire.directive";
    public static final String OUTBOUND_EVENT_TYPE = "homewire.outbound-event";
    public static final String POLL_REQUEST_TYPE = "homewire.poll-request";
    public static final String DEADLINE_CHECK_TYPE = "homewire.deadline-check";
    public static final int VERSION = 1;

    private QueueMessages() {
    }

    public static String toJson(QueuedDirective directive) {
        ObjectNode json = header(DIRECTIVE_TYPE);
        json.put("userId", directive.userId());
        json.put("endpointId", directive.endpointId());
        json.put("adapterId", directive.adapterId());
        json.put("deviceId", directive.deviceId());
        json.put("receivedAt", directive.receivedAt().toEpochMilli());
        json.put("deadline", directive.deadline().toEpochMilli());
        json.set("directive", directive.directive());
        return Json.write(json);
    }

    public static QueuedDirective directiveFromJson(String body) {
        JsonNode json = parse(body, DIRECTIVE_TYPE);
        return new QueuedDirective(text(json, "userId"), text(json, "endpointId"), text(json, "adapterId"), text(json, "deviceId"),
                object(json, "directive"), instant(json, "receivedAt"), instant(json, "deadline"));
    }

    public static String toJson(OutboundEvent event) {
        ObjectNode json = header(OUTBOUND_EVENT_TYPE);
        json.put("userId", event.userId());
        json.set("message", event.message());
        return Json.write(json);
    }

    public static OutboundEvent eventFromJson(String body) {
        JsonNode json = parse(body, OUTBOUND_EVENT_TYPE);
        return new OutboundEvent(text(json, "userId"), object(json, "message"));
    }

    public static String toJson(DeadlineCheck check) {
        ObjectNode json = header(DEADLINE_CHECK_TYPE);
        json.put("userId", check.userId());
        json.put("endpointId", check.endpointId());
        json.put("correlationToken", check.correlationToken());
        return Json.write(json);
    }

    public static DeadlineCheck deadlineCheckFromJson(String body) {
        JsonNode json = parse(body, DEADLINE_CHECK_TYPE);
        return new DeadlineCheck(text(json, "userId"), text(json, "endpointId"), text(json, "correlationToken"));
    }

    public static String toJson(PollRequest request) {
        ObjectNode json = header(POLL_REQUEST_TYPE);
        json.put("userId", request.userId());
        json.put("endpointId", request.endpointId());
        json.put("correlationToken", request.correlationToken());
        json.put("attempt", request.attempt());
        return Json.write(json);
    }

    public static PollRequest pollRequestFromJson(String body) {
        JsonNode json = parse(body, POLL_REQUEST_TYPE);
        JsonNode attempt = json.get("attempt");
        if (attempt == null || !attempt.isIntegralNumber() || !attempt.canConvertToInt() || attempt.intValue() < 1) {
            throw new IllegalArgumentException("malformed " + POLL_REQUEST_TYPE + " message: field 'attempt' must be an integer >= 1");
        }
        return new PollRequest(text(json, "userId"), text(json, "endpointId"), text(json, "correlationToken"), attempt.intValue());
    }

    private static ObjectNode header(String type) {
        ObjectNode json = Json.object();
        json.put("type", type);
        json.put("version", VERSION);
        return json;
    }

    private static JsonNode parse(String body, String type) {
        if (body == null || body.isBlank()) {
            throw new IllegalArgumentException("malformed " + type + " message: empty body");
        }
        JsonNode json;
        try {
            json = Json.read(body);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("malformed " + type + " message: not JSON (" + body.length() + " characters)", e);
        }
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("malformed " + type + " message: not a JSON object");
        }
        JsonNode actualType = json.get("type");
        if (actualType == null || !actualType.isTextual()) {
            throw new IllegalArgumentException("malformed " + type + " message: no 'type'");
        }
        if (!type.equals(actualType.asText())) {
            throw new IllegalArgumentException("expected a " + type + " message, got type '" + actualType.asText() + "'");
        }
        JsonNode version = json.get("version");
        if (version == null || !version.isIntegralNumber() || version.intValue() != VERSION) {
            throw new IllegalArgumentException("unsupported " + type + " message version " + version + ", expected " + VERSION);
        }
        return json;
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new IllegalArgumentException("malformed " + json.get("type").asText() + " message: field '" + field
                    + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static ObjectNode object(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException("malformed " + json.get("type").asText() + " message: field '" + field
                    + "' must be a JSON object");
        }
        return (ObjectNode) value;
    }

    private static Instant instant(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("malformed " + json.get("type").asText() + " message: field '" + field
                    + "' must be epoch milliseconds");
        }
        return Instant.ofEpochMilli(value.longValue());
    }
}
