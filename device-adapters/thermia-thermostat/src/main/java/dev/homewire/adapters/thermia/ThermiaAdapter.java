package dev.homewire.adapters.thermia;

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
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.adapter.spi.http.RevisionPoll;
import dev.homewire.adapter.spi.http.VendorHttp;
import dev.homewire.adapter.spi.http.VendorHttp.Answer;
import dev.homewire.adapters.thermia.ThermostatCache.Snapshot;
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
import java.util.stream.Collectors;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link InteractionStyle#ASYNC_POLL} adapter of the Thermia thermostat cloud
 * (docs/vendors/thermia-cloud-api.md). Commands ({@code PUT /v1/thermostats/{id}/setpoint|mode})
 * answer {@code 202} with a request id and take effect a few seconds later; Thermia never pushes,
 * so the outcome is found by polling. Polling is cheap through {@code GET /v1/summary}, which gives
 * one revision per thermostat; details are fetched only for thermostats whose revision moved.
 *
 * <p>Temperatures: Thermia speaks °C with one decimal. Setpoints of any scale are converted to °C
 * and rounded to 0.1 °C; reported values are {@link Temperature.Scale#CELSIUS}. A setpoint outside
 * the thermostat's range fails with {@link AdapterException#valueOutOfRange} whose minimum and
 * maximum are <b>in the scale of the requested setpoint</b> (a request in °F is answered with the
 * range in °F, rounded to two decimals), so core can phrase the error in the user's unit.
 *
 * <p>Calls go through {@link VendorHttp}: each is bounded by the context's call timeout twice over
 * (as the request's connection-request and response timeouts, and as a hard deadline that cancels
 * the exchange), and HTTP failures become typed {@link AdapterException}s (Thermia's own:
 * {@code 409 thermostat_offline} is {@link Reason#DEVICE_OFFLINE}, {@code 422} a range error or
 * {@link Reason#INVALID_VALUE}). {@link #queryStates} makes at most 1 + ⌈changed / 25⌉ calls, each so bounded. The account's
 * {@code accessToken} is sent as a bearer token and never appears in exception messages or logs.
 */
public final class ThermiaAdapter implements DeviceAdapter {

    public static final String ID = "thermia";
    /** The {@link VendorAccount} credential holding the Thermia OAuth access token. */
    public static final String ACCESS_TOKEN = "accessToken";
    /** Most ids Thermia takes in one {@code GET /v1/thermostats?ids=…}. */
    static final int MAX_IDS_PER_REQUEST = 25;
    /** Accounts whose thermostat revisions are remembered (least recently polled are forgotten first). */
    static final int CACHED_ACCOUNTS = 10_000;
    /** Thermostats remembered per account. */
    static final int CACHED_THERMOSTATS_PER_ACCOUNT = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ThermiaAdapter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final VendorHttp http;
    /**
     * Revision, state and profile of each thermostat as last fetched in detail, per account.
     *
     * <p>Why: a poll-only cloud is polled all the time, for every linked account. The summary is
     * one cheap call per account and says, per thermostat, whether anything changed (the revision
     * moves with every change, connectivity included). Fetching details only for thermostats whose
     * revision moved keeps background sync at one small call per account in the common case where
     * nothing changed, which is what Thermia asks of integrators (and what keeps us under its rate
     * limit at scale), while still answering a state for every requested thermostat from this cache.
     * Cached profiles also let commands be validated without a call. Losing an entry costs one
     * detail fetch, nothing more; each adapter instance (process) keeps its own.
     */
    private final ThermostatCache cache = new ThermostatCache(CACHED_ACCOUNTS, CACHED_THERMOSTATS_PER_ACCOUNT);
    /** {@link #queryStates}: the summary, then details of the thermostats whose revision moved, through {@link #cache}. */
    private final RevisionPoll<Snapshot> poll;

    /**
     * @param baseUrl     where the Thermia API lives, without {@code /v1} (e.g. {@code https://api.thermia.example})
     * @param httpClient  shared client; not closed by the adapter
     * @param callTimeout upper bound of one call to the Thermia cloud
     */
    public ThermiaAdapter(URI baseUrl, CloseableHttpClient httpClient, Duration callTimeout) {
        this.http = VendorHttp.builder("Thermia", baseUrl, httpClient, callTimeout)
                .auth(VendorHttp.Auth.bearer(ACCESS_TOKEN))
                .errors(failure -> thermiaFailure(failure, null))
                .logger(LOG)
                .build();
        this.poll = new RevisionPoll<>(http, cache, MAX_IDS_PER_REQUEST, "thermostats", LOG);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public InteractionStyle interactionStyle() {
        return InteractionStyle.ASYNC_POLL;
    }

    /** Thermia never pushes: changes at the wall unit are only seen by polling, so stored state ages fast. */
    @Override
    public Duration stateFreshness() {
        return Duration.ofSeconds(15);
    }

    /** Thermia applies a command ~2 s after accepting it; seeing it takes another poll. */
    @Override
    public Duration typicalCommandLatency() {
        return Duration.ofSeconds(4);
    }

    @Override
    public List<Device> discover(VendorAccount account) throws AdapterException {
        String what = "discovery for account " + account.accountId();
        Answer answer = http.call(account, new HttpGet(http.uri("/v1/thermostats")), what);
        JsonNode list = thermostatList(http.readJson(answer, what), what);
        List<Device> devices = new ArrayList<>();
        for (JsonNode thermostat : list) {
            try {
                devices.add(ThermiaMapping.toDevice(thermostat));
            } catch (IllegalArgumentException malformed) {
                LOG.warn("Skipping a malformed Thermia thermostat of account {}: {}", account.accountId(), malformed.getMessage());
                continue;
            }
            try {
                remember(account, thermostat, answer.receivedAt());
            } catch (IllegalArgumentException unreadableState) {
                // described well enough to discover; its state is read (and cached) when polled
            }
        }
        LOG.debug("Thermia account {} has {} thermostats", account.accountId(), devices.size());
        return List.copyOf(devices);
    }

    /**
     * {@link DeviceCommand.SetTargetSetpoint} ({@code PUT …/setpoint}, °C with one decimal) and
     * {@link DeviceCommand.SetThermostatMode} ({@code PUT …/mode}) answer
     * {@link CommandResult.Accepted} with Thermia's {@code request_id}; the change shows in the
     * thermostat's state a few seconds later. Values are checked against the thermostat's range
     * and modes when the adapter knows them (from an earlier discovery or poll), else by Thermia.
     */
    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) throws AdapterException {
        requireDeviceId(deviceId);
        Objects.requireNonNull(command, "command");
        String what = command.getClass().getSimpleName() + " on Thermia thermostat " + deviceId;
        Snapshot known = cache.get(account.accountId(), deviceId);
        ThermostatProfile profile = known == null ? null : known.profile();
        ObjectNode body = MAPPER.createObjectNode();
        String path;
        Temperature requested = null;
        if (command instanceof DeviceCommand.SetTargetSetpoint setSetpoint) {
            requested = setSetpoint.setpoint();
            double celsius = ThermiaMapping.apiCelsius(requested);
            if (profile != null) {
                double min = profile.minimumSetpoint().toCelsius();
                double max = profile.maximumSetpoint().toCelsius();
                if (celsius < min - 1e-9 || celsius > max + 1e-9) {
                    throw outOfRange(what, requested, celsius, min, max);
                }
            }
            body.put("setpoint", celsius);
            path = "/setpoint";
        } else if (command instanceof DeviceCommand.SetThermostatMode setMode) {
            // an empty list means Thermia named no mode we know: let Thermia decide
            if (profile != null && !profile.supportedModes().isEmpty() && !profile.supportedModes().contains(setMode.mode())) {
                throw new AdapterException(Reason.INVALID_VALUE, what + ": the thermostat supports only "
                        + profile.supportedModes().stream().map(ThermiaMapping::modeName).sorted().toList());
            }
            body.put("mode", ThermiaMapping.modeName(setMode.mode()));
            path = "/mode";
        } else {
            throw new AdapterException(Reason.INVALID_VALUE, what + ": Thermia thermostats take only a setpoint or a mode");
        }
        HttpPut put = new HttpPut(http.uri("/v1/thermostats/" + VendorHttp.pathSegment(deviceId) + path));
        put.setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_JSON));
        Temperature setpoint = requested;
        Answer answer;
        try {
            answer = http.call(account, put, what, failure -> thermiaFailure(failure, setpoint));
        } catch (AdapterException e) {
            if (e.reason() == Reason.DEVICE_NOT_FOUND || e.reason() == Reason.VALUE_OUT_OF_RANGE
                    || e.reason() == Reason.INVALID_VALUE) {
                cache.remove(account.accountId(), deviceId); // what we knew of it is stale: fetch it afresh next time
            }
            throw e;
        }
        String requestId = http.acceptedId(answer, "request_id", what, "accepted without a request_id");
        LOG.debug("Thermia accepted {} as {}", what, requestId);
        return new CommandResult.Accepted(requestId);
    }

    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) throws AdapterException {
        requireDeviceId(deviceId);
        String what = "state query of Thermia thermostat " + deviceId;
        Answer answer;
        try {
            answer = http.call(account, new HttpGet(http.uri("/v1/thermostats/" + VendorHttp.pathSegment(deviceId))), what);
        } catch (AdapterException e) {
            if (e.reason() == Reason.DEVICE_NOT_FOUND) {
                cache.remove(account.accountId(), deviceId);
            }
            throw e;
        }
        JsonNode thermostat = http.readJson(answer, what);
        if (!deviceId.equals(thermostat.path("id").asText(null))) {
            throw http.unreadable(what, "the answer is not about the thermostat");
        }
        try {
            return remember(account, thermostat, answer.receivedAt()).state();
        } catch (IllegalArgumentException e) {
            throw http.unreadable(what, e.getMessage());
        }
    }

    /**
     * The state of several thermostats of one account in one summary call, plus one detail call
     * for those (and only those) whose revision changed since this adapter last saw them.
     *
     * <p>Why not simply fetch every thermostat's details: this runs for every linked account on
     * every background poll, and a poll-only cloud has to be polled often. The summary is the call
     * Thermia designed for that (tiny, cheap to serve) and in the common case — nothing changed —
     * it is the only call. Unchanged thermostats are answered from the cached details, observed at
     * the time of the summary (which just confirmed them) when online, at their last contact when
     * offline. Thermostats Thermia no longer lists are left out, as the SPI asks. The poll is
     * {@link RevisionPoll}'s; the calls are {@link #summary} and {@link #details}.
     */
    @Override
    public Map<String, DeviceState> queryStates(VendorAccount account, Collection<String> deviceIds) throws AdapterException {
        return poll.states(account.accountId(), deviceIds, () -> summary(account), ids -> details(account, ids));
    }

    /** {@code GET /v1/summary}: each thermostat's revision and connectivity. */
    private RevisionPoll.Summary summary(VendorAccount account) {
        String what = "summary poll of account " + account.accountId();
        Answer answer = http.call(account, new HttpGet(http.uri("/v1/summary")), what);
        return poll.summary(thermostatList(http.readJson(answer, what), what), answer.receivedAt(), what);
    }

    /** {@code GET /v1/thermostats?ids=…} of at most {@value #MAX_IDS_PER_REQUEST} thermostats, each remembered. */
    private Map<String, Snapshot> details(VendorAccount account, List<String> ids) {
        String what = "detail poll of " + ids.size() + " Thermia thermostat(s) of account " + account.accountId();
        String query = ids.stream().map(ThermiaAdapter::queryValue).collect(Collectors.joining(","));
        Answer answer = http.call(account, new HttpGet(http.uri("/v1/thermostats?ids=" + query)), what);
        return poll.details(thermostatList(http.readJson(answer, what), what), ids, what,
                thermostat -> remember(account, thermostat, answer.receivedAt()));
    }

    /** Caches a fetched thermostat (when it carries a revision) and returns what was read. */
    private Snapshot remember(VendorAccount account, JsonNode thermostat, Instant receivedAt) {
        String id = ThermiaMapping.requiredText(thermostat, "id");
        DeviceState state = ThermiaMapping.toState(thermostat, receivedAt);
        ThermostatProfile profile;
        try {
            profile = ThermiaMapping.profile(thermostat);
        } catch (IllegalArgumentException noRange) {
            profile = null;
        }
        Snapshot snapshot = new Snapshot(thermostat.path("revision").asText(""), state, profile, receivedAt);
        if (!snapshot.revision().isEmpty()) {
            cache.put(account.accountId(), id, snapshot);
        }
        return snapshot;
    }

    /** For tests: how many thermostats of the account the adapter remembers. */
    int cachedThermostats(String accountId) {
        return cache.thermostatCount(accountId);
    }

    // ------------------------------------------------------------------ errors

    /** A range error with the bounds in the scale of the request; the message starts with {@code what}. */
    private static AdapterException outOfRange(String what, Temperature requested, double sentCelsius, double minCelsius,
                                               double maxCelsius) {
        Temperature.Scale scale = requested.scale();
        String unit = scale.symbol();
        // rounded to two decimals: 7 °C = 44.6 °F, 30 °C = 303.15 K
        double min = Temperature.celsius(minCelsius).valueIn(scale, 2);
        double max = Temperature.celsius(maxCelsius).valueIn(scale, 2);
        String message = what + ": setpoint " + requested.value() + " " + unit
                + (scale == Temperature.Scale.CELSIUS ? "" : " (" + sentCelsius + " °C)")
                + " is outside " + min + ".." + max + " " + unit;
        return AdapterException.temperatureOutOfRange(message, min, max, scale);
    }

    /**
     * Thermia's own error answers: {@code 409 thermostat_offline}, and {@code 422}, a range error
     * when it concerns the requested setpoint, else an invalid value; null for the rest.
     *
     * @param setpoint the requested setpoint of a setpoint command (its scale is the scale of a
     *                 range error), else null
     */
    private static AdapterException thermiaFailure(VendorHttp.Failure failure, Temperature setpoint) {
        if (failure.is(409, "thermostat_offline")) {
            return failure.as(Reason.DEVICE_OFFLINE);
        }
        if (failure.status() == 422) {
            JsonNode error = failure.body();
            if (failure.code().equals("setpoint_out_of_range") && setpoint != null
                    && error.path("min").isNumber() && error.path("max").isNumber()) {
                return outOfRange(failure.message(), setpoint, ThermiaMapping.apiCelsius(setpoint),
                        error.path("min").doubleValue(), error.path("max").doubleValue());
            }
            return failure.as(Reason.INVALID_VALUE);
        }
        return null;
    }

    // ------------------------------------------------------------------ HTTP

    /** The {@code thermostats} array of a summary or list answer. */
    private JsonNode thermostatList(JsonNode body, String what) {
        return http.arrayField(body, "thermostats", what, "expected an object with a 'thermostats' array");
    }

    /** A thermostat id as part of the {@code ids} query value. */
    private static String queryValue(String deviceId) {
        return URLEncoder.encode(deviceId, StandardCharsets.UTF_8);
    }

    private static void requireDeviceId(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new AdapterException(Reason.DEVICE_NOT_FOUND, "no Thermia thermostat id given");
        }
    }
}
