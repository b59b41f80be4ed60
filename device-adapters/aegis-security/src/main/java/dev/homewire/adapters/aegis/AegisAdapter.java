package dev.homewire.adapters.aegis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.CameraStreams;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.PushNotifications;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.adapter.spi.http.DeviceList;
import dev.homewire.adapter.spi.http.VendorHttp;
import dev.homewire.adapter.spi.http.VendorHttp.Answer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link InteractionStyle#ASYNC_PUSH} adapter for the Aegis home-security cloud
 * (docs/vendors/aegis-cloud-api.md): alarm panels, contact and motion sensors, doorbells and
 * cameras. Arming and disarming are {@code POST /v1/panels/{id}/arm} and {@code …/disarm},
 * answered {@code 202} with an operation id ({@link CommandResult.Accepted}); the outcome, and every
 * change of every device, arrives on Aegis's signed webhook, which {@link #push()} verifies and
 * parses. Opening camera streams ({@code POST /v1/cameras/{id}/streams}) is answered {@code 201} at
 * once and returned as {@link CommandResult.Completed} with a {@link CameraStreams.Answer}. State
 * queries are {@code GET /v1/devices/{id}}, and {@code GET /v1/devices} for several at once.
 *
 * <p>Calls go through {@link VendorHttp} (the context's call timeout on every call, bearer token,
 * status mapping). Aegis's own errors: {@code 409 device_offline} → {@link Reason#DEVICE_OFFLINE},
 * {@code 409 alarm_active} → {@link Reason#UNCLEARED_ALARM}, {@code 409 wrong_device_type} →
 * {@link Reason#INVALID_VALUE}, {@code 403 pin_required} → {@link Reason#PIN_REQUIRED},
 * {@code 403 invalid_pin} → {@link Reason#PIN_REJECTED}; a 404 on a path naming no device is
 * {@link Reason#VENDOR_ERROR}. The access token, the webhook secrets, the disarm PIN and stream
 * URLs never appear in exception messages or logs (a disarm's failure message is scrubbed of the
 * PIN even if the cloud were to echo it).
 */
public final class AegisAdapter implements DeviceAdapter {

    public static final String ID = "aegis";
    /** The {@link VendorAccount} credential holding the Aegis OAuth access token. */
    public static final String ACCESS_TOKEN = "accessToken";

    private static final Logger LOG = LoggerFactory.getLogger(AegisAdapter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final VendorHttp http;
    /** {@code GET /v1/devices[/{id}]}: discovery, and the state of one device or of several in one call. */
    private final DeviceList deviceList;
    private final AegisWebhooks webhooks;

    /**
     * @param baseUrl        where the Aegis API lives, without {@code /v1} (e.g. {@code https://api.aegis.example})
     * @param webhookSecrets the webhook signing secrets (one, or the new and old during a rotation)
     * @param httpClient     shared client; not closed by the adapter
     * @param callTimeout    upper bound of one call to the Aegis cloud
     */
    public AegisAdapter(URI baseUrl, List<String> webhookSecrets, CloseableHttpClient httpClient, Duration callTimeout) {
        this.http = VendorHttp.builder("Aegis", baseUrl, httpClient, callTimeout)
                .auth(VendorHttp.Auth.bearer(ACCESS_TOKEN))
                .errors(AegisAdapter::aegisFailure)
                .logger(LOG)
                .build();
        this.deviceList = new DeviceList(http, "/v1/devices", "devices", "device", "devices");
        this.webhooks = new AegisWebhooks(webhookSecrets);
    }

    /** Aegis's own error codes (docs: "Errors"); null for the standard mapping. */
    private static AdapterException aegisFailure(VendorHttp.Failure failure) {
        if (failure.is(409, "device_offline")) {
            return failure.as(Reason.DEVICE_OFFLINE);
        }
        if (failure.is(409, "alarm_active")) {
            return failure.as(Reason.UNCLEARED_ALARM);
        }
        if (failure.is(409, "wrong_device_type")) {
            return failure.as(Reason.INVALID_VALUE);
        }
        if (failure.is(403, "pin_required")) {
            return failure.as(Reason.PIN_REQUIRED);
        }
        if (failure.is(403, "invalid_pin")) {
            return failure.as(Reason.PIN_REJECTED);
        }
        return null;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public InteractionStyle interactionStyle() {
        return InteractionStyle.ASYNC_PUSH;
    }

    /** Aegis pushes every change (operations, sensors, alarms, connectivity): stored state stays good for long. */
    @Override
    public Duration stateFreshness() {
        return Duration.ofMinutes(10);
    }

    /**
     * An arm or disarm goes from the cloud to the panel over its always-on connection and back:
     * about a second, two to be safe. (Camera streams are answered within the call.)
     */
    @Override
    public Duration typicalCommandLatency() {
        return Duration.ofSeconds(2);
    }

    @Override
    public Optional<PushNotifications> push() {
        return Optional.of(webhooks);
    }

    @Override
    public List<Device> discover(VendorAccount account) throws AdapterException {
        String what = "discovery for account " + account.accountId();
        List<Device> devices = new ArrayList<>();
        for (JsonNode device : deviceList.fetch(account, what).entries()) {
            try {
                Device mapped = AegisMapping.toDevice(device);
                if (mapped == null) {
                    LOG.debug("Skipping an Aegis device of type {} (no Alexa interface) of account {}",
                            VendorHttp.truncate(device.path("type").asText()), account.accountId());
                } else {
                    devices.add(mapped);
                }
            } catch (IllegalArgumentException malformed) {
                LOG.warn("Skipping a malformed Aegis device of account {}: {}", account.accountId(), malformed.getMessage());
            }
        }
        LOG.debug("Aegis account {} has {} devices", account.accountId(), devices.size());
        return List.copyOf(devices);
    }

    /**
     * {@link DeviceCommand.Arm} and {@link DeviceCommand.Disarm} (outcome on the webhook) and
     * {@link DeviceCommand.InitializeCameraStreams} (answered at once); anything else is
     * {@link Reason#INVALID_VALUE} without calling Aegis.
     */
    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) throws AdapterException {
        requireDeviceId(deviceId);
        Objects.requireNonNull(command, "command");
        // Disarm's toString masks the PIN; only the class name goes into messages anyway.
        String what = command.getClass().getSimpleName() + " on Aegis device " + deviceId;
        String device = VendorHttp.pathSegment(deviceId);
        if (command instanceof DeviceCommand.Arm arm) {
            ObjectNode body = MAPPER.createObjectNode();
            body.put("mode", AegisMapping.armMode(arm.armState()));
            body.put("bypass_open_sensors", arm.bypassOpenSensors());
            return accepted(http.call(account, post("/v1/panels/" + device + "/arm", body), what), what);
        }
        if (command instanceof DeviceCommand.Disarm disarm) {
            ObjectNode body = MAPPER.createObjectNode();
            if (disarm.pin() != null) {
                body.put("pin", disarm.pin());
            }
            // the PIN is scrubbed from failure messages too, should Aegis ever echo it
            return accepted(http.call(account, post("/v1/panels/" + device + "/disarm", body), what, null, disarm.pin()), what);
        }
        if (command instanceof DeviceCommand.InitializeCameraStreams streams) {
            return openStreams(account, device, streams, what);
        }
        throw new AdapterException(Reason.INVALID_VALUE, what + ": Aegis devices arm, disarm and stream, nothing else");
    }

    private CommandResult accepted(Answer answer, String what) {
        String operationId = http.acceptedId(answer, "operation_id", what, "no operation_id");
        LOG.debug("Aegis accepted {} as operation {}", what, operationId);
        return new CommandResult.Accepted(operationId);
    }

    /** One request per stream Alexa asked for (none: one the camera chooses); the answer holds the camera's state too. */
    private CommandResult openStreams(VendorAccount account, String device, DeviceCommand.InitializeCameraStreams command,
                                      String what) {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode requests = body.putArray("streams");
        command.requests().forEach(request -> requests.add(AegisMapping.streamRequest(request)));
        if (requests.isEmpty()) {
            requests.addObject();
        }
        Answer answer = http.call(account, post("/v1/cameras/" + device + "/streams", body), what);
        JsonNode opened = http.readJson(answer, what);
        try {
            CameraStreams.Answer streams = AegisMapping.streamAnswer(opened);
            DeviceState state = AegisMapping.toState(opened.path("camera"), answer.receivedAt());
            LOG.debug("Aegis opened {} for {}", streams, what);
            return new CommandResult.Completed(state, streams);
        } catch (IllegalArgumentException e) {
            throw unreadable(what, e.getMessage());
        }
    }

    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) throws AdapterException {
        requireDeviceId(deviceId);
        return deviceList.state(account, deviceId, AegisMapping::toState);
    }

    /** One {@code GET /v1/devices} for all of them; devices Aegis no longer lists are left out. */
    @Override
    public Map<String, DeviceState> queryStates(VendorAccount account, Collection<String> deviceIds) throws AdapterException {
        return deviceList.states(account, deviceIds, AegisMapping::toState);
    }

    // ------------------------------------------------------------------ HTTP

    private HttpPost post(String path, ObjectNode body) {
        HttpPost post = new HttpPost(http.uri(path));
        post.setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_JSON));
        return post;
    }

    private AdapterException unreadable(String what, String detail) {
        return http.unreadable(what, VendorHttp.truncate(detail));
    }

    private static void requireDeviceId(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new AdapterException(Reason.DEVICE_NOT_FOUND, "no Aegis device id given");
        }
    }
}
