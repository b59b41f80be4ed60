package dev.homewire.adapters.lumio;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.adapter.spi.http.VendorHttp;
import dev.homewire.adapter.spi.http.VendorHttp.Answer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference {@link InteractionStyle#SYNC} adapter: the Lumio light cloud
 * (docs/vendors/lumio-cloud-api.md). Commands are {@code PUT /v1/devices/id:<id>/state} and
 * answer the device's resulting state; state queries are {@code GET /v1/devices/id:<id>}.
 *
 * <p>Calls go through {@link VendorHttp}: each is bounded by the context's call timeout twice over
 * (as the request's connection-request and response timeouts, and as a hard deadline that cancels
 * the exchange, which also caps retries the shared client may make), and HTTP failures become
 * typed {@link AdapterException}s (Lumio's own: {@code 422 value_out_of_range} with a range is
 * {@link Reason#VALUE_OUT_OF_RANGE}, any other 422 {@link Reason#INVALID_VALUE}). The account's
 * {@code accessToken} is sent as a bearer token and never appears in exception messages or logs.
 */
public final class LumioAdapter implements DeviceAdapter {

    public static final String ID = "lumio";
    /** The {@link VendorAccount} credential holding the Lumio OAuth access token. */
    public static final String ACCESS_TOKEN = "accessToken";

    private static final Logger LOG = LoggerFactory.getLogger(LumioAdapter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final VendorHttp http;

    /**
     * @param baseUrl     where the Lumio API lives, without {@code /v1} (e.g. {@code https://api.lumio.example})
     * @param httpClient  shared client; not closed by the adapter
     * @param callTimeout upper bound of one call to the Lumio cloud
     */
    public LumioAdapter(URI baseUrl, CloseableHttpClient httpClient, Duration callTimeout) {
        this.http = VendorHttp.builder("Lumio", baseUrl, httpClient, callTimeout)
                .auth(VendorHttp.Auth.bearer(ACCESS_TOKEN))
                // Lumio's own error answers: a 422 is a value the device refuses, with its range when Lumio names one
                .errors(VendorHttp::unprocessable)
                .logger(LOG)
                .build();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public InteractionStyle interactionStyle() {
        return InteractionStyle.SYNC;
    }

    /** Lumio never pushes; changes made outside Alexa are only seen by asking again. */
    @Override
    public Duration stateFreshness() {
        return Duration.ofSeconds(10);
    }

    @Override
    public Duration typicalCommandLatency() {
        return Duration.ofSeconds(1);
    }

    @Override
    public List<Device> discover(VendorAccount account) throws AdapterException {
        String what = "discovery for account " + account.accountId();
        JsonNode body = http.readJson(http.call(account, new HttpGet(http.uri("/v1/devices")), what), what);
        if (!body.isArray()) {
            throw http.unreadable(what, "expected a JSON array");
        }
        List<Device> devices = new ArrayList<>();
        for (JsonNode device : body) {
            try {
                devices.add(LumioMapping.toDevice(device));
            } catch (IllegalArgumentException malformed) {
                LOG.warn("Skipping a malformed Lumio device of account {}: {}", account.accountId(), malformed.getMessage());
            }
        }
        LOG.debug("Lumio account {} has {} devices", account.accountId(), devices.size());
        return List.copyOf(devices);
    }

    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) throws AdapterException {
        requireDeviceId(deviceId);
        Objects.requireNonNull(command, "command");
        String what = command.getClass().getSimpleName() + " on Lumio device " + deviceId;
        String body;
        try {
            body = MAPPER.writeValueAsString(LumioMapping.commandBody(command));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw new AdapterException(Reason.INVALID_VALUE, what + ": " + e.getMessage());
        }
        HttpPut put = new HttpPut(http.uri("/v1/devices/" + selector(deviceId) + "/state"));
        put.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        Answer answer = http.call(account, put, what);
        JsonNode result = resultFor(http.readJson(answer, what).path("results"), deviceId, what);
        String status = result.path("status").asText("");
        switch (status) {
            case "ok":
                if (!result.path("state").isObject()) {
                    throw http.unreadable(what, "result 'ok' without the resulting state");
                }
                try {
                    return new CommandResult.Completed(
                            LumioMapping.toState(result.path("state"), true, result.path("seen_at"), answer.receivedAt()));
                } catch (IllegalArgumentException e) {
                    throw http.unreadable(what, e.getMessage());
                }
            case "offline":
                throw new AdapterException(Reason.DEVICE_OFFLINE, "Lumio device " + deviceId + " is offline"
                        + (result.path("seen_at").isTextual() ? " (last seen " + result.path("seen_at").asText() + ")" : ""));
            default:
                throw new AdapterException(Reason.VENDOR_ERROR,
                        what + ": Lumio answered result status '" + VendorHttp.truncate(status) + "'");
        }
    }

    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) throws AdapterException {
        requireDeviceId(deviceId);
        String what = "state query of Lumio device " + deviceId;
        Answer answer = http.call(account, new HttpGet(http.uri("/v1/devices/" + selector(deviceId))), what);
        JsonNode device = resultFor(http.readJson(answer, what), deviceId, what);
        if (!device.path("connected").isBoolean()) {
            throw http.unreadable(what, "device without 'connected'");
        }
        try {
            return LumioMapping.toState(device.path("state"), device.path("connected").booleanValue(),
                    device.path("seen_at"), answer.receivedAt());
        } catch (IllegalArgumentException e) {
            throw http.unreadable(what, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ HTTP

    /** The element of an array answer that concerns the device. */
    private JsonNode resultFor(JsonNode array, String deviceId, String what) {
        if (!array.isArray()) {
            throw http.unreadable(what, "expected a JSON array");
        }
        for (JsonNode element : array) {
            if (deviceId.equals(element.path("id").asText(null))) {
                return element;
            }
        }
        throw http.unreadable(what, "no entry for the device in the answer");
    }

    /** The selector path segment for one device: {@code id:<deviceId>}, percent-encoded. */
    static String selector(String deviceId) {
        return "id:" + VendorHttp.pathSegment(deviceId);
    }

    private static void requireDeviceId(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new AdapterException(Reason.DEVICE_NOT_FOUND, "no Lumio device id given");
        }
    }
}
