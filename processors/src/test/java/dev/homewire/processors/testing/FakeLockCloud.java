package dev.homewire.processors.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.DeviceEvent;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.PushNotifications;
import dev.homewire.adapter.spi.UpdateCause;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.adapter.spi.WebhookRejectedException;
import dev.homewire.adapter.spi.WebhookRequest;
import dev.homewire.alexa.Json;
import dev.homewire.core.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A lock vendor cloud in memory that answers commands with 202 ({@link CommandResult.Accepted},
 * references {@code op-1}, {@code op-2}, …) and, as {@link InteractionStyle#ASYNC_PUSH}, reports
 * outcomes on a webhook signed like real vendors sign theirs: header {@code X-Lockco-Timestamp}
 * (epoch seconds) and {@code X-Lockco-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>},
 * deliveries older than five minutes refused. Body:
 * <pre>{"account":"acct-1","events":[{"device":"lock-1","lockState":"LOCKED","online":true,
 *   "cause":"COMMAND_RESULT","operation":"op-1","error":"DEVICE_BUSY","observedAt":1700000000000}]}</pre>
 * An event with {@code "devicesChanged": true} says the account's device list changed.
 */
public final class FakeLockCloud extends FakeVendorCloud {
    public static final String ID = "lockco";
    public static final String SECRET = "webhook-secret";
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final InteractionStyle style;
    private final AtomicInteger operations = new AtomicInteger();
    public final List<DeviceCommand> executed = new CopyOnWriteArrayList<>();
    public volatile boolean answerCompleted;
    /** Runs inside execute, after the vendor accepted: e.g. a push that overtakes the processor. */
    public volatile Runnable onAccepted;

    public FakeLockCloud(MutableClock clock, InteractionStyle style) {
        super(ID, style, Duration.ofMinutes(5), Duration.ofSeconds(3), clock, Duration.ofMillis(100));
        this.style = style;
    }

    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) {
        executed.add(command);
        call();
        if (answerCompleted) {
            DeviceState.Builder next = existing(deviceId).toBuilder().observedAt(clock.instant());
            applyCommand(next, command);
            return new CommandResult.Completed(save(deviceId, next.build()));
        }
        existing(deviceId);
        CommandResult.Accepted accepted = new CommandResult.Accepted("op-" + operations.incrementAndGet());
        Runnable hook = onAccepted;
        if (hook != null) {
            hook.run();
        }
        return accepted;
    }

    @Override
    public Optional<PushNotifications> push() {
        return style == InteractionStyle.ASYNC_PUSH ? Optional.of(this::parseWebhook) : Optional.empty();
    }

    // --- the webhook ---------------------------------------------------------------------------

    List<DeviceUpdate> parseWebhook(WebhookRequest request) throws WebhookRejectedException {
        String timestamp = request.header("X-Lockco-Timestamp").orElseThrow(() -> WebhookRejectedException.unauthorized("unsigned"));
        String signature = request.header("X-Lockco-Signature").orElseThrow(() -> WebhookRejectedException.unauthorized("unsigned"));
        byte[] body = request.body();
        byte[] expected = ("v1=" + sign(SECRET, timestamp, body)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            throw WebhookRejectedException.unauthorized("bad signature");
        }
        Instant sentAt;
        try {
            sentAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        } catch (NumberFormatException e) {
            throw WebhookRejectedException.unauthorized("bad timestamp");
        }
        if (Duration.between(sentAt, request.receivedAt()).abs().compareTo(TOLERANCE) > 0) {
            throw WebhookRejectedException.unauthorized("stale delivery");
        }
        try {
            JsonNode json = Json.read(body);
            String account = json.get("account").asText();
            List<DeviceUpdate> updates = new ArrayList<>();
            for (JsonNode event : json.get("events")) {
                DeviceState state = null;
                if (event.has("lockState") || event.has("online")) {
                    DeviceState.Builder b = DeviceState.builder().observedAt(Instant.ofEpochMilli(event.get("observedAt").asLong()));
                    if (event.has("lockState")) {
                        b.lockState(LockState.valueOf(event.get("lockState").asText()));
                    }
                    b.connectivity(event.path("online").asBoolean(true) ? Connectivity.OK : Connectivity.UNREACHABLE);
                    state = b.build();
                }
                AdapterException failure = event.has("error")
                        ? new AdapterException(AdapterException.Reason.valueOf(event.get("error").asText()), "vendor reports failure")
                        : null;
                List<DeviceEvent> events = event.path("devicesChanged").asBoolean(false)
                        ? List.of(new DeviceEvent.DevicesChanged(Instant.ofEpochMilli(event.get("observedAt").asLong()))) : List.of();
                updates.add(new DeviceUpdate(account, event.get("device").asText(), state,
                        UpdateCause.valueOf(event.get("cause").asText()), event.path("operation").textValue(), failure, null, events));
            }
            return updates;
        } catch (RuntimeException e) {
            throw WebhookRejectedException.malformed("unreadable body");
        }
    }

    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A delivery as the vendor sends it: signed with the shared secret, sent at {@code sentAt}, received now. */
    public WebhookRequest delivery(String body, Instant sentAt) {
        return signedWith(SECRET, body, sentAt);
    }

    public WebhookRequest signedWith(String secret, String body, Instant sentAt) {
        String timestamp = Long.toString(sentAt.getEpochSecond());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return new WebhookRequest(Map.of("Content-Type", List.of("application/json"),
                "x-lockco-timestamp", List.of(timestamp),
                "X-LOCKCO-SIGNATURE", List.of("v1=" + sign(secret, timestamp, bytes))), bytes, clock.instant());
    }

    public WebhookRequest unsigned(String body) {
        return new WebhookRequest(Map.of("Content-Type", List.of("application/json")), body.getBytes(StandardCharsets.UTF_8),
                clock.instant());
    }

    /** One event for the body of a delivery. */
    public static ObjectNode event(String deviceId, LockState lockState, UpdateCause cause, String operationRef, Instant observedAt) {
        ObjectNode event = Json.object();
        event.put("device", deviceId);
        if (lockState != null) {
            event.put("lockState", lockState.name());
        }
        event.put("cause", cause.name());
        if (operationRef != null) {
            event.put("operation", operationRef);
        }
        event.put("observedAt", observedAt.toEpochMilli());
        return event;
    }

    public static String body(String accountId, ObjectNode... events) {
        ObjectNode body = Json.object();
        body.put("account", accountId);
        ArrayNode array = body.putArray("events");
        for (ObjectNode e : events) {
            array.add(e);
        }
        return Json.write(body);
    }
}
