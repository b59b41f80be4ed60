package dev.homewire.simulator.lumio;

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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lumio light cloud as a real HTTP server on 127.0.0.1, implementing
 * {@code docs/vendors/lumio-cloud-api.md}: bearer-token accounts, {@code GET /v1/devices},
 * {@code GET /v1/devices/{selector}}, {@code PUT /v1/devices/{selector}/state} answering one
 * result per device, validation errors, and fault injection.
 *
 * <p>Seeded with two demo accounts (users {@code alice} and {@code bob}) whose access tokens are
 * random per instance. Thread-safe: all device state is guarded by one lock.
 */
public final class LumioCloudSimulator implements VendorCloudSimulator {

    public static final String ADAPTER_ID = "lumio";

    public static final String ALICE_ACCOUNT_ID = "lumio-acct-alice";
    public static final String BOB_ACCOUNT_ID = "lumio-acct-bob";

    /** Alice's colour bulb, 2200–6500 K. */
    public static final String KITCHEN_LIGHT_ID = "lm-alice-kitchen";
    /** Alice's white-ambiance bulb, 2700–6500 K. */
    public static final String HALLWAY_LIGHT_ID = "lm-alice-hallway";
    /** Alice's plug (power only). */
    public static final String DESK_PLUG_ID = "lm-alice-desk-plug";
    /** Alice's dimmable white bulb, offline from the start. */
    public static final String GARAGE_LIGHT_ID = "lm-alice-garage";
    /** Bob's colour bulb, 2200–6500 K. */
    public static final String LIVING_ROOM_LAMP_ID = "lm-bob-living-room";

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
    private static final String DEVICES_PATH = "/v1/devices";

    private final Map<String, SimDevice> devices = new LinkedHashMap<>(); // guarded by itself
    private final Map<String, String> accountByToken;
    private final List<DemoAccount> demoAccounts;

    private volatile FaultSpec faults;
    private final Set<HttpExchange> pendingExchanges = ConcurrentHashMap.newKeySet();

    private final AtomicInteger totalCalls = new AtomicInteger();
    private final AtomicInteger queryCalls = new AtomicInteger();
    private final AtomicInteger commandCalls = new AtomicInteger();

    private HttpServer server; // guarded by this
    private ExecutorService handlerPool;
    private ScheduledExecutorService delayedAnswers;
    private URI baseUrl;
    private boolean closed;

    /** A simulator seeded with the demo accounts and devices; call {@link #start(int)} to serve. */
    public LumioCloudSimulator() {
        Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String aliceToken = newToken();
        String bobToken = newToken();
        this.accountByToken = Map.of(aliceToken, ALICE_ACCOUNT_ID, bobToken, BOB_ACCOUNT_ID);
        this.demoAccounts = List.of(
                new DemoAccount("alice", ALICE_ACCOUNT_ID, Map.of("accessToken", aliceToken)),
                new DemoAccount("bob", BOB_ACCOUNT_ID, Map.of("accessToken", bobToken)));

        Set<String> colorBulb = Set.of(SimDevice.POWER, SimDevice.BRIGHTNESS, SimDevice.COLOR, SimDevice.COLOR_TEMPERATURE);
        Set<String> ambianceBulb = Set.of(SimDevice.POWER, SimDevice.BRIGHTNESS, SimDevice.COLOR_TEMPERATURE);
        Set<String> whiteBulb = Set.of(SimDevice.POWER, SimDevice.BRIGHTNESS);
        Set<String> plug = Set.of(SimDevice.POWER);

        SimDevice kitchen = add(new SimDevice(KITCHEN_LIGHT_ID, ALICE_ACCOUNT_ID, "Kitchen Light", "light",
                "Lumio Color A19", colorBulb, 2200, 6500));
        kitchen.on = true;
        kitchen.brightness = 80;
        kitchen.colorMode = "white";
        kitchen.kelvin = 2700;
        kitchen.hue = 35.0;
        kitchen.saturation = 60.0;

        SimDevice hallway = add(new SimDevice(HALLWAY_LIGHT_ID, ALICE_ACCOUNT_ID, "Hallway Light", "light",
                "Lumio White Ambiance A19", ambianceBulb, 2700, 6500));
        hallway.on = false;
        hallway.brightness = 40;
        hallway.kelvin = 4000;

        SimDevice desk = add(new SimDevice(DESK_PLUG_ID, ALICE_ACCOUNT_ID, "Desk Plug", "plug",
                "Lumio Smart Plug", plug, 0, 0));
        desk.on = true;

        SimDevice garage = add(new SimDevice(GARAGE_LIGHT_ID, ALICE_ACCOUNT_ID, "Garage Light", "light",
                "Lumio White A19", whiteBulb, 0, 0));
        garage.on = false;
        garage.brightness = 100;
        garage.online = false;
        garage.offlineSince = start.minus(Duration.ofHours(2));

        SimDevice livingRoom = add(new SimDevice(LIVING_ROOM_LAMP_ID, BOB_ACCOUNT_ID, "Living Room Lamp", "light",
                "Lumio Color A19", colorBulb, 2200, 6500));
        livingRoom.on = true;
        livingRoom.brightness = 60;
        livingRoom.colorMode = "color";
        livingRoom.hue = 240.0;
        livingRoom.saturation = 100.0;
        livingRoom.kelvin = 3000;
    }

