package dev.homewire.simulator.latchkey;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.homewire.simulator.VendorCloudSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Latchkey smart-lock cloud as a real HTTP server on 127.0.0.1, implementing
 * {@code docs/vendors/latchkey-cloud-api.md}: bearer-token accounts, {@code GET /v1/locks},
 * {@code GET /v1/locks/{id}}, {@code POST /v1/locks/{id}/operations} answering {@code 202}, and
 * the outcome delivered later as a signed webhook to the URL given to {@link #connectWebhook(URI)}.
 *
 * <p>Seeded with two demo accounts (users {@code alice} and {@code bob}); access tokens and the
 * webhook secret are random per instance. Operations complete after {@link #operationDelay()}
 * (default {@link #DEFAULT_OPERATION_DELAY}) on a scheduler thread, never on the API thread.
 * Webhooks are delivered one at a time in the order they were raised, each retried twice
 * (after 0.5 s and 2 s) when the receiver fails or does not answer 2xx; every attempt is signed
 * afresh. Thread-safe: all lock and operation state is guarded by one monitor.
 */
public final class LatchkeyCloudSimulator implements VendorCloudSimulator {

    public static final String ADAPTER_ID = "latchkey";

    public static final String ALICE_ACCOUNT_ID = "latchkey-acct-alice";
    public static final String BOB_ACCOUNT_ID = "latchkey-acct-bob";

    /** Alice's "Front Door", locked at start. */
    public static final String FRONT_DOOR_ID = "lk-alice-front-door";
    /** Alice's "Back Door", unlocked at start. */
    public static final String BACK_DOOR_ID = "lk-alice-back-door";
    /** Bob's "Garage Door", locked at start. */
    public static final String GARAGE_DOOR_ID = "lk-bob-garage-door";

    /** Setting keys of {@link #adapterSettings()}. */
    public static final String BASE_URL = "BASE_URL";
    public static final String WEBHOOK_SECRET = "WEBHOOK_SECRET";

    /** Webhook headers. */
    public static final String TIMESTAMP_HEADER = "Latchkey-Timestamp";
    public static final String SIGNATURE_HEADER = "Latchkey-Signature";
    public static final String EVENT_ID_HEADER = "Latchkey-Event-Id";

    /** How long an operation takes from acceptance to its webhook, unless configured otherwise. */
    public static final Duration DEFAULT_OPERATION_DELAY = Duration.ofSeconds(1);

    /** How long a call with an injected status-0 fault stays unanswered (unless the simulator closes first). */
    static final Duration HANG_TIME = Duration.ofSeconds(30);
    /** Pauses before the second and third delivery attempt of a webhook. */
    static final List<Duration> RETRY_BACKOFF = List.of(Duration.ofMillis(500), Duration.ofSeconds(2));
    /** How long one delivery attempt waits for the receiver's answer. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);
    /** Finished operations are remembered (for {@code GET …/operations/{id}}) up to this many. */
    private static final int MAX_OPERATIONS = 1000;

    static {
        // See the Lumio simulator: avoid ~40 ms Nagle/delayed-ACK stalls per answer.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final System.Logger LOG = System.getLogger(LatchkeyCloudSimulator.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String API_PREFIX = "/v1/";
    private static final String LOCKS_PATH = "/v1/locks";
    private static final Set<String> CHANGE_SOURCES = Set.of("manual", "keypad", "auto_lock", "app");

    private final Map<String, SimLock> locks = new LinkedHashMap<>(); // guarded by itself; also guards operations
    private final Map<String, SimOperation> operations = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, SimOperation> eldest) {
            return size() > MAX_OPERATIONS;
        }
    };
    private final Map<String, String> accountByToken;
    private final List<DemoAccount> demoAccounts;
    private final String webhookSecret;

    private volatile FaultSpec faults;
    private volatile Duration operationDelay;
    private volatile URI webhookUrl;
    private final Set<HttpExchange> pendingExchanges = ConcurrentHashMap.newKeySet();

    private final AtomicInteger totalCalls = new AtomicInteger();
    private final AtomicInteger operationCalls = new AtomicInteger();
    private final AtomicInteger webhookAttempts = new AtomicInteger();
    private final AtomicInteger deliveredWebhooks = new AtomicInteger();
    private final AtomicInteger abandonedWebhooks = new AtomicInteger();

    private final Object deliveryLock = new Object();
    private final ArrayDeque<Delivery> deliveryQueue = new ArrayDeque<>(); // guarded by deliveryLock
    private boolean delivering; // guarded by deliveryLock

    private HttpServer server; // guarded by this
    private ExecutorService handlerPool;
    private volatile ScheduledThreadPoolExecutor faultScheduler;
    private volatile ScheduledThreadPoolExecutor eventScheduler;
    private ExecutorService webhookPool;
    private volatile HttpClient webhookClient;
    private URI baseUrl;
    private volatile boolean closed;

    /** A simulator seeded with the demo accounts and locks, completing operations after {@link #DEFAULT_OPERATION_DELAY}. */
    public LatchkeyCloudSimulator() {
        this(DEFAULT_OPERATION_DELAY);
    }

    /**
     * A simulator seeded with the demo accounts and locks; call {@link #start(int)} to serve.
     *
     * @param operationDelay how long an accepted operation takes until its outcome is pushed (zero or more)
     */
    public LatchkeyCloudSimulator(Duration operationDelay) {
        setOperationDelay(operationDelay);
        Instant start = now();
        String aliceToken = newSecret("lk_");
        String bobToken = newSecret("lk_");
        this.webhookSecret = newSecret("lkwh_");
        this.accountByToken = Map.of(aliceToken, ALICE_ACCOUNT_ID, bobToken, BOB_ACCOUNT_ID);
        this.demoAccounts = List.of(
                new DemoAccount("alice", ALICE_ACCOUNT_ID, Map.of("accessToken", aliceToken)),
                new DemoAccount("bob", BOB_ACCOUNT_ID, Map.of("accessToken", bobToken)));

        add(new SimLock(FRONT_DOOR_ID, ALICE_ACCOUNT_ID, "Front Door", "Latchkey Deadbolt 2",
                SimLock.LOCKED, 87, start.minus(Duration.ofMinutes(42))));
        add(new SimLock(BACK_DOOR_ID, ALICE_ACCOUNT_ID, "Back Door", "Latchkey Lever",
                SimLock.UNLOCKED, 64, start.minus(Duration.ofMinutes(7))));
        add(new SimLock(GARAGE_DOOR_ID, BOB_ACCOUNT_ID, "Garage Door", "Latchkey Deadbolt 2",
                SimLock.LOCKED, 23, start.minus(Duration.ofHours(3))));
    }

    private void add(SimLock lock) {
        locks.put(lock.id, lock);
    }

    private static String newSecret(String prefix) {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    // ------------------------------------------------------------------ configuration

    /** How long accepted operations take until they complete and their webhook is sent. */
    public Duration operationDelay() {
        return operationDelay;
    }

    /** Changes the delay for operations accepted from now on. */
    public void setOperationDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("operation delay must not be negative");
        }
        this.operationDelay = delay;
    }

    /** The shared secret webhooks are signed with (also {@code adapterSettings().get("WEBHOOK_SECRET")}). */
    public String webhookSecret() {
        return webhookSecret;
    }

    // ------------------------------------------------------------------ VendorCloudSimulator

    @Override
    public String adapterId() {
        return ADAPTER_ID;
    }

    @Override
    public synchronized void start(int port) {
        if (closed) {
            throw new IllegalStateException("simulator is closed");
        }
        if (server != null) {
            throw new IllegalStateException("simulator already started at " + baseUrl);
        }
        try {
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            HttpServer created = HttpServer.create(new InetSocketAddress(loopback, port), 0);
            handlerPool = Executors.newFixedThreadPool(4, daemonThreads("latchkey-sim-http"));
            faultScheduler = new ScheduledThreadPoolExecutor(2, daemonThreads("latchkey-sim-fault"));
            faultScheduler.setRemoveOnCancelPolicy(true);
            // One thread: operations accepted in order complete in order.
            eventScheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("latchkey-sim-events"));
            eventScheduler.setRemoveOnCancelPolicy(true);
            webhookPool = Executors.newCachedThreadPool(daemonThreads("latchkey-sim-webhook"));
            webhookClient = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(webhookPool)
                    .build();
            created.setExecutor(handlerPool);
            created.createContext("/", this::handle);
            created.start();
            server = created;
            baseUrl = URI.create("http://127.0.0.1:" + created.getAddress().getPort());
        } catch (IOException e) {
            shutdownExecutors();
            throw new UncheckedIOException("cannot start the Latchkey simulator on port " + port, e);
        }
    }

    @Override
    public synchronized URI baseUrl() {
        if (baseUrl == null) {
            throw new IllegalStateException("simulator not started");
        }
        return baseUrl;
    }

    /** {@code BASE_URL} and {@code WEBHOOK_SECRET}. */
    @Override
    public Map<String, String> adapterSettings() {
        return Map.of(BASE_URL, baseUrl().toString(), WEBHOOK_SECRET, webhookSecret);
    }

    @Override
    public List<DemoAccount> demoAccounts() {
        return demoAccounts;
    }

    @Override
    public JsonNode devices() {
        ArrayNode all = NODES.arrayNode();
        synchronized (locks) {
            for (SimLock lock : locks.values()) {
                int pending = (int) operations.values().stream()
                        .filter(op -> op.lockId.equals(lock.id) && op.status.equals(SimOperation.PENDING)).count();
                all.add(lock.controlView(pending));
            }
        }
        return all;
    }

    @Override
    public void setFaults(FaultSpec faults) {
        this.faults = faults;
    }

    @Override
    public void clearFaults() {
        this.faults = null;
    }

    /**
     * Where webhooks go from now on (an http(s) URL); {@code null} stops deliveries. Events raised
     * while no URL is connected are dropped, as Latchkey drops events for an integration without
     * a webhook.
     */
    @Override
    public void connectWebhook(URI url) {
        if (url != null) {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException("webhook URL must be an absolute http(s) URL: " + url);
            }
        }
        this.webhookUrl = url;
    }

    /**
     * Changes a lock as if someone used it outside Alexa. Keys (all optional, at least one):
     * <ul>
     *   <li>{@code state}: {@code "locked"}, {@code "unlocked"} or {@code "jammed"} — someone turned
     *       the thumb turn (or the bolt jammed). Pushes {@code lock.state.changed} when the value
     *       changes while the lock is online;</li>
     *   <li>{@code source}: who changed {@code state}: {@code "manual"} (default), {@code "keypad"},
     *       {@code "auto_lock"} or {@code "app"};</li>
     *   <li>{@code online}: the lock drops off or comes back; pushes {@code lock.connectivity.changed};</li>
     *   <li>{@code battery}: integer percent 0–100 (no webhook);</li>
     *   <li>{@code jamOnNextOperation}: the next operation that reaches the lock ends {@code jammed}.</li>
     * </ul>
     * All-or-nothing. A state change while the lock is offline (before and after the call) is
     * not pushed; it becomes the last known state and travels with the connectivity event when
     * the lock comes back.
     */
    @Override
    public void changeDeviceState(String deviceId, JsonNode change) {
        if (change == null || !change.isObject() || change.isEmpty()) {
            throw new IllegalArgumentException("state must be a non-empty JSON object");
        }
        String state = null;
        String source = null;
        Boolean online = null;
        Integer battery = null;
        Boolean jam = null;
        for (Map.Entry<String, JsonNode> field : change.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "state" -> {
                    if (!value.isTextual() || !Set.of(SimLock.LOCKED, SimLock.UNLOCKED, SimLock.JAMMED).contains(value.asText())) {
                        throw new IllegalArgumentException("state must be \"locked\", \"unlocked\" or \"jammed\", not " + value);
                    }
                    state = value.asText();
                }
                case "source" -> {
                    if (!value.isTextual() || !CHANGE_SOURCES.contains(value.asText())) {
                        throw new IllegalArgumentException("source must be one of " + CHANGE_SOURCES + ", not " + value);
                    }
                    source = value.asText();
                }
                case "online" -> online = requireBoolean("online", value);
                case "jamOnNextOperation" -> jam = requireBoolean("jamOnNextOperation", value);
                case "battery" -> {
                    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0 || value.intValue() > 100) {
                        throw new IllegalArgumentException("battery must be an integer within 0..100, not " + value);
                    }
                    battery = value.intValue();
                }
                default -> throw new IllegalArgumentException("unknown key '" + field.getKey()
                        + "'; use state, source, online, battery, jamOnNextOperation");
            }
        }
        if (source != null && state == null) {
            throw new IllegalArgumentException("source only goes with state");
        }
        synchronized (locks) {
            SimLock lock = locks.get(deviceId);
            if (lock == null) {
                throw new IllegalArgumentException("unknown Latchkey lock " + deviceId);
            }
            Instant now = now();
            boolean wasOnline = lock.online;
            if (battery != null) {
                lock.battery = battery;
            }
            if (jam != null) {
                lock.jamOnNextOperation = jam;
            }
            if (state != null && !state.equals(lock.state)) {
                lock.state = state;
                if (wasOnline) {
                    lock.updatedAt = now;
                    ObjectNode event = event("lock.state.changed", lock);
                    event.put("state", lock.state);
                    event.put("source", source == null ? "manual" : source);
                    event.put("occurred_at", now.toString());
                    publish(event);
                }
            }
            if (online != null && online != wasOnline) {
                lock.online = online;
                lock.updatedAt = now;
                ObjectNode event = event("lock.connectivity.changed", lock);
                event.put("online", online);
                event.put("state", lock.state);
                event.put("occurred_at", now.toString());
                publish(event);
            }
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (HttpExchange exchange : List.copyOf(pendingExchanges)) {
            if (pendingExchanges.remove(exchange)) {
                exchange.close();
            }
        }
        HttpServer running;
        synchronized (this) {
            running = server;
        }
        if (running != null) {
            running.stop(0);
        }
        synchronized (deliveryLock) {
            deliveryQueue.clear();
        }
        shutdownExecutors();
    }

    private synchronized void shutdownExecutors() {
        for (ExecutorService executor : new ExecutorService[] {faultScheduler, eventScheduler, handlerPool, webhookPool}) {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }

    // ------------------------------------------------------------------ counters for tests

    /** API requests received so far (including failed and fault-injected ones). */
    public int totalCalls() {
        return totalCalls.get();
    }

    /** {@code POST /v1/locks/{id}/operations} requests received so far. */
    public int operationCalls() {
        return operationCalls.get();
    }

    /** Webhook delivery attempts made so far (first tries and retries). */
    public int webhookAttempts() {
        return webhookAttempts.get();
    }

    /** Webhooks the receiver acknowledged with a 2xx answer. */
    public int deliveredWebhooks() {
        return deliveredWebhooks.get();
    }

    /** Webhooks given up on after every attempt failed. */
    public int abandonedWebhooks() {
        return abandonedWebhooks.get();
    }

    // ------------------------------------------------------------------ operations and events

    /** Completes an accepted operation; runs on the event scheduler. */
    private void complete(String operationId) {
        synchronized (locks) {
            SimOperation operation = operations.get(operationId);
            if (operation == null || !operation.status.equals(SimOperation.PENDING)) {
                return;
            }
            SimLock lock = locks.get(operation.lockId);
            Instant now = now();
            if (!lock.online) {
                operation.status = SimOperation.FAILED;
                operation.error = "lock_offline";
            } else if (lock.jamOnNextOperation) {
                lock.jamOnNextOperation = false;
                lock.state = SimLock.JAMMED;
                lock.updatedAt = now;
                operation.status = SimOperation.FAILED;
                operation.error = "jammed";
            } else {
                lock.state = operation.action.equals("lock") ? SimLock.LOCKED : SimLock.UNLOCKED;
                lock.updatedAt = now;
                operation.status = SimOperation.SUCCEEDED;
            }
            operation.resultState = lock.state;
            operation.completedAt = now;

            ObjectNode event = event("lock.operation.completed", lock);
            event.put("operation_id", operation.id);
            event.put("action", operation.action);
            event.put("result", operation.status);
            if (operation.error != null) {
                event.put("error", operation.error);
            }
            event.put("state", lock.state);
            event.put("source", "remote");
            event.put("occurred_at", now.toString());
            publish(event);
        }
    }

    /** The common head of every event: id, type, account and lock. */
    private static ObjectNode event(String type, SimLock lock) {
        ObjectNode event = NODES.objectNode();
        event.put("event_id", newSecret("evt_").substring(0, 28));
        event.put("type", type);
        event.put("account_id", lock.accountId);
        event.put("lock_id", lock.id);
        return event;
    }

    private record Delivery(String eventId, byte[] body, int attempt) {
    }

    /** Queues an event for delivery; deliveries go out one at a time, in order. */
    private void publish(ObjectNode event) {
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a webhook event", e);
        }
        synchronized (deliveryLock) {
            if (closed || webhookClient == null || webhookUrl == null) {
                LOG.log(System.Logger.Level.DEBUG, "Latchkey simulator: no webhook connected, dropping {0}", event.path("type").asText());
                return;
            }
            deliveryQueue.add(new Delivery(event.path("event_id").asText(), body, 1));
            if (!delivering) {
                delivering = true;
                deliverNext();
            }
        }
    }

    /** Sends the head of the queue; caller holds deliveryLock and has set {@code delivering}. */
    private void deliverNext() {
        Delivery delivery = deliveryQueue.poll();
        URI url = webhookUrl;
        if (delivery == null || closed || url == null) {
            delivering = false;
            deliveryQueue.clear();
            return;
        }
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(DELIVERY_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Latchkey-Webhooks/1.0")
                .header(EVENT_ID_HEADER, delivery.eventId())
                .header(TIMESTAMP_HEADER, timestamp)
                .header(SIGNATURE_HEADER, "v1=" + sign(webhookSecret, timestamp, delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                .build();
        webhookAttempts.incrementAndGet();
        try {
            webhookClient.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> delivered(delivery, response, failure));
        } catch (RuntimeException closing) {
            delivered(delivery, null, closing);
        }
    }

    private void delivered(Delivery delivery, HttpResponse<Void> response, Throwable failure) {
        synchronized (deliveryLock) {
            if (failure == null && response.statusCode() / 100 == 2) {
                deliveredWebhooks.incrementAndGet();
                deliverNext();
                return;
            }
            String problem = failure != null ? failure.getClass().getSimpleName() : "HTTP " + response.statusCode();
            if (delivery.attempt() > RETRY_BACKOFF.size() || closed) {
                abandonedWebhooks.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "Latchkey simulator: webhook {0} abandoned after {1} attempts ({2})",
                        delivery.eventId(), delivery.attempt(), problem);
                deliverNext();
                return;
            }
            Duration pause = RETRY_BACKOFF.get(delivery.attempt() - 1);
            LOG.log(System.Logger.Level.DEBUG, "Latchkey simulator: webhook {0} attempt {1} failed ({2}); retrying in {3} ms",
                    delivery.eventId(), delivery.attempt(), problem, pause.toMillis());
            deliveryQueue.addFirst(new Delivery(delivery.eventId(), delivery.body(), delivery.attempt() + 1));
            try {
                eventScheduler.schedule(() -> {
                    synchronized (deliveryLock) {
                        deliverNext();
                    }
                }, pause.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shutDown) {
                delivering = false;
                deliveryQueue.clear();
            }
        }
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"} with the secret's UTF-8 bytes as key. */
    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) {
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            count(method, path);

            FaultSpec fault = faults;
            if (fault != null && fault.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < fault.failureRate()) {
                injectFault(exchange, fault);
                return;
            }
            Answer answer;
            try {
                answer = route(method, path, exchange.getRequestHeaders().getFirst("Authorization"), body);
            } catch (ApiError error) {
                send(exchange, error.status, error.body, error.headers);
                return;
            }
            send(exchange, answer.status(), answer.body(), Map.of());
        } catch (RuntimeException | IOException e) {
            ApiError error = ApiError.of(500, "internal_error", "simulator failure: " + e.getClass().getSimpleName());
            send(exchange, error.status, error.body, Map.of());
        }
    }

    private void count(String method, String path) {
        totalCalls.incrementAndGet();
        if (method.equals("POST") && path.startsWith(LOCKS_PATH + "/") && path.endsWith("/operations")) {
            operationCalls.incrementAndGet();
        }
    }

    private void injectFault(HttpExchange exchange, FaultSpec fault) {
        pendingExchanges.add(exchange);
        try {
            if (fault.status() == 0) {
                // Never answer (within HANG_TIME): then drop the connection without a response.
                faultScheduler.schedule(() -> {
                    if (pendingExchanges.remove(exchange)) {
                        exchange.close();
                    }
                }, HANG_TIME.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            ApiError error = ApiError.injected(fault.status());
            Runnable answer = () -> {
                if (pendingExchanges.remove(exchange)) {
                    send(exchange, error.status, error.body, error.headers);
                }
            };
            if (fault.latencyMs() > 0) {
                faultScheduler.schedule(answer, fault.latencyMs(), TimeUnit.MILLISECONDS);
            } else {
                answer.run();
            }
        } catch (RejectedExecutionException closing) {
            if (pendingExchanges.remove(exchange)) {
                exchange.close();
            }
        }
    }

    private static void send(HttpExchange exchange, int status, JsonNode body, Map<String, String> headers) {
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(body);
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException clientGone) {
            // The client hung up (e.g. it timed out); nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private record Answer(int status, JsonNode body) {
    }

    /** Answers the request or throws the documented error. */
    private Answer route(String method, String path, String authorization, byte[] body) throws ApiError {
        if (!path.startsWith(API_PREFIX) && !path.equals("/v1")) {
            throw ApiError.notFound("no such path " + path);
        }
        String accountId = authenticate(authorization);
        if (!path.equals(LOCKS_PATH) && !path.startsWith(LOCKS_PATH + "/")) {
            throw ApiError.notFound("no such path " + path);
        }
        String rest = path.substring(LOCKS_PATH.length());
        if (rest.isEmpty() || rest.equals("/")) {
            requireMethod(method, "GET");
            return new Answer(200, listLocks(accountId));
        }
        String[] segments = rest.substring(1).split("/", -1);
        if (segments[0].isEmpty()) {
            throw ApiError.notFound("no such path " + path);
        }
        String lockId = decode(segments[0]);
        if (segments.length == 1 || (segments.length == 2 && segments[1].isEmpty())) {
            requireMethod(method, "GET");
            synchronized (locks) {
                return new Answer(200, ownLock(accountId, lockId).apiLock());
            }
        }
        if (segments[1].equals("operations")) {
            if (segments.length == 2 || (segments.length == 3 && segments[2].isEmpty())) {
                requireMethod(method, "POST");
                return new Answer(202, startOperation(accountId, lockId, body));
            }
            if (segments.length == 3) {
                requireMethod(method, "GET");
                return new Answer(200, getOperation(accountId, lockId, decode(segments[2])));
            }
        }
        throw ApiError.notFound("no such path " + path);
    }

    private String authenticate(String authorization) throws ApiError {
        if (authorization == null) {
            throw ApiError.unauthorized();
        }
        String value = authorization.trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiError.unauthorized();
        }
        String accountId = accountByToken.get(value.substring(7).trim());
        if (accountId == null) {
            throw ApiError.unauthorized();
        }
        return accountId;
    }

    private static void requireMethod(String method, String allowed) throws ApiError {
        if (!method.equals(allowed)) {
            throw ApiError.methodNotAllowed(allowed);
        }
    }

    private static String decode(String segment) throws ApiError {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("malformed percent-encoding in the path");
        }
    }

    private ObjectNode listLocks(String accountId) {
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("locks");
        synchronized (locks) {
            locks.values().stream().filter(l -> l.accountId.equals(accountId)).forEach(l -> list.add(l.apiLock()));
        }
        return answer;
    }

    /** The account's lock; caller holds the monitor. Another account's lock is "not found". */
    private SimLock ownLock(String accountId, String lockId) throws ApiError {
        SimLock lock = locks.get(lockId);
        if (lock == null || !lock.accountId.equals(accountId)) {
            throw ApiError.notFound("no lock " + lockId);
        }
        return lock;
    }

    private ObjectNode startOperation(String accountId, String lockId, byte[] body) throws ApiError {
        synchronized (locks) {
            ownLock(accountId, lockId);
        }
        JsonNode request;
        try {
            request = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("body is not valid JSON");
        }
        if (request == null || !request.isObject()) {
            throw ApiError.badRequest("body must be a JSON object");
        }
        String action = null;
        for (Map.Entry<String, JsonNode> field : request.properties()) {
            if (!field.getKey().equals("action")) {
                throw ApiError.badRequest("unknown field '" + field.getKey() + "'");
            }
            JsonNode value = field.getValue();
            if (!value.isTextual() || !(value.asText().equals("lock") || value.asText().equals("unlock"))) {
                throw ApiError.badRequest("action must be \"lock\" or \"unlock\"");
            }
            action = value.asText();
        }
        if (action == null) {
            throw ApiError.badRequest("body needs an action: \"lock\" or \"unlock\"");
        }
        FaultSpec fault = faults;
        boolean drop = fault != null && fault.dropCommands();
        Duration delay = operationDelay;
        synchronized (locks) {
            SimLock lock = ownLock(accountId, lockId);
            if (!lock.online) {
                throw ApiError.lockOffline(lockId);
            }
            SimOperation operation = new SimOperation(newSecret("op_").substring(0, 27), lockId, accountId, action, now());
            operations.put(operation.id, operation);
            if (!drop) {
                try {
                    eventScheduler.schedule(() -> complete(operation.id), delay.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closing) {
                    throw ApiError.of(503, "unavailable", "shutting down");
                }
            }
            return operation.apiOperation();
        }
    }

    private ObjectNode getOperation(String accountId, String lockId, String operationId) throws ApiError {
        synchronized (locks) {
            ownLock(accountId, lockId);
            SimOperation operation = operations.get(operationId);
            if (operation == null || !operation.lockId.equals(lockId)) {
                throw ApiError.notFound("no operation " + operationId + " on lock " + lockId);
            }
            return operation.apiOperation();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean requireBoolean(String key, JsonNode value) {
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(key + " must be true or false");
        }
        return value.booleanValue();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
