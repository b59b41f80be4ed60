package dev.homewire.adapters.latchkey;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.LockState;
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
 * The push side of the Latchkey adapter: verifies a webhook delivery and turns its event into
 * {@link DeviceUpdate}s (docs/vendors/latchkey-cloud-api.md, "Webhooks").
 *
 * <p>Verification is {@link WebhookSignatures}'s, before anything is parsed; any failure is a 401:
 * {@code Latchkey-Timestamp} (decimal epoch seconds) within {@link #TOLERANCE} of
 * {@link WebhookRequest#receivedAt()} either way, and one {@code v1=} entry of
 * {@code Latchkey-Signature} equal to the hex HMAC-SHA256 of {@code "<timestamp>.<raw body>"} under
 * one of the configured secrets, compared in constant time.
 * <p>A verified body that is not a well-formed event is a 400. A verified event of a type this
 * adapter does not know yields no update (the delivery is acknowledged, Latchkey does not retry).
 */
public final class LatchkeyWebhooks implements PushNotifications {

    public static final String TIMESTAMP_HEADER = "Latchkey-Timestamp";
    public static final String SIGNATURE_HEADER = "Latchkey-Signature";
    /** How far the signed timestamp may be from the time of receipt, either way. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    static final String OPERATION_COMPLETED = "lock.operation.completed";
    static final String STATE_CHANGED = "lock.state.changed";
    static final String CONNECTIVITY_CHANGED = "lock.connectivity.changed";

    private static final Logger LOG = LoggerFactory.getLogger(LatchkeyWebhooks.class);
    private static final ObjectReader READER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .reader();

    private final WebhookSignatures signatures;

    /**
     * @param secrets the webhook signing secrets (usually one; the new and the old one during a
     *                rotation); each is used as the UTF-8 bytes of the whole string
     */
    public LatchkeyWebhooks(List<String> secrets) {
        this.signatures = WebhookSignatures.builder("Latchkey")
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
            String eventId = VendorJson.requiredText(event, "event_id");
            String type = VendorJson.requiredText(event, "type");
            String accountId = VendorJson.requiredText(event, "account_id");
            String lockId = VendorJson.requiredText(event, "lock_id");
            Instant occurredAt = VendorJson.requiredInstant(event.path("occurred_at"), "occurred_at");
            DeviceUpdate update = switch (type) {
                case OPERATION_COMPLETED -> operationCompleted(event, accountId, lockId, occurredAt);
                case STATE_CHANGED -> stateChanged(event, accountId, lockId, occurredAt);
                case CONNECTIVITY_CHANGED -> connectivityChanged(event, accountId, lockId, occurredAt);
                default -> null;
            };
            if (update == null) {
                LOG.debug("Ignoring Latchkey event {} of unknown type {}", eventId, VendorHttp.truncate(type));
                return List.of();
            }
            LOG.debug("Latchkey event {} ({}) for lock {} of account {}", eventId, type, lockId, accountId);
            return List.of(update);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    /**
     * The outcome of an operation. A jammed lock is a completed operation whose reported state is
     * {@link LockState#JAMMED} (Alexa reports that state, there is no "jammed" error); a lock
     * that dropped off before acting is a {@link Reason#DEVICE_OFFLINE} failure.
     */
    private static DeviceUpdate operationCompleted(JsonNode event, String accountId, String lockId, Instant occurredAt) {
        String operationId = VendorJson.requiredText(event, "operation_id");
        LockState lockState = LatchkeyMapping.lockState(event.path("state"));
        String result = VendorJson.optionalText(event, "result", "succeeded");
        String error = VendorJson.optionalText(event, "error", null);
        DeviceState.Builder state = DeviceState.builder()
                .connectivity(Connectivity.OK)
                .lockState(lockState)
                .observedAt(occurredAt);
        AdapterException failure = null;
        if (!result.equals("succeeded") && !result.equals("failed")) {
            throw new IllegalArgumentException("unknown operation result '" + VendorHttp.truncate(result) + "'");
        }
        if (result.equals("failed") || error != null) {
            String what = "Latchkey operation " + operationId + " on lock " + lockId;
            if (error == null) {
                failure = new AdapterException(Reason.VENDOR_ERROR, what + " failed");
            } else {
                switch (error) {
                    case "jammed" -> {
                        if (lockState != LockState.JAMMED) {
                            throw new IllegalArgumentException("error 'jammed' with state " + lockState);
                        }
                    }
                    case "lock_offline" -> {
                        state.connectivity(Connectivity.UNREACHABLE);
                        failure = new AdapterException(Reason.DEVICE_OFFLINE, what + ": the lock is offline");
                    }
                    case "timeout" -> failure = new AdapterException(Reason.VENDOR_UNAVAILABLE,
                            what + ": the lock did not confirm in time");
                    default -> failure = new AdapterException(Reason.VENDOR_ERROR,
                            what + " failed: " + VendorHttp.truncate(error));
                }
            }
        }
        return new DeviceUpdate(accountId, lockId, state.build(), UpdateCause.COMMAND_RESULT, operationId, failure);
    }

    private static DeviceUpdate stateChanged(JsonNode event, String accountId, String lockId, Instant occurredAt) {
        DeviceState state = DeviceState.builder()
                .connectivity(Connectivity.OK)
                .lockState(LatchkeyMapping.lockState(event.path("state")))
                .observedAt(occurredAt)
                .build();
        return DeviceUpdate.state(accountId, lockId, state, cause(VendorJson.optionalText(event, "source", "")));
    }

    /** Who changed the lock: the bolt by hand or keypad, the lock's own auto-lock rule, or an app. */
    static UpdateCause cause(String source) {
        return switch (source) {
            case "manual", "keypad" -> UpdateCause.PHYSICAL_INTERACTION;
            case "auto_lock" -> UpdateCause.RULE_TRIGGER;
            default -> UpdateCause.APP_INTERACTION; // "app", "remote" (another integration), future sources
        };
    }

    /** The lock dropped off or came back: connectivity, with the (last known) state when given. */
    private static DeviceUpdate connectivityChanged(JsonNode event, String accountId, String lockId, Instant occurredAt) {
        if (!event.path("online").isBoolean()) {
            throw new IllegalArgumentException("connectivity event without boolean 'online'");
        }
        DeviceState.Builder state = DeviceState.builder()
                .connectivity(event.path("online").booleanValue() ? Connectivity.OK : Connectivity.UNREACHABLE)
                .observedAt(occurredAt);
        if (!event.path("state").isMissingNode() && !event.path("state").isNull()) {
            state.lockState(LatchkeyMapping.lockState(event.path("state")));
        }
        return DeviceUpdate.state(accountId, lockId, state.build(), UpdateCause.PERIODIC_POLL);
    }

    private static WebhookRejectedException malformed(String why) {
        LOG.debug("Refusing a signed but malformed Latchkey webhook: {}", why);
        return WebhookRejectedException.malformed("Latchkey webhook malformed: " + why);
    }
}
