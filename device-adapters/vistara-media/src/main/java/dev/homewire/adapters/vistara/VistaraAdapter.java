package dev.homewire.adapters.vistara;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.DeviceMode;
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
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InteractionStyle#SYNC} adapter of the Vistara media cloud (TVs and sound bars,
 * docs/vendors/vistara-cloud-api.md). Commands are {@code POST /v2/devices/{id}/commands}, one
 * command per call, answered with the device's resulting state; state queries are
 * {@code GET /v2/devices/{id}}.
 *
 * <p>Calls go through {@link VendorHttp} (per-call timeout and hard deadline, bearer token from the
 * account's {@code accessToken}, never in messages or logs). Vistara's own errors: {@code 409
 * device_offline} is {@link Reason#DEVICE_OFFLINE}; {@code 409 device_off} — the device is in
 * standby and takes nothing but power — is {@link Reason#NOT_SUPPORTED_IN_CURRENT_MODE} with
 * {@link DeviceMode#ASLEEP} (Alexa's mode for a device that is asleep: the user turns it on first);
 * {@code 422 value_out_of_range} with a range is {@link Reason#VALUE_OUT_OF_RANGE}; any other
 * {@code 422} (an unknown channel, input or app, a command the device lacks) is
 * {@link Reason#INVALID_VALUE}.
 */
public final class VistaraAdapter implements DeviceAdapter {

    public static final String ID = "vistara";
    /** The {@link VendorAccount} credential holding the Vistara OAuth access token. */
    public static final String ACCESS_TOKEN = "accessToken";

    private static final Logger LOG = LoggerFactory.getLogger(VistaraAdapter.class);

    private final VendorHttp http;

    /**
     * @param baseUrl     where the Vistara API lives, without {@code /v2} (e.g. {@code https://api.vistara.example})
     * @param httpClient  shared client; not closed by the adapter
     * @param callTimeout upper bound of one call to the Vistara cloud
     */
    public VistaraAdapter(URI baseUrl, CloseableHttpClient httpClient, Duration callTimeout) {
        this.http = VendorHttp.builder("Vistara", baseUrl, httpClient, callTimeout)
                .auth(VendorHttp.Auth.bearer(ACCESS_TOKEN))
                .errors(VistaraAdapter::vistaraFailure)
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

    /** Vistara never pushes, and people change channels and volume on the remote all the time: ask again after 10 s. */
    @Override
    public Duration stateFreshness() {
        return Duration.ofSeconds(10);
    }

    /** The cloud answers once the TV confirmed the command over its persistent connection: 1–2 s (API document). */
    @Override
    public Duration typicalCommandLatency() {
        return Duration.ofSeconds(2);
    }

    @Override
    public List<Device> discover(VendorAccount account) throws AdapterException {
        String what = "discovery for Vistara account " + account.accountId();
        // The device list always exists: a 404 means BASE_URL points at something else, not a missing device.
        Answer answer = http.call(account, new HttpGet(http.uri("/v2/devices")), what, VendorHttp.ErrorMapping.NO_DEVICE_ADDRESSED);
        JsonNode list = http.arrayField(http.readJson(answer, what), "devices", what, "expected {\"devices\": [...]}");
        List<Device> devices = new ArrayList<>();
        for (JsonNode device : list) {
            try {
                devices.add(VistaraMapping.toDevice(device));
            } catch (IllegalArgumentException malformed) {
                LOG.warn("Skipping a malformed Vistara device of account {}: {}", account.accountId(), malformed.getMessage());
            }
        }
        LOG.debug("Vistara account {} has {} devices", account.accountId(), devices.size());
        return List.copyOf(devices);
    }

    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) throws AdapterException {
        requireDeviceId(deviceId);
        Objects.requireNonNull(command, "command");
        String what = command.getClass().getSimpleName() + " on Vistara device " + deviceId;
        String body;
        try {
            body = VistaraMapping.commandBody(command).toString();
        } catch (IllegalArgumentException e) {
            throw new AdapterException(Reason.INVALID_VALUE, what + ": " + e.getMessage());
        }
        HttpPost post = new HttpPost(http.uri(devicePath(deviceId) + "/commands"));
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        Answer answer = http.call(account, post, what);
        JsonNode device = http.readJson(answer, what).path("device");
        return new CommandResult.Completed(state(device, deviceId, answer, what));
    }

    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) throws AdapterException {
        requireDeviceId(deviceId);
        String what = "state query of Vistara device " + deviceId;
        Answer answer = http.call(account, new HttpGet(http.uri(devicePath(deviceId))), what);
        return state(http.readJson(answer, what), deviceId, answer, what);
    }

    // ------------------------------------------------------------------ HTTP

    /** Vistara's own error answers (see the class comment); null leaves the rest to the standard mapping. */
    private static AdapterException vistaraFailure(VendorHttp.Failure failure) {
        if (failure.is(409, "device_offline")) {
            return failure.as(Reason.DEVICE_OFFLINE);
        }
        if (failure.is(409, "device_off")) {
            return AdapterException.notSupportedInCurrentMode(failure.message(), DeviceMode.ASLEEP);
        }
        return VendorHttp.unprocessable(failure);
    }

    /** The device object of an answer as a state, checking it is the device asked about. */
    private DeviceState state(JsonNode device, String deviceId, Answer answer, String what) {
        if (!deviceId.equals(device.path("id").asText(null))) {
            throw http.unreadable(what, "the answer does not describe the device");
        }
        if (!device.path("connected").isBoolean()) {
            throw http.unreadable(what, "device without 'connected'");
        }
        try {
            return VistaraMapping.toState(device, answer.receivedAt());
        } catch (IllegalArgumentException e) {
            throw http.unreadable(what, e.getMessage());
        }
    }

    private static String devicePath(String deviceId) {
        return "/v2/devices/" + VendorHttp.pathSegment(deviceId);
    }

    private static void requireDeviceId(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new AdapterException(Reason.DEVICE_NOT_FOUND, "no Vistara device id given");
        }
    }
}
