package dev.homewire.adapters.aegis;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.CommandOutput;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.DeviceEvent;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.PushNotifications;
import dev.homewire.adapter.spi.UpdateCause;
import dev.homewire.adapter.spi.WebhookRejectedException;
import dev.homewire.adapter.spi.WebhookRequest;
import dev.homewire.adapter.spi.http.VendorHttp;
import dev.homewire.adapter.spi.http.VendorJson;
import dev.homewire.adapter.spi.http.WebhookSignatures;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The push side of the Aegis adapter: verifies a webhook delivery and turns its event into
 * {@link DeviceUpdate}s (docs/vendors/aegis-cloud-api.md, "Webhooks" and "Events").
 *
 * <p>Verification is {@link WebhookSignatures}'s, before anything is parsed; any failure is a 401:
 * {@code Aegis-Timestamp} (decimal epoch seconds) within {@link #TOLERANCE} of
 * {@link WebhookRequest#receivedAt()} either way, and one {@code v1=} entry of
 * {@code Aegis-Signature} equal to the hex HMAC-SHA256 of {@code "<timestamp>.<raw body>"} under
 * one of the configured secrets, compared in constant time.
 * <p>A verified body that is not a well-formed event is a 400. A verified event of a type this
 * adapter does not know yields no update (the delivery is acknowledged, Aegis does not retry).
 */
public final class AegisWebhooks implements PushNotifications {

    public static final String TIMESTAMP_HEADER = "Aegis-Timestamp";
    public static final String SIGNATURE_HEADER = "Aegis-Signature";
    /** How far the signed timestamp may be from the time of receipt, either way. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    static final String DEVICE_STATE = "device.state";
    static final String DEVICE_CONNECTIVITY = "device.connectivity";
    static final String OPERATION_SUCCEEDED = "operation.succeeded";
    static final String OPERATION_FAILED = "operation.failed";
    static final String DOORBELL_PRESSED = "doorbell.pressed";
    static final String DEVICES_CHANGED = "devices.changed";

    private static final Logger LOG = LoggerFactory.getLogger(AegisWebhooks.class);
    private static final ObjectReader READER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    private final WebhookSignatures signatures;

    /**
     * @param secrets the webhook signing secrets (usually one; the new and the old one during a
     *                rotation); each is used as the UTF-8 bytes of the whole string
     */
    public AegisWebhooks(List<String> secrets) {
        this.signatures = WebhookSignatures.builder("Aegis")
                .timestampHeader(TIMESTAMP_HEADER)
                .signatureHeader(SIGNATURE_HEADER)
                .tolerance(TOLERANCE)
                .secrets(secrets)
                .logger(LOG)
                .build();
    }

    @Override
    public List<DeviceUpdate> parseWebhook(WebhookRequest request) throws WebhookRejectedException {
        Objects.requireNonNull(request, "request");
        signatures.verify(request);
        return parse(request.body());
    }

    // ------------------------------------------------------------------ parsing

    /** The head every event has. */
    private record Head(String eventId, String type, String accountId, String deviceId, Instant occurredAt) {
    }

    private static List<DeviceUpdate> parse(byte[] body) throws WebhookRejectedException {
        JsonNode event;
        try {
            event = READER.readTree(body);
        } catch (IOException e) {
            throw malformed("body is not JSON");
        }
        if (event == null || !event.isObject()) {
            throw malformed("body is not a JSON object");
        }
        try {
            Head head = new Head(VendorJson.requiredText(event, "event_id"), VendorJson.requiredText(event, "type"),
                    VendorJson.requiredText(event, "account_id"), VendorJson.requiredText(event, "device_id"),
                    VendorJson.requiredInstant(event.path("occurred_at"), "occurred_at"));
            DeviceUpdate update = switch (head.type()) {
                case DEVICE_STATE -> deviceState(event, head);
                case DEVICE_CONNECTIVITY -> connectivity(event, head);
                case OPERATION_SUCCEEDED -> operationSucceeded(event, head);
                case OPERATION_FAILED -> operationFailed(event, head);
                case DOORBELL_PRESSED -> DeviceUpdate.events(head.accountId(), head.deviceId(), null, UpdateCause.PHYSICAL_INTERACTION,
                        List.of(new DeviceEvent.DoorbellPressed(head.occurredAt())));
                case DEVICES_CHANGED -> devicesChanged(event, head);
                default -> null;
            };
            if (update == null) {
                LOG.debug("Ignoring Aegis event {} of unknown type {}", head.eventId(), VendorHttp.truncate(head.type()));
                return List.of();
            }
            LOG.debug("Aegis event {} ({}) for device {} of account {}", head.eventId(), head.type(), head.deviceId(),
                    head.accountId());
            return List.of(update);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    /** The device's {@code state} object of the event, for its {@code device_type}, with the given connectivity. */
    private static DeviceState state(JsonNode event, Head head, Connectivity connectivity) {
        DeviceState.Builder state = DeviceState.builder().connectivity(connectivity).observedAt(head.occurredAt());
        AegisMapping.putState(state, VendorJson.requiredText(event, "device_type"), event.path("state"));
        return state.build();
    }

    /** A device reported a change: the whole state of the device, with who made it. */
    private static DeviceUpdate deviceState(JsonNode event, Head head) {
        return DeviceUpdate.state(head.accountId(), head.deviceId(), state(event, head, Connectivity.OK),
                cause(VendorJson.optionalText(event, "source", "device")));
    }

    /** Who changed a device: someone at it (a door, a keypad), the Aegis app, or an Aegis automation. */
    static UpdateCause cause(String source) {
        return switch (source) {
            case "device" -> UpdateCause.PHYSICAL_INTERACTION;
            case "automation" -> UpdateCause.RULE_TRIGGER;
            default -> UpdateCause.APP_INTERACTION; // "app", another integration, future sources
        };
    }

    /** The device dropped off or came back (nobody acted: the cloud noticed), with its (last known) state when given. */
    private static DeviceUpdate connectivity(JsonNode event, Head head) {
        Connectivity connectivity = AegisMapping.requiredBoolean(event, "online") ? Connectivity.OK : Connectivity.UNREACHABLE;
        DeviceState state = event.has("state") ? state(event, head, connectivity)
                : DeviceState.builder().connectivity(connectivity).observedAt(head.occurredAt()).build();
        return DeviceUpdate.state(head.accountId(), head.deviceId(), state, UpdateCause.PERIODIC_POLL);
    }

    /** An arm or disarm took effect: the panel's state, and for an arm its exit delay. */
    private static DeviceUpdate operationSucceeded(JsonNode event, Head head) {
        String operationId = VendorJson.requiredText(event, "operation_id");
        String action = action(event);
        CommandOutput output = null;
        if (action.equals("arm")) {
            JsonNode delay = event.path("exit_delay_seconds");
            if (!delay.isMissingNode() && !(delay.isIntegralNumber() && delay.canConvertToInt())) {
                throw new IllegalArgumentException("'exit_delay_seconds' is not an integer");
            }
            output = new CommandOutput.ArmOutcome(delay.isMissingNode() ? null : delay.intValue());
        }
        return new DeviceUpdate(head.accountId(), head.deviceId(), state(event, head, Connectivity.OK), UpdateCause.COMMAND_RESULT,
                operationId, null, output, List.of());
    }

    /**
     * An arm or disarm the panel refused or could not carry out: open sensors
     * ({@link Reason#NOT_READY_TO_ARM}), an alarm that went off meanwhile
     * ({@link Reason#UNCLEARED_ALARM}), the panel gone offline ({@link Reason#DEVICE_OFFLINE}),
     * no confirmation in time ({@link Reason#VENDOR_UNAVAILABLE}), anything else
     * ({@link Reason#VENDOR_ERROR}); with the panel's state when the event carries it.
     */
    private static DeviceUpdate operationFailed(JsonNode event, Head head) {
        String operationId = VendorJson.requiredText(event, "operation_id");
        String action = action(event);
        String error = VendorJson.optionalText(event, "error", "");
        String what = "Aegis " + action + " operation " + operationId + " on panel " + head.deviceId();
        AdapterException failure = switch (error) {
            case "sensors_open" -> new AdapterException(Reason.NOT_READY_TO_ARM,
                    what + ": " + event.path("open_sensors").size() + " contact sensor(s) open and not bypassed");
            case "alarm_active" -> new AdapterException(Reason.UNCLEARED_ALARM, what + ": an alarm is sounding");
            case "device_offline" -> new AdapterException(Reason.DEVICE_OFFLINE, what + ": the panel is offline");
            case "timeout" -> new AdapterException(Reason.VENDOR_UNAVAILABLE, what + ": the panel did not confirm in time");
            default -> new AdapterException(Reason.VENDOR_ERROR,
                    what + " failed" + (error.isEmpty() ? "" : ": " + VendorHttp.truncate(error)));
        };
        DeviceState state = null;
        if (event.has("state")) {
            boolean offline = error.equals("device_offline") || !event.path("online").asBoolean(true);
            state = state(event, head, offline ? Connectivity.UNREACHABLE : Connectivity.OK);
        }
        return new DeviceUpdate(head.accountId(), head.deviceId(), state, UpdateCause.COMMAND_RESULT, operationId, failure);
    }

    /**
     * The account's device list changed in the Aegis app: on the device concerned
     * ({@code changed_device_id}; the reporting panel when absent), no state. Core rediscovers the
     * account, also when that device is one it does not know yet (just paired).
     */
    private static DeviceUpdate devicesChanged(JsonNode event, Head head) {
        String deviceId = event.has("changed_device_id") ? VendorJson.requiredText(event, "changed_device_id") : head.deviceId();
        return DeviceUpdate.events(head.accountId(), deviceId, null, UpdateCause.APP_INTERACTION,
                List.of(new DeviceEvent.DevicesChanged(head.occurredAt())));
    }

    private static String action(JsonNode event) {
        String action = VendorJson.requiredText(event, "action");
        if (!action.equals("arm") && !action.equals("disarm")) {
            throw new IllegalArgumentException("unknown operation action '" + VendorHttp.truncate(action) + "'");
        }
        return action;
    }

    private static WebhookRejectedException malformed(String why) {
        LOG.debug("Refusing a signed but malformed Aegis webhook: {}", why);
        return WebhookRejectedException.malformed("Aegis webhook malformed: " + why);
    }
}
