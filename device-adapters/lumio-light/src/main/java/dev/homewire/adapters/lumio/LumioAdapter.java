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
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPut;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference {@link InteractionStyle#SYNC} adapter: the Lumio light cloud
 * (docs/vendors/lumio-cloud-api.md). Commands are {@code PUT /v1/devices/id:<id>/state} and
 * answer the device's resulting state; state queries are {@code GET /v1/devices/id:<id>}.
 *
 * <p>Every call is bounded by the context's call timeout twice over: as the request's
 * connection-request and response timeouts, and as a hard deadline that cancels the exchange
 * (which also caps retries the shared client may make). The account's {@code accessToken} is
 * sent as a bearer token and never appears in exception messages or logs.
 */
public final class LumioAdapter implements DeviceAdapter {

    public static final String ID = "lumio";
    /** The {@link VendorAccount} credential holding the Lumio OAuth access token. */
    public static final String ACCESS_TOKEN = "accessToken";

    private static final Logger LOG = LoggerFactory.getLogger(LumioAdapter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_BODY_CHARS = 1 << 20;
    private static final int MAX_MESSAGE_CHARS = 300;

    private final String baseUrl;
    private final CloseableHttpClient httpClient;
    private final Duration callTimeout;

    /**
     * @param baseUrl     where the Lumio API lives, without {@code /v1} (e.g. {@code https://api.lumio.example})
     * @param httpClient  shared client; not closed by the adapter
     * @param callTimeout upper bound of one call to the Lumio cloud
     */
    public LumioAdapter(URI baseUrl, CloseableHttpClient httpClient, Duration callTimeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null
                || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("Lumio base URL must be an http(s) URL without query: " + baseUrl);
        }
        String url = baseUrl.toString();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        this.baseUrl = url;
        this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
        this.callTimeout = Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative() || callTimeout.isZero()) {
            throw new IllegalArgumentException("callTimeout must be positive");
        }
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
        JsonNode body = readJson(call(account, new HttpGet(uri("/v1/devices")), what), what);
        if (!body.isArray()) {
            throw unreadable(what, "expected a JSON array");
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
        HttpPut put = new HttpPut(uri("/v1/devices/" + selector(deviceId) + "/state"));
        put.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        Answer answer = call(account, put, what);
        JsonNode result = resultFor(readJson(answer, what).path("results"), deviceId, what);
        String status = result.path("status").asText("");
        switch (status) {
            case "ok":
                if (!result.path("state").isObject()) {
                    throw unreadable(what, "result 'ok' without the resulting state");
                }
                try {
                    return new CommandResult.Completed(
                            LumioMapping.toState(result.path("state"), true, result.path("seen_at"), answer.receivedAt()));
                } catch (IllegalArgumentException e) {
                    throw unreadable(what, e.getMessage());
                }
            case "offline":
                throw new AdapterException(Reason.DEVICE_OFFLINE, "Lumio device " + deviceId + " is offline"
                        + (result.path("seen_at").isTextual() ? " (last seen " + result.path("seen_at").asText() + ")" : ""));
            default:
                throw new AdapterException(Reason.VENDOR_ERROR,
                        what + ": Lumio answered result status '" + truncate(status) + "'");
        }
    }

    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) throws AdapterException {
        requireDeviceId(deviceId);
        String what = "state query of Lumio device " + deviceId;
        Answer answer = call(account, new HttpGet(uri("/v1/devices/" + selector(deviceId))), what);
        JsonNode device = resultFor(readJson(answer, what), deviceId, what);
        if (!device.path("connected").isBoolean()) {
            throw unreadable(what, "device without 'connected'");
        }
        try {
            return LumioMapping.toState(device.path("state"), device.path("connected").booleanValue(),
                    device.path("seen_at"), answer.receivedAt());
        } catch (IllegalArgumentException e) {
            throw unreadable(what, e.getMessage());
        }
    }

    // ------------------------------------------------------------------ HTTP

    /** A vendor answer: status, body text, Retry-After, and when it arrived. */
    private record Answer(int status, String body, String retryAfter, Instant receivedAt) {
    }

    /** Performs one call within the call timeout; non-2xx answers become typed exceptions. */
    private Answer call(VendorAccount account, HttpUriRequestBase request, String what) {
        String token = account.credential(ACCESS_TOKEN);
        request.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        request.setHeader(HttpHeaders.ACCEPT, ContentType.APPLICATION_JSON.getMimeType());
        Timeout timeout = Timeout.of(callTimeout);
        request.setConfig(RequestConfig.custom()
                .setConnectionRequestTimeout(timeout)
                .setResponseTimeout(timeout)
                .build());
        long started = System.nanoTime();
        ScheduledFuture<?> deadline = Deadlines.EXECUTOR.schedule(request::cancel, callTimeout.toNanos(), TimeUnit.NANOSECONDS);
        Answer answer;
        try {
            answer = httpClient.execute(request, response -> {
                String text;
                try {
                    text = response.getEntity() == null ? ""
                            : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8, MAX_BODY_CHARS);
                } catch (ParseException e) {
                    throw new IOException("unreadable response body", e);
                }
                Header retryAfter = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
                return new Answer(response.getCode(), text, retryAfter == null ? null : retryAfter.getValue(), Instant.now());
            });
        } catch (IOException e) {
            long elapsed = millisSince(started);
            String problem;
            if (request.isCancelled() || e instanceof SocketTimeoutException) {
                problem = "no answer within " + callTimeout.toMillis() + " ms";
            } else if (e instanceof ConnectTimeoutException) {
                problem = "could not connect in time";
            } else {
                problem = "cloud unreachable (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + scrub(e.getMessage(), token)) + ")";
            }
            LOG.debug("Lumio {} {} failed after {} ms: {}", request.getMethod(), request.getPath(), elapsed, problem);
            throw new AdapterException(Reason.VENDOR_UNAVAILABLE, what + ": " + problem, e);
        } finally {
            deadline.cancel(false);
        }
        LOG.debug("Lumio {} {} -> {} in {} ms", request.getMethod(), request.getPath(), answer.status(), millisSince(started));
        if (answer.status() / 100 != 2) {
            throw failure(answer, what, token);
        }
        return answer;
    }

    private static AdapterException failure(Answer answer, String what, String token) {
        int status = answer.status();
        JsonNode error = parseQuietly(answer.body());
        String code = error.path("error").asText("");
        String vendorMessage = scrub(error.path("message").asText(""), token);
        String message = what + ": Lumio answered HTTP " + status
                + (code.isEmpty() ? "" : " " + truncate(code))
                + (vendorMessage.isEmpty() ? "" : " (" + truncate(vendorMessage) + ")");
        if (status == 401 || status == 403) {
            return new AdapterException(Reason.CREDENTIALS_EXPIRED, message);
        }
        if (status == 404) {
            return new AdapterException(Reason.DEVICE_NOT_FOUND, message);
        }
        if (status == 422) {
            if (code.equals("value_out_of_range") && error.path("min").isNumber() && error.path("max").isNumber()) {
                return AdapterException.valueOutOfRange(message, error.path("min").doubleValue(), error.path("max").doubleValue());
            }
            return new AdapterException(Reason.INVALID_VALUE, message);
        }
        if (status == 429) {
            return new AdapterException(Reason.RATE_LIMITED,
                    message + (answer.retryAfter() == null ? "" : "; retry after " + truncate(answer.retryAfter()) + " s"));
        }
        if (status >= 500) {
            return new AdapterException(Reason.VENDOR_UNAVAILABLE, message);
        }
        return new AdapterException(Reason.VENDOR_ERROR, message);
    }

    private static JsonNode readJson(Answer answer, String what) {
        try {
            JsonNode node = MAPPER.readTree(answer.body());
            if (node == null || node.isMissingNode()) {
                throw unreadable(what, "empty body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw unreadable(what, "not JSON");
        }
    }

    private static JsonNode parseQuietly(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? MAPPER.missingNode() : node;
        } catch (JsonProcessingException e) {
            return MAPPER.missingNode();
        }
    }

    /** The element of an array answer that concerns the device. */
    private static JsonNode resultFor(JsonNode array, String deviceId, String what) {
        if (!array.isArray()) {
            throw unreadable(what, "expected a JSON array");
        }
        for (JsonNode element : array) {
            if (deviceId.equals(element.path("id").asText(null))) {
                return element;
            }
        }
        throw unreadable(what, "no entry for the device in the answer");
    }

    private static AdapterException unreadable(String what, String detail) {
        return new AdapterException(Reason.VENDOR_UNAVAILABLE, what + ": unreadable answer from Lumio (" + detail + ")");
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    /** The selector path segment for one device: {@code id:<deviceId>}, percent-encoded. */
    static String selector(String deviceId) {
        return "id:" + URLEncoder.encode(deviceId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void requireDeviceId(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new AdapterException(Reason.DEVICE_NOT_FOUND, "no Lumio device id given");
        }
    }

    private static String scrub(String text, String token) {
        return token == null || token.isEmpty() ? text : text.replace(token, "***");
    }

    private static String truncate(String text) {
        return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /** One daemon thread that cancels calls exceeding their deadline. */
    private static final class Deadlines {
        static final ScheduledThreadPoolExecutor EXECUTOR = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "lumio-call-deadline");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
