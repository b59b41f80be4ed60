package dev.homewire.adapters.latchkey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
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
 * The {@link InteractionStyle#ASYNC_PUSH} adapter for the Latchkey smart-lock cloud
 * (docs/vendors/latchkey-cloud-api.md). Commands are {@code POST /v1/locks/{id}/operations},
 * answered {@code 202} with an operation id ({@link CommandResult.Accepted}); the outcome arrives
 * seconds later on Latchkey's signed webhook, which {@link #push()} verifies and parses. State
 * queries are {@code GET /v1/locks/{id}}, and {@code GET /v1/locks} for several locks at once.
 *
 * <p>Calls go through {@link VendorHttp}: each is bounded by the context's call timeout twice over
 * (as the request's connection-request and response timeouts, and as a hard deadline that cancels
 * the exchange), and HTTP failures become typed {@link AdapterException}s (Latchkey's own:
 * {@code 409 lock_offline} is {@link Reason#DEVICE_OFFLINE}; a 404 on a path naming no lock is
 * {@link Reason#VENDOR_ERROR}, not a missing device). The account's {@code accessToken} is sent as
 * a bearer token and never appears in exception messages or logs; neither do the webhook secrets.
 */
public final class LatchkeyAdapter implements DeviceAdapter {

    public static final String ID = "latchkey";
    /** The {@link VendorAccount} credential holding the Latchkey OAuth access token. */
    public static final String ACCESS_TOKEN = "accessToken";

    private static final Logger LOG = LoggerFactory.getLogger(LatchkeyAdapter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final VendorHttp http;
    /** {@code GET /v1/locks[/{id}]}: discovery, and the state of one lock or of several in one call. */
    private final DeviceList lockList;
    private final LatchkeyWebhooks webhooks;

    /**
     * @param baseUrl        where the Latchkey API lives, without {@code /v1} (e.g. {@code https://api.latchkey.example})
     * @param webhookSecrets the webhook signing secrets (one, or the new and old during a rotation)
     * @param httpClient     shared client; not closed by the adapter
     * @param callTimeout    upper bound of one call to the Latchkey cloud
     */
    public LatchkeyAdapter(URI baseUrl, List<String> webhookSecrets, CloseableHttpClient httpClient, Duration callTimeout) {
        this.http = VendorHttp.builder("Latchkey", baseUrl, httpClient, callTimeout)
                .auth(VendorHttp.Auth.bearer(ACCESS_TOKEN))
                .errors(failure -> failure.is(409, "lock_offline") ? failure.as(Reason.DEVICE_OFFLINE) : null)
                .logger(LOG)
                .build();
        this.lockList = new DeviceList(http, "/v1/locks", "locks", "lock", "locks");
        this.webhooks = new LatchkeyWebhooks(webhookSecrets);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public InteractionStyle interactionStyle() {
        return InteractionStyle.ASYNC_PUSH;
    }

    /** Latchkey pushes every change (operations, thumb turns, connectivity): stored state stays good for long. */
    @Override
    public Duration stateFreshness() {
        return Duration.ofMinutes(10);
    }

    /** A remote operation reaches the lock through its bridge and moves the bolt: a few seconds. */
    @Override
    public Duration typicalCommandLatency() {
        return Duration.ofSeconds(3);
    }

    @Override
    public Optional<PushNotifications> push() {
        return Optional.of(webhooks);
    }

    @Override
    public List<Device> discover(VendorAccount account) throws AdapterException {
        String what = "discovery for account " + account.accountId();
        List<Device> devices = new ArrayList<>();
        for (JsonNode lock : lockList.fetch(account, what).entries()) {
            try {
                devices.add(LatchkeyMapping.toDevice(lock));
            } catch (IllegalArgumentException malformed) {
                LOG.warn("Skipping a malformed Latchkey lock of account {}: {}", account.accountId(), malformed.getMessage());
            }
        }
        LOG.debug("Latchkey account {} has {} locks", account.accountId(), devices.size());
        return List.copyOf(devices);
    }

    /** {@link DeviceCommand.SetLockState} only; the outcome arrives on the webhook. */
    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) throws AdapterException {
        requireDeviceId(deviceId);
        Objects.requireNonNull(command, "command");
        String what = command.getClass().getSimpleName() + " on Latchkey lock " + deviceId;
        if (!(command instanceof DeviceCommand.SetLockState setLockState)) {
            throw new AdapterException(Reason.INVALID_VALUE, what + ": Latchkey locks only lock and unlock");
        }
        ObjectNode body = MAPPER.createObjectNode();
        try {
            body.put("action", LatchkeyMapping.action(setLockState.lockState()));
        } catch (IllegalArgumentException e) {
            throw new AdapterException(Reason.INVALID_VALUE, what + ": " + e.getMessage());
        }
        HttpPost post = new HttpPost(http.uri("/v1/locks/" + VendorHttp.pathSegment(deviceId) + "/operations"));
        post.setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_JSON));
        String operationId = http.acceptedId(http.call(account, post, what), "operation_id", what, "no operation_id");
        LOG.debug("Latchkey accepted {} as operation {}", what, operationId);
        return new CommandResult.Accepted(operationId);
    }

    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) throws AdapterException {
        requireDeviceId(deviceId);
        return lockList.state(account, deviceId, LatchkeyMapping::toState);
    }

    /** One {@code GET /v1/locks} for all of them; locks Latchkey no longer lists are left out. */
    @Override
    public Map<String, DeviceState> queryStates(VendorAccount account, Collection<String> deviceIds) throws AdapterException {
        return lockList.states(account, deviceIds, LatchkeyMapping::toState);
    }

    // ------------------------------------------------------------------ HTTP

    private static void requireDeviceId(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new AdapterException(Reason.DEVICE_NOT_FOUND, "no Latchkey lock id given");
        }
    }
}