    private SimDevice add(SimDevice device) {
        devices.put(device.id, device);
        return device;
    }

    private static String newToken() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        return "lmo_" + HexFormat.of().formatHex(bytes);
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
            handlerPool = Executors.newFixedThreadPool(4, daemonThreads("lumio-sim-http"));
            ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2, daemonThreads("lumio-sim-delay"));
            scheduler.setRemoveOnCancelPolicy(true);
            delayedAnswers = scheduler;
            created.setExecutor(handlerPool);
            created.createContext("/", this::handle);
            created.start();
            server = created;
            baseUrl = URI.create("http://127.0.0.1:" + created.getAddress().getPort());
        } catch (IOException e) {
            shutdownExecutors();
            throw new UncheckedIOException("cannot start the Lumio simulator on port " + port, e);
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

    @Override
    public JsonNode devices() {
        Instant now = now();
        ArrayNode all = NODES.arrayNode();
        synchronized (devices) {
            devices.values().forEach(device -> all.add(device.controlView(now)));
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
     * Applies a partial state as if someone used the device physically. Keys: {@code online},
     * {@code on} (booleans), {@code brightness} (0–100), {@code hue} (0–360), {@code saturation}
     * (0–100, percent as in the API), {@code kelvin} (the device's range). All-or-nothing.
     * {@code hue}/{@code saturation} put a colour bulb in colour mode, {@code kelvin} in white
     * mode. Values changed while the device is offline become its last known values.
     */
    @Override
    public void changeDeviceState(String deviceId, JsonNode state) {
        if (state == null || !state.isObject() || state.isEmpty()) {
            throw new IllegalArgumentException("state must be a non-empty JSON object");
        }
        synchronized (devices) {
            SimDevice device = devices.get(deviceId);
            if (device == null) {
                throw new IllegalArgumentException("unknown Lumio device " + deviceId);
            }
            Boolean online = null;
            Boolean on = null;
            Integer brightness = null;
            Double hue = null;
            Double saturation = null;
            Integer kelvin = null;
            for (Map.Entry<String, JsonNode> field : state.properties()) {
                JsonNode value = field.getValue();
                switch (field.getKey()) {
                    case "online" -> online = requireBoolean("online", value);
                    case "on" -> on = requireBoolean("on", value);
                    case "brightness" -> {
                        requireCapability(device, SimDevice.BRIGHTNESS, "brightness");
                        brightness = (int) requireIntegerIn("brightness", value, 0, 100);
                    }
                    case "hue" -> {
                        requireCapability(device, SimDevice.COLOR, "hue");
                        hue = requireNumberIn("hue", value, 0, 360);
                    }
                    case "saturation" -> {
                        requireCapability(device, SimDevice.COLOR, "saturation");
                        saturation = requireNumberIn("saturation", value, 0, 100);
                    }
                    case "kelvin" -> {
                        requireCapability(device, SimDevice.COLOR_TEMPERATURE, "kelvin");
                        kelvin = (int) requireIntegerIn("kelvin", value, device.minKelvin, device.maxKelvin);
                    }
                    default -> throw new IllegalArgumentException("unknown key '" + field.getKey()
                            + "'; use online, on, brightness, hue, saturation, kelvin");
                }
            }
            if ((hue != null || saturation != null) && kelvin != null) {
                throw new IllegalArgumentException("hue/saturation and kelvin are mutually exclusive");
            }
            if (on != null) {
                device.on = on;
            }
            if (brightness != null) {
                device.brightness = brightness;
            }
            if (hue != null) {
                device.hue = SimDevice.twoDecimals(hue);
                device.colorMode = "color";
            }
            if (saturation != null) {
                device.saturation = SimDevice.twoDecimals(saturation);
                device.colorMode = "color";
            }
            if (kelvin != null) {
                device.kelvin = kelvin;
                if (device.has(SimDevice.COLOR)) {
                    device.colorMode = "white";
                }
            }
            if (online != null && online != device.online) {
                device.online = online;
                device.offlineSince = online ? null : now();
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
        shutdownExecutors();
    }

    private synchronized void shutdownExecutors() {
        if (delayedAnswers != null) {
            delayedAnswers.shutdownNow();
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

    /** {@code GET /v1/devices[/…]} requests received so far. */
    public int queryCalls() {
        return queryCalls.get();
    }

    /** {@code PUT /v1/devices/{selector}/state} requests received so far. */
    public int commandCalls() {
        return commandCalls.get();
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
        if (path.startsWith(DEVICES_PATH)) {
            if (method.equals("GET")) {
                queryCalls.incrementAndGet();
            } else if (method.equals("PUT") && path.endsWith("/state")) {
                commandCalls.incrementAndGet();
            }
        }
    }

    private void injectFault(HttpExchange exchange, FaultSpec fault) {
        pendingExchanges.add(exchange);
        try {
            if (fault.status() == 0) {
                // Never answer (within HANG_TIME): then drop the connection without a response.
                delayedAnswers.schedule(() -> {
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
                delayedAnswers.schedule(answer, fault.latencyMs(), TimeUnit.MILLISECONDS);
            } else {
                answer.run();
            }
        } catch (java.util.concurrent.RejectedExecutionException closing) {
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
        if (!path.equals(DEVICES_PATH) && !path.startsWith(DEVICES_PATH + "/")) {
            throw ApiError.notFound("no such path " + path);
        }
        String rest = path.substring(DEVICES_PATH.length());
        if (rest.isEmpty() || rest.equals("/")) {
            requireMethod(method, "GET");
            return new Answer(200, listDevices(accountId));
        }
        String[] segments = rest.substring(1).split("/", -1);
        if (segments.length == 1 || (segments.length == 2 && segments[1].isEmpty())) {
            requireMethod(method, "GET");
            return new Answer(200, getDevices(accountId, decode(segments[0])));
        }
        if (segments.length == 2 && segments[1].equals("state")) {
            requireMethod(method, "PUT");
            return new Answer(207, putState(accountId, decode(segments[0]), body));
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

    private ArrayNode listDevices(String accountId) {
        Instant now = now();
        ArrayNode list = NODES.arrayNode();
        synchronized (devices) {
            devices.values().stream().filter(d -> d.accountId.equals(accountId))
                    .forEach(d -> list.add(d.apiDevice(now)));
        }
        return list;
    }

    private ArrayNode getDevices(String accountId, String selector) throws ApiError {
        Instant now = now();
        ArrayNode list = NODES.arrayNode();
        synchronized (devices) {
            for (SimDevice device : select(accountId, selector)) {
                list.add(device.apiDevice(now));
            }
        }
        return list;
    }

    /** Devices of the account the selector matches; caller holds the lock. */
    private List<SimDevice> select(String accountId, String selector) throws ApiError {
        List<SimDevice> own = devices.values().stream().filter(d -> d.accountId.equals(accountId)).toList();
        List<SimDevice> matched;
        if (selector.equals("all")) {
            matched = own;
        } else if (selector.startsWith("id:")) {
            Set<String> ids = new LinkedHashSet<>();
            for (String id : selector.substring(3).split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.trim());
                }
            }
            if (ids.isEmpty()) {
                throw ApiError.badRequest("selector id: needs at least one device id");
            }
            matched = own.stream().filter(d -> ids.contains(d.id)).toList();
        } else if (selector.startsWith("label:")) {
            String label = selector.substring(6);
            if (label.isBlank()) {
                throw ApiError.badRequest("selector label: needs a label");
            }
            matched = own.stream().filter(d -> d.label.equalsIgnoreCase(label)).toList();
        } else {
            throw ApiError.badRequest("invalid selector '" + selector + "'; use all, id:<id>[,<id>…] or label:<label>");
        }
        if (matched.isEmpty()) {
            throw ApiError.notFound("no device matches selector " + selector);
        }
        return matched;
    }

    private ObjectNode putState(String accountId, String selector, byte[] body) throws ApiError {
        JsonNode request;
        try {
            request = MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("body is not valid JSON");
        }
        if (request == null || !request.isObject()) {
            throw ApiError.badRequest("body must be a JSON object");
        }
        if (request.isEmpty()) {
            throw ApiError.badRequest("body must set at least one of power, brightness, color, kelvin");
        }
        Boolean power = null;
        JsonNode brightness = null;
        JsonNode hue = null;
        JsonNode saturation = null;
        JsonNode kelvin = null;
        boolean color = false;
        for (Map.Entry<String, JsonNode> field : request.properties()) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "power" -> {
                    if (!value.isTextual() || !(value.asText().equals("on") || value.asText().equals("off"))) {
                        throw ApiError.badRequest("power must be \"on\" or \"off\"");
                    }
                    power = value.asText().equals("on");
                }
                case "brightness" -> {
                    if (!value.isIntegralNumber()) {
                        throw ApiError.badRequest("brightness must be an integer");
                    }
                    brightness = value;
                }
                case "color" -> {
                    if (!value.isObject() || value.isEmpty()) {
                        throw ApiError.badRequest("color must be an object with hue and/or saturation");
                    }
                    for (Map.Entry<String, JsonNode> part : value.properties()) {
                        if (!part.getValue().isNumber()) {
                            throw ApiError.badRequest("color." + part.getKey() + " must be a number");
                        }
                        switch (part.getKey()) {
                            case "hue" -> hue = part.getValue();
                            case "saturation" -> saturation = part.getValue();
                            default -> throw ApiError.badRequest("unknown field 'color." + part.getKey() + "'");
                        }
                    }
                    color = true;
                }
                case "kelvin" -> {
                    if (!value.isIntegralNumber()) {
                        throw ApiError.badRequest("kelvin must be an integer");
                    }
                    kelvin = value;
                }
                default -> throw ApiError.badRequest("unknown field '" + field.getKey() + "'");
            }
        }
        if (color && kelvin != null) {
            throw ApiError.badRequest("color and kelvin are mutually exclusive");
        }

        Instant now = now();
        ArrayNode results = NODES.arrayNode();
        synchronized (devices) {
            List<SimDevice> matched = select(accountId, selector);
            if (brightness != null) {
                requireSupport(matched, SimDevice.BRIGHTNESS, "brightness");
                checkRange("brightness", brightness, 0, 100, null);
            }
            if (color) {
                requireSupport(matched, SimDevice.COLOR, "color");
                if (hue != null) {
                    checkRange("color.hue", hue, 0.0, 360.0, null);
                }
                if (saturation != null) {
                    checkRange("color.saturation", saturation, 0.0, 100.0, null);
                }
            }
            if (kelvin != null) {
                requireSupport(matched, SimDevice.COLOR_TEMPERATURE, "kelvin");
                for (SimDevice device : matched) {
                    if (device.has(SimDevice.COLOR_TEMPERATURE)) {
                        checkRange("kelvin", kelvin, device.minKelvin, device.maxKelvin, device.id);
                    }
                }
            }
            for (SimDevice device : matched) {
                ObjectNode result = results.addObject();
                result.put("id", device.id);
                result.put("label", device.label);
                if (!device.online) {
                    result.put("status", "offline");
                    result.put("seen_at", device.seenAt(now).toString());
                    continue;
                }
                if (power != null) {
                    device.on = power;
                }
                if (brightness != null && device.has(SimDevice.BRIGHTNESS)) {
                    device.brightness = brightness.intValue();
                }
                if (color && device.has(SimDevice.COLOR)) {
                    if (hue != null) {
                        device.hue = SimDevice.twoDecimals(hue.doubleValue());
                    }
                    if (saturation != null) {
                        device.saturation = SimDevice.twoDecimals(saturation.doubleValue());
                    }
                    device.colorMode = "color";
                }
                if (kelvin != null && device.has(SimDevice.COLOR_TEMPERATURE)) {
                    device.kelvin = kelvin.intValue();
                    if (device.has(SimDevice.COLOR)) {
                        device.colorMode = "white";
                    }
                }
                result.put("status", "ok");
                result.put("seen_at", device.seenAt(now).toString());
                result.set("state", device.apiState());
            }
        }
        ObjectNode answer = NODES.objectNode();
        answer.set("results", results);
        return answer;
    }

    private static void requireSupport(List<SimDevice> matched, String capability, String field) throws ApiError {
        if (matched.stream().noneMatch(d -> d.has(capability))) {
            throw ApiError.unsupported(field);
        }
    }

    private static void checkRange(String field, JsonNode value, int min, int max, String deviceId) throws ApiError {
        if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw ApiError.outOfRange(field, value.asText(), min, max, deviceId);
        }
    }

    private static void checkRange(String field, JsonNode value, double min, double max, String deviceId) throws ApiError {
        double number = value.doubleValue();
        if (!(number >= min && number <= max)) {
            throw ApiError.outOfRange(field, value.asText(), min, max, deviceId);
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

    private static long requireIntegerIn(String key, JsonNode value, long min, long max) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw new IllegalArgumentException(key + " must be an integer within " + min + ".." + max + ", not " + value);
        }
        return value.longValue();
    }

    private static double requireNumberIn(String key, JsonNode value, double min, double max) {
        if (!value.isNumber() || !(value.doubleValue() >= min && value.doubleValue() <= max)) {
            throw new IllegalArgumentException(key + " must be a number within " + min + ".." + max + ", not " + value);
        }
        return value.doubleValue();
    }

    private static void requireCapability(SimDevice device, String capability, String key) {
        if (!device.has(capability)) {
            throw new IllegalArgumentException("device " + device.id + " has no " + capability + " (key '" + key + "')");
        }
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
