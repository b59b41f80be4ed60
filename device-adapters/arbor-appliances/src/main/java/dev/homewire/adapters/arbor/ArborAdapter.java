package dev.homewire.adapters.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.adapter.spi.http.RevisionPoll;
import dev.homewire.adapter.spi.http.VendorHttp;
import dev.homewire.adapter.spi.http.VendorHttp.Answer;
import dev.homewire.adapters.arbor.ApplianceCache.Snapshot;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link InteractionStyle#ASYNC_POLL} adapter of the Arbor appliance cloud
 * (docs/vendors/arbor-cloud-api.md): blinds, fans, garage doors, scenes, pet feeders, thermostats,
 * heaters, humidifiers and washers behind one API. A command is an operation
 * ({@code POST /v1/appliances/{id}/operations}) that answers {@code 202} with an operation id and
 * takes effect a moment later; Arbor never pushes, so the outcome is found by polling. Polling is
 * cheap through {@code GET /v1/summary}, which gives one revision per appliance; details are
 * fetched only for appliances whose revision moved.
 *
 * <p>Calls go through {@link VendorHttp}: each is bounded by the context's call timeout twice over
 * (request timeouts and a hard deadline that cancels the exchange), and HTTP failures become typed
 * {@link AdapterException}s — Arbor's own: {@code 409 appliance_offline} {@link Reason#DEVICE_OFFLINE},
 * {@code 409 thermostat_off} {@link Reason#THERMOSTAT_OFF}, {@code 409 not_running}/{@code not_paused}
 * {@link Reason#NOT_IN_OPERATION}, {@code 409 appliance_busy} {@link Reason#DEVICE_BUSY},
 * {@code 422 value_out_of_range} {@link Reason#VALUE_OUT_OF_RANGE} with the range, any other
 * {@code 422} {@link Reason#INVALID_VALUE}. {@link #queryStates} makes at most 1 + ⌈changed / 25⌉
 * calls, each so bounded. The account's {@code accessToken} is sent as a bearer token and never
 * appears in exception messages or logs.
 */
public final class ArborAdapter implements DeviceAdapter {

    public static final String ID = "arbor";
    /** The {@link VendorAccount} credential holding the Arbor OAuth access token. */
    public static final String ACCESS_TOKEN = "accessToken";
    /** Most ids Arbor takes in one {@code GET /v1/appliances?ids=…}. */
    static final int MAX_IDS_PER_REQUEST = 25;
    /** Appliances remembered over all accounts (least recently used forgotten first). */
    static final int CACHED_APPLIANCES = 200_000;
    /** Accounts whose inventory revision is remembered. */
    static final int CACHED_ACCOUNTS = 20_000;

    private static final Logger LOG = LoggerFactory.getLogger(ArborAdapter.class);
    private static final Set<String> SETPOINT_FIELDS = Set.of("target", "lower", "upper");

    private final VendorHttp http;
    /**
     * Revision, state and description of each appliance as last fetched in detail, per account.
     *
     * <p>Why: a poll-only cloud is polled all the time, for every linked account, and an Arbor
     * account easily holds a dozen appliances. The summary is one cheap call that says, per
     * appliance, whether anything changed (the revision moves with every change, connectivity
     * included); fetching details only for appliances whose revision moved keeps background sync
     * at one small call per account when nothing changed, which is what Arbor asks of integrators.
     * The descriptions also let commands be checked without a call. Losing an entry costs one
     * detail fetch; each adapter instance (process) keeps its own.
     */
    private final ApplianceCache cache = new ApplianceCache(CACHED_APPLIANCES, CACHED_ACCOUNTS);
    /** {@link #queryStates}: the summary, then details of the appliances whose revision moved, through {@link #cache}. */
    private final RevisionPoll<Snapshot> poll;

    /**
     * @param baseUrl     where the Arbor API lives, without {@code /v1} (e.g. {@code https://api.arbor.example})
     * @param httpClient  shared client; not closed by the adapter
     * @param callTimeout upper bound of one call to the Arbor cloud
     */
    public ArborAdapter(URI baseUrl, CloseableHttpClient httpClient, Duration callTimeout) {
        this.http = VendorHttp.builder("Arbor", baseUrl, httpClient, callTimeout)
                .auth(VendorHttp.Auth.bearer(ACCESS_TOKEN))
                .errors(failure -> arborFailure(failure, null))
                .logger(LOG)
                .build();
        this.poll = new RevisionPoll<>(http, cache, MAX_IDS_PER_REQUEST, "appliances", LOG);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public InteractionStyle interactionStyle() {
        return InteractionStyle.ASYNC_POLL;
    }

    /** Arbor never pushes: a feeder dispensing or a washer finishing is only seen by polling, so stored state ages fast. */
    @Override
    public Duration stateFreshness() {
        return Duration.ofSeconds(15);
    }

    /**
     * Most operations take effect 0.3–0.8 s after Arbor accepts them and are seen by the first poll
     * (~1 s later) or the next: 4 s covers them. A garage door is confirmed closed only once it is
     * (5–8 s of travel), so it gets 10 s ({@link #typicalCommandLatency(Device)}).
     */
    @Override
    public Duration typicalCommandLatency() {
        return Duration.ofSeconds(4);
    }

    @Override
    public Duration typicalCommandLatency(Device device) {
        return device.kind() == DeviceKind.GARAGE_DOOR ? Duration.ofSeconds(10) : typicalCommandLatency();
    }

    @Override
    public List<Device> discover(VendorAccount account) throws AdapterException {
        String what = "discovery for Arbor account " + account.accountId();
        Answer answer = http.call(account, new HttpGet(http.uri("/v1/appliances")), what);
        List<Device> devices = new ArrayList<>();
        for (JsonNode json : applianceList(http.readJson(answer, what), "appliances", what)) {
            ArborAppliance appliance;
            try {
                appliance = ArborAppliance.read(json, answer.receivedAt());
            } catch (IllegalArgumentException malformed) {
                LOG.warn("Skipping a malformed Arbor appliance of account {}: {}", account.accountId(), malformed.getMessage());
                continue;
            }
            Snapshot snapshot = remember(account, appliance, answer.receivedAt());
            if (snapshot.device() != null) {
                devices.add(snapshot.device());
            }
        }
        LOG.debug("Arbor account {} has {} appliances Homewire can use", account.accountId(), devices.size());
        return List.copyOf(devices);
    }

    /**
     * Every command of the traits {@link ArborMapping} declares, as an Arbor operation
     * ({@link ArborOperations}); answers {@link CommandResult.Accepted} with Arbor's
     * {@code operationId}. The change shows in the appliance's state a moment later. Commands are
     * checked against the appliance's traits when the adapter knows them (from an earlier discovery
     * or poll), else by Arbor.
     */
    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) throws AdapterException {
        requireDeviceId(deviceId);
        Objects.requireNonNull(command, "command");
        String what = command.getClass().getSimpleName() + " on Arbor appliance " + deviceId;
        Snapshot known = cache.get(account.accountId(), deviceId);
        ObjectNode body = ArborOperations.body(command, known == null ? null : known.device(), what);
        HttpPost post = new HttpPost(http.uri("/v1/appliances/" + VendorHttp.pathSegment(deviceId) + "/operations"));
        post.setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_JSON));
        Temperature requested = ArborOperations.requestedTemperature(command);
        Answer answer;
        try {
            answer = http.call(account, post, what, failure -> arborFailure(failure, requested));
        } catch (AdapterException e) {
            if (e.reason() == Reason.DEVICE_NOT_FOUND || e.reason() == Reason.VALUE_OUT_OF_RANGE || e.reason() == Reason.INVALID_VALUE) {
                cache.remove(account.accountId(), deviceId); // what we knew of it is stale: fetch it afresh next time
            }
            throw e;
        }
        String operationId = http.acceptedId(answer, "operationId", what, "accepted without an operationId");
        LOG.debug("Arbor accepted {} as {}", what, operationId);
        return new CommandResult.Accepted(operationId);
    }

    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) throws AdapterException {
        requireDeviceId(deviceId);
        String what = "state query of Arbor appliance " + deviceId;
        Answer answer;
        try {
            answer = http.call(account, new HttpGet(http.uri("/v1/appliances/" + VendorHttp.pathSegment(deviceId))), what);
        } catch (AdapterException e) {
            if (e.reason() == Reason.DEVICE_NOT_FOUND) {
                cache.remove(account.accountId(), deviceId);
            }
            throw e;
        }
        JsonNode json = http.readJson(answer, what);
        if (!deviceId.equals(json.path("id").asText(null))) {
            throw http.unreadable(what, "the answer is not about the appliance");
        }
        try {
            return remember(account, ArborAppliance.read(json, answer.receivedAt()), answer.receivedAt()).state();
        } catch (IllegalArgumentException e) {
            throw http.unreadable(what, e.getMessage());
        }
    }

    /**
     * The state of several appliances of one account in one summary call, plus one detail call per
     * 25 appliances whose revision (or connectivity) changed since this adapter last saw them.
     *
     * <p>Why not simply fetch every appliance's details: this runs for every linked account on
     * every background poll. The summary is the call Arbor designed for that, and when nothing
     * changed it is the only call. Unchanged appliances are answered from the cached details,
     * observed at the time of the summary (which just confirmed them) when online, at their last
     * contact when offline. Appliances Arbor no longer lists are left out, as the SPI asks (core then
     * discovers the account again). A moved inventory revision (appliances added, removed or renamed
     * in the Arbor app) is only logged: {@code queryStates} has no way to ask core for that
     * rediscovery, which then waits for core's periodic one (see the API document). The poll is
     * {@link RevisionPoll}'s; the calls are {@link #summary} and {@link #details}.
     */
    @Override
    public Map<String, DeviceState> queryStates(VendorAccount account, Collection<String> deviceIds) throws AdapterException {
        return poll.states(account.accountId(), deviceIds, () -> summary(account), ids -> details(account, ids));
    }

    /** {@code GET /v1/summary}: each appliance's revision and connectivity, and the account's inventory revision. */
    private RevisionPoll.Summary summary(VendorAccount account) {
        String what = "summary poll of Arbor account " + account.accountId();
        Answer answer = http.call(account, new HttpGet(http.uri("/v1/summary")), what);
        JsonNode summaryJson = http.readJson(answer, what);
        RevisionPoll.Summary summary = poll.summary(applianceList(summaryJson, "appliances", what), answer.receivedAt(), what);
        noteInventory(account.accountId(), summaryJson.path("inventoryRevision").asText(""));
        return summary;
    }

    /** {@code GET /v1/appliances?ids=…} of at most {@value #MAX_IDS_PER_REQUEST} appliances, each remembered. */
    private Map<String, Snapshot> details(VendorAccount account, List<String> ids) {
        String what = "detail poll of " + ids.size() + " Arbor appliance(s) of account " + account.accountId();
        String query = ids.stream().map(id -> URLEncoder.encode(id, StandardCharsets.UTF_8)).collect(Collectors.joining(","));
        Answer answer = http.call(account, new HttpGet(http.uri("/v1/appliances?ids=" + query)), what);
        return poll.details(applianceList(http.readJson(answer, what), "appliances", what), ids, what,
                json -> remember(account, ArborAppliance.read(json, answer.receivedAt()), answer.receivedAt()));
    }

    private void noteInventory(String accountId, String inventoryRevision) {
        if (inventoryRevision.isEmpty()) {
            return;
        }
        String before = cache.inventoryChanged(accountId, inventoryRevision);
        if (before != null) {
            LOG.info("Arbor account {} added, removed or renamed appliances (inventory revision {} -> {}); core sees them at its next"
                    + " discovery of the account", accountId, before, inventoryRevision);
        }
    }

    /**
     * Caches a fetched appliance (when it carries a revision) with what it maps to, and returns it;
     * an appliance of a type (or description) the adapter cannot map has no device.
     */
    private Snapshot remember(VendorAccount account, ArborAppliance appliance, Instant receivedAt) {
        DeviceState state = ArborMapping.toState(appliance);
        Device device;
        try {
            device = ArborMapping.toDevice(appliance);
        } catch (IllegalArgumentException unmappable) {
            LOG.warn("Skipping Arbor appliance {} of account {}: {}", appliance.id(), account.accountId(), unmappable.getMessage());
            device = null;
        }
        Snapshot snapshot = new Snapshot(appliance.revision(), state, device, receivedAt);
        if (!snapshot.revision().isEmpty()) {
            cache.put(account.accountId(), appliance.id(), snapshot);
        }
        return snapshot;
    }

    /** For tests: how many appliances of the account the adapter remembers. */
    int cachedAppliances(String accountId) {
        return cache.size(accountId);
    }

    // ------------------------------------------------------------------ errors

    /**
     * Arbor's own error answers; null for the rest (the standard mapping).
     *
     * @param requested the first setpoint of a setpoint command (the scale of a range error), else null
     */
    private static AdapterException arborFailure(VendorHttp.Failure failure, Temperature requested) {
        if (failure.status() == 409) {
            return switch (failure.code()) {
                case "appliance_offline" -> failure.as(Reason.DEVICE_OFFLINE);
                case "thermostat_off" -> failure.as(Reason.THERMOSTAT_OFF);
                case "not_running", "not_paused" -> failure.as(Reason.NOT_IN_OPERATION);
                case "appliance_busy" -> failure.as(Reason.DEVICE_BUSY);
                default -> null;
            };
        }
        return VendorHttp.unprocessable(failure, (refused, min, max) ->
                requested != null && SETPOINT_FIELDS.contains(refused.body().path("field").asText(""))
                        ? ArborOperations.setpointOutOfRange(refused.message(), requested, min, max)
                        : AdapterException.valueOutOfRange(refused.message(), min, max));
    }

    // ------------------------------------------------------------------ HTTP

    /** The array {@code field} of a list or summary answer. */
    private JsonNode applianceList(JsonNode body, String field, String what) {
        return http.arrayField(body, field, what, "expected an object with an '" + field + "' array");
    }

    private static void requireDeviceId(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new AdapterException(Reason.DEVICE_NOT_FOUND, "no Arbor appliance id given");
        }
    }
}
