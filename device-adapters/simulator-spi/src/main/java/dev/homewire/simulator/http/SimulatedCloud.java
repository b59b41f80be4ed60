package dev.homewire.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.homewire.simulator.VendorCloudSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The plumbing every simulated vendor cloud shares, so that a simulator only writes its API
 * ({@link #route}), its devices ({@link #devices()}, {@link #changeDeviceState}) and its demo
 * data.
 *
 * <h2>Server</h2>
 * {@link #start(int)} serves on {@code http://127.0.0.1:<port>} (port 0 = any free port) with a JDK
 * {@link HttpServer}, four daemon handler threads ({@code <adapterId>-sim-http-N}) and a timer
 * scheduler of two daemon threads ({@code <adapterId>-sim-timer-N}) that answers delayed faults and
 * is free for the cloud's own delayed work ({@link #timers()}). A simulator starts once; a closed one
 * does not start again. Loading this class sets {@code sun.net.httpserver.nodelay=true} unless the
 * property is already set: without it, Nagle's algorithm against the client's delayed ACK costs
 * the JDK server ~40 ms per answer.
 *
 * <h2>Every call</h2>
 * <ol>
 *   <li>The body is read whole; {@link #totalCalls()} counts the call and {@link #count} lets the
 *       cloud count the kinds of calls its tests look at.</li>
 *   <li>Fault injection ({@link #setFaults}): with probability {@code failureRate} the call fails
 *       before routing and authentication: status 0 leaves it unanswered for {@link #HANG_TIME} (or
 *       until {@link #close()}) and then drops the connection without an answer; any other status
 *       waits {@code latencyMs} and answers {@link #injectedError(int)}.</li>
 *   <li>A path outside the API root (e.g. {@code /v1}) is {@code 404 not_found}, even without a token.</li>
 *   <li>Authentication: {@code Authorization: Bearer <token>} (scheme case-insensitive) must carry
 *       the {@value #ACCESS_TOKEN} of one of the {@linkplain #demoAccounts() demo accounts};
 *       otherwise {@code 401 unauthorized} with {@code WWW-Authenticate: Bearer realm="<adapterId>"}.</li>
 *   <li>{@link #route} answers for the account: an {@link ApiResponse}, or an {@link ApiError} with
 *       its status, body and headers. Any other failure is {@code 500 internal_error}
 *       ({@code "simulator failure: <exception class>"}).</li>
 * </ol>
 * Every answer is JSON with {@code Content-Type: application/json; charset=utf-8}; a client that
 * hung up is not answered.
 *
 * <h2>Close</h2>
 * {@link #close()} is idempotent: it closes unanswered fault-injected calls at once (the client sees
 * the connection drop), stops the server, stops the handler threads and timers, then calls
 * {@link #onStop()} for what the cloud runs besides.
 */
public abstract class SimulatedCloud implements VendorCloudSimulator {

    /** The credential of a {@link DemoAccount} that holds its bearer access token. */
    public static final String ACCESS_TOKEN = "accessToken";
    /** Setting key of {@link #adapterSettings()}: the cloud's base URL. */
    public static final String BASE_URL = "BASE_URL";

    /** How long a call with an injected status-0 fault stays unanswered (unless the simulator closes first). */
    protected static final Duration HANG_TIME = Duration.ofSeconds(30);

    static {
        // The JDK server writes headers and body in separate segments; with Nagle's algorithm
        // against the client's delayed ACK that costs ~40 ms per answer. Read once by the JDK
        // when its HttpServer is first used, so only set if nobody chose otherwise.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int HANDLER_THREADS = 4;
    private static final int TIMER_THREADS = 2;

    private final String adapterId;
    private final String vendorName;
    private final String apiRoot;
    private final List<DemoAccount> demoAccounts;
    private final Map<String, String> accountByToken;

    private volatile FaultSpec faults;
    private final Set<HttpExchange> pendingExchanges = ConcurrentHashMap.newKeySet();
    private final AtomicInteger totalCalls = new AtomicInteger();
    private final AtomicInteger acceptedWrites = new AtomicInteger();

    private HttpServer server; // guarded by this
    private ExecutorService handlerPool; // guarded by this
    private volatile ScheduledThreadPoolExecutor timers;
    private URI baseUrl; // guarded by this
    private volatile boolean closed; // written under this

    /**
     * A cloud that is not started yet.
     *
     * @param adapterId    the adapter's id; also the realm of {@code WWW-Authenticate} and the
     *                     prefix of thread names
     * @param vendorName   the vendor as error messages name it, e.g. {@code "Lumio"}
     * @param apiRoot      the path every API call is under, e.g. {@code "/v1"}
     * @param demoAccounts the seeded accounts, each with its bearer token as the credential
     *                     {@value #ACCESS_TOKEN} (see {@link #bearerAccount})
     */
    protected SimulatedCloud(String adapterId, String vendorName, String apiRoot, List<DemoAccount> demoAccounts) {
        this.adapterId = Objects.requireNonNull(adapterId, "adapterId");
        this.vendorName = Objects.requireNonNull(vendorName, "vendorName");
        this.apiRoot = Objects.requireNonNull(apiRoot, "apiRoot");
        this.demoAccounts = List.copyOf(demoAccounts);
        Map<String, String> byToken = new HashMap<>();
        for (DemoAccount account : this.demoAccounts) {
            String token = account.credentials().get(ACCESS_TOKEN);
            if (token == null || byToken.put(token, account.accountId()) != null) {
                throw new IllegalArgumentException("demo account " + account.accountId() + " needs its own " + ACCESS_TOKEN);
            }
        }
        this.accountByToken = Map.copyOf(byToken);
    }

    /** A demo account that signs in with the bearer token {@code accessToken}. */
    protected static DemoAccount bearerAccount(String demoUser, String accountId, String accessToken) {
        return new DemoAccount(demoUser, accountId, Map.of(ACCESS_TOKEN, accessToken));
    }

    // ------------------------------------------------------------------ what a cloud adds

    /**
     * Answers an authenticated call under the API root, or throws the documented error. Runs on
     * a handler thread; several calls run at once.
     *
     * @param accountId the account whose token the call carries
     */
    protected abstract ApiResponse route(ApiRequest request, String accountId) throws ApiError;

    /** Counts the call for the cloud's own counters; called for every call, fault-injected ones included. */
    protected void count(ApiRequest request) {
    }

    /**
     * The answer to a call failed by fault injection with {@code status} (400–599). By default
     * {@link ApiError#simulatedFault(int, String)}; clouds override it for the statuses their API
     * documents with other codes.
     */
    protected ApiError injectedError(int status) {
        return ApiError.simulatedFault(status, adapterId);
    }

    /**
     * Starts what the cloud runs besides the API (schedulers, clients); called once by
     * {@link #start(int)} after the port is bound and before the first call is served.
     */
    protected void onStart() {
    }

    /**
     * Stops what {@link #onStart()} started and drops queued work; called once by
     * {@link #close()}, after the server and the {@linkplain #timers() timers} have stopped, also
     * when the cloud never started.
     */
    protected void onStop() {
    }

    // ------------------------------------------------------------------ VendorCloudSimulator

    @Override
    public final String adapterId() {
        return adapterId;
    }

    @Override
    public final synchronized void start(int port) {
        if (closed) {
            throw new IllegalStateException("simulator is closed");
        }
        if (server != null) {
            throw new IllegalStateException("simulator already started at " + baseUrl);
        }
        HttpServer created;
        try {
            created = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + vendorName + " simulator on port " + port, e);
        }
        handlerPool = Executors.newFixedThreadPool(HANDLER_THREADS, daemonThreads(adapterId + "-sim-http"));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(TIMER_THREADS, daemonThreads(adapterId + "-sim-timer"));
        scheduler.setRemoveOnCancelPolicy(true);
        timers = scheduler;
        onStart();
        created.setExecutor(handlerPool);
        created.createContext("/", this::handle);
        created.start();
        server = created;
        baseUrl = URI.create("http://127.0.0.1:" + created.getAddress().getPort());
    }

    @Override
    public final synchronized URI baseUrl() {
        if (baseUrl == null) {
            throw new IllegalStateException("simulator not started");
        }
        return baseUrl;
    }

    /** {@value #BASE_URL}: the {@link #baseUrl()}. */
    @Override
    public Map<String, String> adapterSettings() {
        return Map.of(BASE_URL, baseUrl().toString());
    }

    @Override
    public final List<DemoAccount> demoAccounts() {
        return demoAccounts;
    }

    @Override
    public final void setFaults(FaultSpec faults) {
        this.faults = faults;
    }

    @Override
    public final void clearFaults() {
        this.faults = null;
    }

    @Override
    public final void close() {
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
        ExecutorService handlers;
        synchronized (this) {
            running = server;
            handlers = handlerPool;
        }
        if (running != null) {
            running.stop(0);
        }
        ScheduledExecutorService scheduler = timers;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (handlers != null) {
            handlers.shutdownNow();
        }
        onStop();
    }

    /**
     * Commands the cloud took so far: requests other than GET that passed fault injection and were
     * answered 2xx (applied, or accepted for later). What a delivery-guarantee test counts to prove
     * no command was applied twice.
     */
    public final int acceptedWrites() {
        return acceptedWrites.get();
    }

    /** API requests received so far (including failed and fault-injected ones). */
    public final int totalCalls() {
        return totalCalls.get();
    }

    // ------------------------------------------------------------------ for the cloud

    /** Whether {@link #close()} has been called. */
    protected final boolean isClosed() {
        return closed;
    }

    /**
     * Whether the current faults tell an asynchronous cloud to accept commands ({@code 202}) but
     * never apply them ({@link FaultSpec#dropCommands()}).
     */
    protected final boolean dropCommands() {
        FaultSpec fault = faults;
        return fault != null && fault.dropCommands();
    }

    /**
     * The timer scheduler (two daemon threads; cancelled tasks are removed): for the cloud's
     * delayed work. Null before {@link #start(int)}; rejects tasks once closed.
     */
    protected final ScheduledExecutorService timers() {
        return timers;
    }

    /** Now, to the millisecond (as the APIs report times). */
    protected static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** {@code bytes} random bytes from a {@link SecureRandom}, hex-encoded (for tokens and ids). */
    protected static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /** Daemon threads named {@code <prefix>-1}, {@code <prefix>-2}, … */
    protected static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** For {@link #changeDeviceState}: the boolean {@code value} of {@code key}, or {@link IllegalArgumentException}. */
    protected static boolean requireBoolean(String key, JsonNode value) {
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(key + " must be true or false");
        }
        return value.booleanValue();
    }

    /** For {@link #changeDeviceState}: the integer {@code value} of {@code key} within {@code min..max}, or {@link IllegalArgumentException}. */
    protected static long requireIntegerIn(String key, JsonNode value, long min, long max) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw new IllegalArgumentException(key + " must be an integer within " + min + ".." + max + ", not " + value);
        }
        return value.longValue();
    }

    /**
     * For {@link #addDevice}: the account of a {@linkplain #demoAccounts() demo user}.
     *
     * @throws IllegalArgumentException with {@code unknownMessage} when no demo account has that user
     */
    protected final String demoAccountId(String demoUser, String unknownMessage) {
        return demoAccounts.stream().filter(a -> a.demoUser().equals(demoUser)).map(DemoAccount::accountId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(unknownMessage));
    }

    /**
     * For device ids made from names: the name in lower case, each run of other characters than
     * {@code a-z} and {@code 0-9} one {@code -}, none at either end ({@code "Den's TV"} → {@code "den-s-tv"});
     * empty when the name has no letter or digit.
     */
    protected static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
    }

    /** {@code base}, or the first of {@code base-2}, {@code base-3} … that is not {@code taken}. */
    protected static String freeId(String base, Predicate<String> taken) {
        String id = base;
        for (int n = 2; taken.test(id); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /**
     * A map that keeps its entries in insertion order and forgets the eldest beyond {@code max},
     * e.g. the operations a cloud answers {@code GET …/operations/{id}} for. Not thread-safe:
     * guard it like the cloud's other state.
     */
    protected static <V> Map<String, V> eldestForgotten(int max) {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) {
        try {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ApiRequest request = new ApiRequest(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("Authorization"), body);
            totalCalls.incrementAndGet();
            count(request);

            FaultSpec fault = faults;
            if (fault != null && fault.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < fault.failureRate()) {
                injectFault(exchange, fault);
                return;
            }
            ApiResponse response;
            try {
                response = respond(request);
            } catch (ApiError error) {
                send(exchange, error.status(), error.body(), error.headers());
                return;
            }
            if (!request.method().equals("GET") && response.status() / 100 == 2) {
                acceptedWrites.incrementAndGet();
            }
            send(exchange, response.status(), response.body(), Map.of());
        } catch (RuntimeException | IOException e) {
            ApiError error = ApiError.of(500, "internal_error", "simulator failure: " + e.getClass().getSimpleName());
            send(exchange, error.status(), error.body(), Map.of());
        }
    }

    private ApiResponse respond(ApiRequest request) throws ApiError {
        String path = request.path();
        if (!path.equals(apiRoot) && !path.startsWith(apiRoot + "/")) {
            throw request.noSuchPath();
        }
        return route(request, authenticate(request.authorization()));
    }

    /** The account of the bearer token, or {@code 401}. */
    private String authenticate(String authorization) throws ApiError {
        if (authorization == null) {
            throw ApiError.unauthorized(adapterId);
        }
        String value = authorization.trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiError.unauthorized(adapterId);
        }
        String accountId = accountByToken.get(value.substring(7).trim());
        if (accountId == null) {
            throw ApiError.unauthorized(adapterId);
        }
        return accountId;
    }

    private void injectFault(HttpExchange exchange, FaultSpec fault) {
        pendingExchanges.add(exchange);
        try {
            if (fault.status() == 0) {
                // Never answer (within HANG_TIME): then drop the connection without a response.
                timers.schedule(() -> {
                    if (pendingExchanges.remove(exchange)) {
                        exchange.close();
                    }
                }, HANG_TIME.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            ApiError error = injectedError(fault.status());
            Runnable answer = () -> {
                if (pendingExchanges.remove(exchange)) {
                    send(exchange, error.status(), error.body(), error.headers());
                }
            };
            if (fault.latencyMs() > 0) {
                timers.schedule(answer, fault.latencyMs(), TimeUnit.MILLISECONDS);
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
}
