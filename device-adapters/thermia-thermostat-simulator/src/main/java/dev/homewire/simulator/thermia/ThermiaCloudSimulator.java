package dev.homewire.simulator.thermia;

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
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Thermia thermostat cloud as a real HTTP server on 127.0.0.1, implementing
 * {@code docs/vendors/thermia-cloud-api.md}: bearer-token accounts, the cheap
 * {@code GET /v1/summary} (a revision per thermostat), thermostat details, and commands
 * ({@code PUT …/setpoint}, {@code PUT …/mode}) that answer {@code 202} and are applied by a
 * scheduler after the {@linkplain #applyDelay() apply delay}. The cloud never pushes.
 *
 * <p>Seeded with two demo accounts (users {@code alice} and {@code bob}) whose access tokens are
 * random per instance. Thread-safe: all thermostat state is guarded by one lock.
 */
public final class ThermiaCloudSimulator implements VendorCloudSimulator {

    public static final String ADAPTER_ID = "thermia";

    public static final String ALICE_ACCOUNT_ID = "thermia-acct-alice";
    public static final String BOB_ACCOUNT_ID = "thermia-acct-bob";

    /** Alice's "Living Room Thermostat": heat, 20.0 °C, ambient 19.5 °C, 7–30 °C, every mode. */
    public static final String LIVING_ROOM_ID = "th-alice-living-room";
    /** Alice's "Bedroom Thermostat": eco, 17.0 °C, ambient 18.0 °C, 5–25 °C, heat/eco/off only. */
    public static final String BEDROOM_ID = "th-alice-bedroom";
    /** Bob's "Office Thermostat": auto, 21.5 °C, ambient 22.4 °C, 7–30 °C, every mode. */
    public static final String OFFICE_ID = "th-bob-office";

    /** How long an accepted command takes to reach the thermostat unless configured otherwise. */
    public static final Duration DEFAULT_APPLY_DELAY = Duration.ofSeconds(2);
    /** Most ids one {@code GET /v1/thermostats?ids=…} may ask for. */
    public static final int MAX_IDS_PER_REQUEST = 25;

    /** How long a call with an injected status-0 fault stays unanswered (unless the simulator closes first). */
    static final Duration HANG_TIME = Duration.ofSeconds(30);

    static {
        // The JDK server writes headers and body in separate segments; with Nagle's algorithm
        // against the client's delayed ACK that costs ~40 ms per answer. Read once by the JDK
        // when its HttpServer is first used, so only set if nobody chose otherwise.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String API_PREFIX = "/v1/";
    private static final String SUMMARY_PATH = "/v1/summary";
    private static final String THERMOSTATS_PATH = "/v1/thermostats";
    private static final double MIN_AMBIENT = -40.0;
    private static final double MAX_AMBIENT = 60.0;

    private final Map<String, SimThermostat> thermostats = new LinkedHashMap<>(); // guarded by itself
    /** Accepted, not yet applied changes by request id, in acceptance order; guarded by {@link #thermostats}. */
    private final Map<String, PendingChange> pending = new LinkedHashMap<>();
    private final Map<String, String> accountByToken;
    private final List<DemoAccount> demoAccounts;

    private volatile FaultSpec faults;
    private volatile Duration applyDelay;
    private final Set<HttpExchange> pendingExchanges = ConcurrentHashMap.newKeySet();

    private final AtomicInteger totalCalls = new AtomicInteger();
    private final AtomicInteger summaryCalls = new AtomicInteger();
    private final AtomicInteger detailCalls = new AtomicInteger();
    private final AtomicInteger commandCalls = new AtomicInteger();
    private final AtomicInteger acceptedCommands = new AtomicInteger();
    private final AtomicInteger droppedCommands = new AtomicInteger();
    private final AtomicInteger appliedChanges = new AtomicInteger();
    private final AtomicInteger discardedChanges = new AtomicInteger();
    private final Map<String, AtomicInteger> detailFetches = new ConcurrentHashMap<>();

    private HttpServer server; // guarded by this
    private ExecutorService handlerPool;
    private ScheduledExecutorService scheduler;
    private URI baseUrl;
    private boolean closed;

    /** A simulator with the {@link #DEFAULT_APPLY_DELAY}; call {@link #start(int)} to serve. */
    public ThermiaCloudSimulator() {
        this(DEFAULT_APPLY_DELAY);
    }

    /**
     * A simulator seeded with the demo accounts and thermostats.
     *
     * @param applyDelay how long after the {@code 202} an accepted command takes effect (tests use ~200 ms)
     */
    public ThermiaCloudSimulator(Duration applyDelay) {
        setApplyDelay(applyDelay);
        Instant now = now();
        String revisionTag = HexFormat.of().formatHex(randomBytes(3));
        String aliceToken = newToken();
        String bobToken = newToken();
        this.accountByToken = Map.of(aliceToken, ALICE_ACCOUNT_ID, bobToken, BOB_ACCOUNT_ID);
        this.demoAccounts = List.of(
                new DemoAccount("alice", ALICE_ACCOUNT_ID, Map.of("accessToken", aliceToken)),
                new DemoAccount("bob", BOB_ACCOUNT_ID, Map.of("accessToken", bobToken)));

        SimThermostat livingRoom = add(new SimThermostat(LIVING_ROOM_ID, ALICE_ACCOUNT_ID, "Living Room Thermostat",
                "Thermia Sense 2", 7.0, 30.0, SimThermostat.ALL_MODES, revisionTag, now));
        livingRoom.mode = "heat";
        livingRoom.setpoint = 20.0;
        livingRoom.ambient = 19.5;

        SimThermostat bedroom = add(new SimThermostat(BEDROOM_ID, ALICE_ACCOUNT_ID, "Bedroom Thermostat",
                "Thermia Sense Mini", 5.0, 25.0, List.of("heat", "eco", "off"), revisionTag, now));
        bedroom.mode = "eco";
        bedroom.setpoint = 17.0;
        bedroom.ambient = 18.0;

        SimThermostat office = add(new SimThermostat(OFFICE_ID, BOB_ACCOUNT_ID, "Office Thermostat",
                "Thermia Sense 2", 7.0, 30.0, SimThermostat.ALL_MODES, revisionTag, now));
        office.mode = "auto";
        office.setpoint = 21.5;
        office.ambient = 22.4;
    }

    private SimThermostat add(SimThermostat thermostat) {
        thermostats.put(thermostat.id, thermostat);
        return thermostat;
    }

    private static String newToken() {
        return "thm_" + HexFormat.of().formatHex(randomBytes(20));
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    // ------------------------------------------------------------------ configuration

    /** How long after the {@code 202} an accepted command takes effect. */
    public Duration applyDelay() {
        return applyDelay;
    }

    /** Changes the apply delay for commands accepted from now on (already accepted ones keep theirs). */
    public void setApplyDelay(Duration applyDelay) {
        Objects.requireNonNull(applyDelay, "applyDelay");
        if (applyDelay.isNegative()) {
            throw new IllegalArgumentException("applyDelay must not be negative");
        }
        this.applyDelay = applyDelay;
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
            handlerPool = Executors.newFixedThreadPool(4, daemonThreads("thermia-sim-http"));
            ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2, daemonThreads("thermia-sim-timer"));
            timers.setRemoveOnCancelPolicy(true);
            scheduler = timers;
            created.setExecutor(handlerPool);
            created.createContext("/", this::handle);
            created.start();
            server = created;
            baseUrl = URI.create("http://127.0.0.1:" + created.getAddress().getPort());
        } catch (IOException e) {
            shutdownExecutors();
            throw new UncheckedIOException("cannot start the Thermia simulator on port " + port, e);
        }
    }

    @Override
    public synchronized URI baseUrl() {
        if (baseUrl == null) {
            throw new IllegalStateException("simulator not started");
        }
        return baseUrl;
    }

    @Override
    public Map<String, String> adapterSettings() {
        return Map.of("BASE_URL", baseUrl().toString());
    }

    @Override
    public List<DemoAccount> demoAccounts() {
        return demoAccounts;
    }

    /**
     * Every thermostat as {@code {"deviceId","accountId","name","model","online","mode","setpoint",
     * "ambient","revision","setpointRange","supportedModes","updatedAt","changedAt"}}, plus
     * {@code "pending":[{"requestId","field","value","acceptedAt","dueAt"}]} while accepted
     * commands wait to be applied.
     */
    @Override
    public JsonNode devices() {
        Instant now = now();
        ArrayNode all = NODES.arrayNode();
        synchronized (thermostats) {
            for (SimThermostat thermostat : thermostats.values()) {
                ObjectNode view = thermostat.controlView(now);
                List<PendingChange> waiting = pending.values().stream()
                        .filter(change -> change.thermostatId().equals(thermostat.id)).toList();
                if (!waiting.isEmpty()) {
                    ArrayNode list = view.putArray("pending");
                    for (PendingChange change : waiting) {
                        ObjectNode entry = list.addObject();
                        entry.put("requestId", change.requestId());
                        entry.put("field", change.field());
                        entry.set("value", change.value());
                        entry.put("acceptedAt", change.acceptedAt().toString());
                        entry.put("dueAt", change.dueAt().toString());
                    }
                }
                all.add(view);
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
     * Changes a thermostat as the world would, outside Alexa. Keys: {@code ambient} (°C, −40–60:
     * the room warms up or cools down), {@code setpoint} (°C within the thermostat's range) and
     * {@code mode} (a supported mode) — someone at the wall unit or in the Thermia app — and
     * {@code online} (boolean). Numbers are rounded to one decimal. All-or-nothing; every
     * accepted call bumps the revision. Values changed while the thermostat is offline become its
     * last known values.
     */
    @Override
    public void changeDeviceState(String deviceId, JsonNode state) {
        if (state == null || !state.isObject() || state.isEmpty()) {
            throw new IllegalArgumentException("state must be a non-empty JSON object");
        }
        synchronized (thermostats) {
            SimThermostat thermostat = thermostats.get(deviceId);
            if (thermostat == null) {
                throw new IllegalArgumentException("no simulated Thermia thermostat " + deviceId);
            }
            Boolean online = null;
            Double ambient = null;
            Double setpoint = null;
            String mode = null;
            for (Map.Entry<String, JsonNode> field : state.properties()) {
                JsonNode value = field.getValue();
                switch (field.getKey()) {
                    case "online" -> {
                        if (!value.isBoolean()) {
                            throw new IllegalArgumentException("online must be true or false");
                        }
                        online = value.booleanValue();
                    }
                    case "ambient" -> {
                        if (!value.isNumber() || !(value.doubleValue() >= MIN_AMBIENT && value.doubleValue() <= MAX_AMBIENT)) {
                            throw new IllegalArgumentException("ambient must be a number within " + MIN_AMBIENT + ".."
                                    + MAX_AMBIENT + " °C, not " + value);
                        }
                        ambient = SimThermostat.oneDecimal(value.doubleValue());
                    }
                    case "setpoint" -> {
                        double rounded = value.isNumber() ? SimThermostat.oneDecimal(value.doubleValue()) : Double.NaN;
                        if (!thermostat.accepts(rounded)) {
                            throw new IllegalArgumentException("setpoint must be a number within " + thermostat.minSetpoint
                                    + ".." + thermostat.maxSetpoint + " °C, not " + value);
                        }
                        setpoint = rounded;
                    }
                    case "mode" -> {
                        if (!value.isTextual() || !thermostat.supports(value.asText())) {
                            throw new IllegalArgumentException("mode must be one of " + thermostat.supportedModes + ", not " + value);
                        }
                        mode = value.asText();
                    }
                    default -> throw new IllegalArgumentException("unknown key '" + field.getKey()
                            + "'; use online, ambient, setpoint, mode");
                }
            }
            Instant now = now();
            if (ambient != null) {
                thermostat.ambient = ambient;
            }
            if (setpoint != null) {
                thermostat.setpoint = setpoint;
            }
            if (mode != null) {
                thermostat.mode = mode;
            }
            if (online != null && online != thermostat.online) {
                thermostat.online = online;
                thermostat.offlineSince = online ? null : now;
            }
            thermostat.bump(now);
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
        shutdownExecutors();
        synchronized (thermostats) {
            pending.clear();
        }
    }

    private synchronized void shutdownExecutors() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (handlerPool != null) {
            handlerPool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ counters for tests

    /** API requests received so far (including failed and fault-injected ones). */
    public int totalCalls() {
        return totalCalls.get();
    }

    /** {@code GET /v1/summary} requests received so far. */
    public int summaryCalls() {
        return summaryCalls.get();
    }

    /** {@code GET /v1/thermostats[?ids=…]} and {@code GET /v1/thermostats/{id}} requests received so far. */
    public int detailCalls() {
        return detailCalls.get();
    }

    /** {@code PUT /v1/thermostats/{id}/setpoint|mode} requests received so far. */
    public int commandCalls() {
        return commandCalls.get();
    }

    /** How often a detail answer has included this thermostat (list, {@code ?ids=} or single GET). */
    public int detailFetches(String thermostatId) {
        AtomicInteger count = detailFetches.get(thermostatId);
        return count == null ? 0 : count.get();
    }

    /** Commands answered {@code 202} (dropped ones included). */
    public int acceptedCommands() {
        return acceptedCommands.get();
    }

    /** Commands answered {@code 202} but never applied because of {@link FaultSpec#dropCommands()}. */
    public int droppedCommands() {
        return droppedCommands.get();
    }

    /** Accepted commands that have taken effect. */
    public int appliedChanges() {
        return appliedChanges.get();
    }

    /** Accepted commands discarded because their thermostat was offline when they fell due. */
    public int discardedChanges() {
        return discardedChanges.get();
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
                answer = route(method, path, exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders().getFirst("Authorization"), body);
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
        if (path.equals(SUMMARY_PATH) && method.equals("GET")) {
            summaryCalls.incrementAndGet();
        } else if (path.equals(THERMOSTATS_PATH) || path.startsWith(THERMOSTATS_PATH + "/")) {
            if (method.equals("PUT") && (path.endsWith("/setpoint") || path.endsWith("/mode"))) {
                commandCalls.incrementAndGet();
            } else if (method.equals("GET")) {
                detailCalls.incrementAndGet();
            }
        }
    }

    private void injectFault(HttpExchange exchange, FaultSpec fault) {
        pendingExchanges.add(exchange);
        try {
            if (fault.status() == 0) {
                // Never answer (within HANG_TIME): then drop the connection without a response.
                scheduler.schedule(() -> {
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
                scheduler.schedule(answer, fault.latencyMs(), TimeUnit.MILLISECONDS);
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
    private Answer route(String method, String path, String rawQuery, String authorization, byte[] body) throws ApiError {
        if (!path.startsWith(API_PREFIX) && !path.equals("/v1")) {
            throw ApiError.notFound("no such path " + path);
        }
        String accountId = authenticate(authorization);
        if (path.equals(SUMMARY_PATH)) {
            requireMethod(method, "GET");
            return new Answer(200, summary(accountId));
        }
        if (!path.equals(THERMOSTATS_PATH) && !path.startsWith(THERMOSTATS_PATH + "/")) {
            throw ApiError.notFound("no such path " + path);
        }
        String rest = path.substring(THERMOSTATS_PATH.length());
        if (rest.isEmpty() || rest.equals("/")) {
            requireMethod(method, "GET");
            return new Answer(200, listThermostats(accountId, idsParameter(rawQuery)));
        }
        String[] segments = rest.substring(1).split("/", -1);
        if (segments.length == 1 || (segments.length == 2 && segments[1].isEmpty())) {
            requireMethod(method, "GET");
            return new Answer(200, getThermostat(accountId, decode(segments[0])));
        }
        if (segments.length == 2 && (segments[1].equals("setpoint") || segments[1].equals("mode"))) {
            requireMethod(method, "PUT");
            return new Answer(202, command(accountId, decode(segments[0]), segments[1], body));
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
            throw ApiError.badRequest("malformed percent-encoding");
        }
    }

    /** The {@code ids} query parameter as a set, or null without one. Other parameters are ignored. */
    private static Set<String> idsParameter(String rawQuery) throws ApiError {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        Set<String> ids = null;
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (!name.equals("ids")) {
                continue;
            }
            if (ids != null) {
                throw ApiError.badRequest("give ids once, comma-separated");
            }
            ids = new LinkedHashSet<>();
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            for (String id : value.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
            if (ids.isEmpty()) {
                throw ApiError.badRequest("ids needs at least one thermostat id");
            }
            if (ids.size() > MAX_IDS_PER_REQUEST) {
                throw ApiError.badRequest("at most " + MAX_IDS_PER_REQUEST + " ids per request, got " + ids.size());
            }
        }
        return ids;
    }

    private ObjectNode summary(String accountId) {
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("thermostats");
        synchronized (thermostats) {
            thermostats.values().stream().filter(t -> t.accountId.equals(accountId))
                    .forEach(t -> list.add(t.summaryEntry()));
        }
        return answer;
    }

    private ObjectNode listThermostats(String accountId, Set<String> ids) {
        Instant now = now();
        ObjectNode answer = NODES.objectNode();
        ArrayNode list = answer.putArray("thermostats");
        synchronized (thermostats) {
            for (SimThermostat thermostat : thermostats.values()) {
                if (thermostat.accountId.equals(accountId) && (ids == null || ids.contains(thermostat.id))) {
                    list.add(detailsOf(thermostat, now));
                }
            }
        }
        return answer;
    }

    private ObjectNode getThermostat(String accountId, String thermostatId) throws ApiError {
        Instant now = now();
        synchronized (thermostats) {
            return detailsOf(own(accountId, thermostatId), now);
        }
    }

    private ObjectNode detailsOf(SimThermostat thermostat, Instant now) {
        detailFetches.computeIfAbsent(thermostat.id, id -> new AtomicInteger()).incrementAndGet();
        return thermostat.apiDetails(now);
    }

    /** The account's thermostat or 404; caller holds the lock. */
    private SimThermostat own(String accountId, String thermostatId) throws ApiError {
        SimThermostat thermostat = thermostats.get(thermostatId);
        if (thermostat == null || !thermostat.accountId.equals(accountId)) {
            throw ApiError.notFound("no thermostat " + thermostatId);
        }
        return thermostat;
    }

    /** {@code PUT …/setpoint} and {@code PUT …/mode}: validate, accept (202), apply later. */
    private ObjectNode command(String accountId, String thermostatId, String field, byte[] body) throws ApiError {
        FaultSpec fault = faults;
        Instant now = now();
        String requestId = "req_" + HexFormat.of().formatHex(randomBytes(8));
        synchronized (thermostats) {
            SimThermostat thermostat = own(accountId, thermostatId);
            JsonNode value = field.equals("setpoint") ? setpointValue(thermostat, body) : modeValue(thermostat, body);
            if (!thermostat.online) {
                throw ApiError.offline(thermostat.id, thermostat.offlineSince.toString());
            }
            acceptedCommands.incrementAndGet();
            if (fault != null && fault.dropCommands()) {
                droppedCommands.incrementAndGet();
            } else {
                Duration delay = applyDelay;
                PendingChange change = new PendingChange(requestId, thermostat.id, field, value, now, now.plus(delay));
                pending.put(requestId, change);
                try {
                    scheduler.schedule(() -> apply(requestId), delay.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException closing) {
                    pending.remove(requestId);
                    throw ApiError.of(503, "unavailable", "the cloud is shutting down");
                }
            }
        }
        ObjectNode answer = NODES.objectNode();
        answer.put("request_id", requestId);
        answer.put("thermostat_id", thermostatId);
        answer.put("status", "accepted");
        answer.put("accepted_at", now.toString());
        return answer;
    }

    /** The validated, rounded setpoint of a {@code {"setpoint": n}} body; caller holds the lock. */
    private static JsonNode setpointValue(SimThermostat thermostat, byte[] body) throws ApiError {
        JsonNode value = singleField(body, "setpoint");
        if (!value.isNumber()) {
            throw ApiError.badRequest("setpoint must be a number (°C)");
        }
        double rounded = SimThermostat.oneDecimal(value.doubleValue());
        if (!thermostat.accepts(rounded)) {
            throw ApiError.setpointOutOfRange(thermostat.id, rounded, thermostat.minSetpoint, thermostat.maxSetpoint);
        }
        return NODES.numberNode(rounded);
    }

    /** The validated mode of a {@code {"mode": "…"}} body; caller holds the lock. */
    private static JsonNode modeValue(SimThermostat thermostat, byte[] body) throws ApiError {
        JsonNode value = singleField(body, "mode");
        if (!value.isTextual()) {
            throw ApiError.badRequest("mode must be a string");
        }
        if (!thermostat.supports(value.asText())) {
            throw ApiError.unsupportedMode(thermostat.id, value.asText(), thermostat.supportedModes);
        }
        return value;
    }

    private static JsonNode singleField(byte[] body, String field) throws ApiError {
        JsonNode request;
        try {
            request = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("body is not valid JSON");
        }
        if (request == null || !request.isObject()) {
            throw ApiError.badRequest("body must be a JSON object {\"" + field + "\": …}");
        }
        for (Map.Entry<String, JsonNode> entry : request.properties()) {
            if (!entry.getKey().equals(field)) {
                throw ApiError.badRequest("unknown field '" + entry.getKey() + "'; the body is {\"" + field + "\": …}");
            }
        }
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            throw ApiError.badRequest("body needs the field '" + field + "'");
        }
        return value;
    }

    /**
     * Applies an accepted change when it falls due (scheduler thread), after any change to the
     * same thermostat accepted before it that is still waiting: changes apply in acceptance order
     * even when two scheduler threads pick up neighbouring ones.
     */
    private void apply(String requestId) {
        synchronized (thermostats) {
            PendingChange due = pending.get(requestId);
            if (due == null) {
                return; // applied already, with a later change
            }
            List<PendingChange> batch = new ArrayList<>();
            for (PendingChange change : pending.values()) { // acceptance order
                if (change.thermostatId().equals(due.thermostatId())) {
                    batch.add(change);
                }
                if (change == due) {
                    break;
                }
            }
            for (PendingChange change : batch) {
                pending.remove(change.requestId());
                SimThermostat thermostat = thermostats.get(change.thermostatId());
                if (thermostat == null || !thermostat.online) {
                    // The thermostat lost its connection before the change reached it: the change is lost.
                    discardedChanges.incrementAndGet();
                    continue;
                }
                if (change.field().equals("setpoint")) {
                    thermostat.setpoint = change.value().doubleValue();
                } else {
                    thermostat.mode = change.value().asText();
                }
                thermostat.bump(now());
                appliedChanges.incrementAndGet();
            }
        }
    }

    /** An accepted command waiting for its apply time. */
    private record PendingChange(String requestId, String thermostatId, String field, JsonNode value,
                                 Instant acceptedAt, Instant dueAt) {
    }

    // ------------------------------------------------------------------ helpers

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
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
