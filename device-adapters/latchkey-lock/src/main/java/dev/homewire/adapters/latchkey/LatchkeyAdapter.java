package dev.homewire.adapters.latchkey;

import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
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
 * The {@link InteractionStyle#ASYNC_PUSH} adapter for the Latchkey smart-lock cloud
 * (docs/vendors/latchkey-cloud-api.md). Commands are {@code POST /v1/locks/{id}/operations},
 * answered {@code 202} with an operation id ({@link CommandResult.Accepted}); the outcome arrives
 * seconds later on Latchkey's signed webhook, which {@link #push()} verifies and parses. State
 * queries are {@code GET /v1/locks/{id}}, and {@code GET /v1/locks} for several locks at once.
 *
 * <p>Every call is bounded by the context's call timeout twice over: as the request's
 * connection-request and response timeouts, and as a hard deadline that cancels the exchange.
 * The account's {@code accessToken} is sent as a bearer token and never appears in exception
 * messages or logs; neither do the webhook secrets.
 */
public final class LatchkeyAdapter implements DeviceAdapter {

    public static final String ID = "latchkey";
    /** The {@link VendorAccount} credential holding the Latchkey OAuth access token. */
    public static final String ACCESS_TOKEN = "accessToken";

    private static final Logger LOG = LoggerFactory.getLogger(LatchkeyAdapter.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MAX_BODY_CHARS = 1 << 20;
    private static final int MAX_MESSAGE_CHARS = 300;

    private final String baseUrl;
    private final CloseableHttpClient httpClient;
    private final Duration callTimeout;
    private final LatchkeyWebhooks webhooks;

    /**
     * @param baseUrl        where the Latchkey API lives, without {@code /v1} (e.g. {@code https://api.latchkey.example})
     * @param webhookSecrets the webhook signing secrets (one, or the new and old during a rotation)
     * @param httpClient     shared client; not closed by the adapter
     * @param callTimeout    upper bound of one call to the Latchkey cloud
     */
    public LatchkeyAdapter(URI baseUrl, List<String> webhookSecrets, CloseableHttpClient httpClient, Duration callTimeout) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null
                || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("Latchkey base URL must be an http(s) URL without query: " + baseUrl);
        }
        String url = baseUrl.toString();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        this.baseUrl = url;
        this.webhooks = new LatchkeyWebhooks(webhookSecrets);
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
        JsonNode locks = locksOf(readJson(call(account, new HttpGet(uri("/v1/locks")), what, false), what), what);
        List<Device> devices = new ArrayList<>();
        for (JsonNode lock : locks) {
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
        HttpPost post = new HttpPost(uri("/v1/locks/" + segment(deviceId) + "/operations"));
        post.setEntity(new StringEntity(body.toString(), ContentType.APPLICATION_JSON));
        JsonNode answer = readJson(call(account, post, what, true), what);
        JsonNode operationId = answer.path("operation_id");
        if (!operationId.isTextual() || operationId.asText().isBlank()) {
            throw unreadable(what, "no operation_id");
        }
        LOG.debug("Latchkey accepted {} as operation {}", what, operationId.asText());
        return new CommandResult.Accepted(operationId.asText());
    }

    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) throws AdapterException {
        requireDeviceId(deviceId);
        String what = "state query of Latchkey lock " + deviceId;
        Answer answer = call(account, new HttpGet(uri("/v1/locks/" + segment(deviceId))), what, true);
        JsonNode lock = readJson(answer, what);
        if (!lock.isObject() || !deviceId.equals(lock.path("id").asText(null))) {
            throw unreadable(what, "not the requested lock");
        }
        try {
            return LatchkeyMapping.toState(lock, answer.receivedAt());
        } catch (IllegalArgumentException e) {
            throw unreadable(what, e.getMessage());
        }
    }

    /** One {@code GET /v1/locks} for all of them; locks Latchkey no longer lists are left out. */
    @Override
    public Map<String, DeviceState> queryStates(VendorAccount account, Collection<String> deviceIds) throws AdapterException {
        Set<String> wanted = new LinkedHashSet<>(deviceIds);
        if (wanted.isEmpty()) {
            return Map.of();
        }
        String what = "state query of " + wanted.size() + " Latchkey locks of account " + account.accountId();
        Answer answer = call(account, new HttpGet(uri("/v1/locks")), what, false);
        Map<String, DeviceState> found = new LinkedHashMap<>();
        for (JsonNode lock : locksOf(readJson(answer, what), what)) {
            String id = lock.path("id").asText(null);
            if (id == null || !wanted.contains(id)) {
                continue;
            }
            try {
                found.put(id, LatchkeyMapping.toState(lock, answer.receivedAt()));
            } catch (IllegalArgumentException e) {
                // Leaving it out would read as "deleted at Latchkey"; fail the batch instead.
                throw unreadable(what, "lock " + id + ": " + e.getMessage());
            }
        }
        Map<String, DeviceState> ordered = new LinkedHashMap<>();
        wanted.stream().filter(found::containsKey).forEach(id -> ordered.put(id, found.get(id)));
        return ordered;
    }

    // ------------------------------------------------------------------ HTTP

    /** A vendor answer: status, body text, Retry-After, and when it arrived. */
    private record Answer(int status, String body, String retryAfter, Instant receivedAt) {
    }

    /**
     * Performs one call within the call timeout; non-2xx answers become typed exceptions.
     *
     * @param addressesLock whether the path names one lock (so a 404 means that lock is gone)
     */
    private Answer call(VendorAccount account, HttpUriRequestBase request, String what, boolean addressesLock) {
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
            LOG.debug("Latchkey {} {} failed after {} ms: {}", request.getMethod(), request.getPath(), elapsed, problem);
            throw new AdapterException(Reason.VENDOR_UNAVAILABLE, what + ": " + problem, e);
        } finally {
            deadline.cancel(false);
        }
        LOG.debug("Latchkey {} {} -> {} in {} ms", request.getMethod(), request.getPath(), answer.status(), millisSince(started));
        if (answer.status() / 100 != 2) {
            throw failure(answer, what, token, addressesLock);
        }
        return answer;
    }

    private static AdapterException failure(Answer answer, String what, String token, boolean addressesLock) {
        int status = answer.status();
        JsonNode error = parseQuietly(answer.body());
        String code = error.path("error").asText("");
        String vendorMessage = scrub(error.path("message").asText(""), token);
        String message = what + ": Latchkey answered HTTP " + status
                + (code.isEmpty() ? "" : " " + truncate(code))
                + (vendorMessage.isEmpty() ? "" : " (" + truncate(vendorMessage) + ")");
        if (status == 401 || status == 403) {
            return new AdapterException(Reason.CREDENTIALS_EXPIRED, message);
        }
        if (status == 404 && addressesLock) {
            return new AdapterException(Reason.DEVICE_NOT_FOUND, message);
        }
        if (status == 409 && code.equals("lock_offline")) {
            return new AdapterException(Reason.DEVICE_OFFLINE, message);
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

    /** The {@code locks} array of a {@code GET /v1/locks} answer. */
    private static JsonNode locksOf(JsonNode answer, String what) {
        JsonNode locks = answer.path("locks");
        if (!locks.isArray()) {
            throw unreadable(what, "expected an object with a 'locks' array");
        }
        return locks;
    }

    private static AdapterException unreadable(String what, String detail) {
        return new AdapterException(Reason.VENDOR_UNAVAILABLE, what + ": unreadable answer from Latchkey (" + truncate(detail) + ")");
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    /** One percent-encoded path segment. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void requireDeviceId(String deviceId) {
        if (deviceId == null || deviceId.isBlank()) {
            throw new AdapterException(Reason.DEVICE_NOT_FOUND, "no Latchkey lock id given");
        }
    }

    private static String scrub(String text, String token) {
        return token == null || token.isEmpty() ? text : text.replace(token, "***");
    }

    static String truncate(String text) {
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
                Thread thread = new Thread(runnable, "latchkey-call-deadline");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
