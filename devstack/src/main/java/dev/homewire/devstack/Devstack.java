package dev.homewire.devstack;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.core.SkillRuntime;
import dev.homewire.core.aws.AwsClients;
import dev.homewire.core.breaker.VendorBreakers;
import dev.homewire.core.config.HomewireConfig;
import dev.homewire.core.faults.CrashPoints;
import dev.homewire.core.queue.sqs.QueueDefinitions;
import dev.homewire.core.store.dynamo.TableDefinitions;
import dev.homewire.devstack.http.Http;
import dev.homewire.devstack.sim.SimulatedAccountLinking;
import dev.homewire.devstack.sim.SimulatedAccountLinking.DemoUser;
import dev.homewire.devstack.sim.GatewayFaults;
import dev.homewire.devstack.sim.LwaFaults;
import dev.homewire.devstack.sim.SimulatedEventGateway;
import dev.homewire.devstack.sim.SimulatedLoginWithAmazon;
import dev.homewire.dispatcher.Dispatchers;
import dev.homewire.entrypoint.SkillEntrypoint;
import dev.homewire.entrypoint.SkillEntrypoints;
import dev.homewire.localaws.LocalAws;
import dev.homewire.adapter.spi.WebhookRequest;
import dev.homewire.core.schedule.InProcessSyncScheduler;
import dev.homewire.processors.DirectiveBatchHandler;
import dev.homewire.processors.Processors;
import dev.homewire.processors.poll.Polling;
import dev.homewire.processors.push.WebhookReceiver;
import dev.homewire.processors.push.WebhookResponse;
import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.VendorCloudSimulatorFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local devstack: one JVM on loopback with real local AWS servers (ElasticMQ for SQS,
 * dynalite for DynamoDB), simulated Login with Amazon, account-linking userinfo, Alexa event
 * gateway and vendor clouds, and the real Lambda handler classes wired as Lambda wires them.
 */
public final class Devstack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Devstack.class);
    static final String LWA_CLIENT_ID = "amzn1.application-oa2-client.devstack";
    static final String LWA_CLIENT_SECRET = "devstack-client-secret";

    static {
        // Read once, when the JDK creates its first HttpServer: the devstack's own server comes
        // before the simulators', so it must be set here, or every answer on a kept-alive
        // connection waits for Nagle's algorithm (~40 ms).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Batches of one queue handled at once, as Lambda runs several invocations per event source. */
    static final int POLLER_CONCURRENCY = 4;

    private final DevstackOptions options;
    private final LocalAws aws;
    private final HttpServer server;
    private final URI baseUrl;
    private final Map<String, VendorCloudSimulator> simulators;
    private final SimulatedLoginWithAmazon lwa;
    private final SimulatedAccountLinking accountLinking;
    private final SimulatedEventGateway gateway;
    private final SkillRuntime runtime;
    private final SkillEntrypoint entrypoint;
    private final WebhookReceiver webhooks;
    private volatile InProcessSyncScheduler syncScheduler;
    private final List<SqsPoller> pollers = new ArrayList<>();
    private final DeadLetters deadLetters;
    private final Map<String, List<String>> linkedAdapters = new LinkedHashMap<>();

    private Devstack(DevstackOptions options) throws IOException {
        this.options = options;
        Clock clock = Clock.systemUTC();
        long started = System.nanoTime();
        this.aws = LocalAws.start();
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.port()), 64);
        // A thread per exchange in progress, idle ones ended after a minute: a slow client holds one
        // thread (at most Http.BODY_TIMEOUT while its body arrives) instead of one of a few shared ones.
        java.util.concurrent.atomic.AtomicInteger httpThreads = new java.util.concurrent.atomic.AtomicInteger();
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "devstack-http-" + httpThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }));
        this.baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());

        this.simulators = new LinkedHashMap<>();
        for (VendorCloudSimulatorFactory factory : ServiceLoader.load(VendorCloudSimulatorFactory.class)) {
            VendorCloudSimulator simulator = factory.create();
            simulator.start(0);
            simulators.put(simulator.adapterId(), simulator);
        }
        this.lwa = new SimulatedLoginWithAmazon(LWA_CLIENT_ID, LWA_CLIENT_SECRET, options.lwaTokenLifetime(), clock);
        this.accountLinking = new SimulatedAccountLinking(List.of(
                new DemoUser("alice", "Alice", "linktoken-alice"),
                new DemoUser("bob", "Bob", "linktoken-bob")));
        this.gateway = new SimulatedEventGateway(lwa::isValidAccessToken, clock);

        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("HOMEWIRE_DYNAMODB_ENDPOINT", aws.dynamoDbEndpoint().toString());
        env.put("HOMEWIRE_SQS_ENDPOINT", aws.sqsEndpoint().toString());
        env.put("HOMEWIRE_ALEXA_REGION", "NA");
        env.put("HOMEWIRE_LWA_TOKEN_URL", baseUrl + "/lwa/auth/o2/token");
        env.put("HOMEWIRE_LWA_CLIENT_ID", LWA_CLIENT_ID);
        env.put("HOMEWIRE_LWA_CLIENT_SECRET", LWA_CLIENT_SECRET);
        env.put("HOMEWIRE_GATEWAY_URL_NA", baseUrl + "/gateway/na/v3/events");
        env.put("HOMEWIRE_GATEWAY_URL_EU", baseUrl + "/gateway/eu/v3/events");
        env.put("HOMEWIRE_GATEWAY_URL_FE", baseUrl + "/gateway/fe/v3/events");
        env.put("HOMEWIRE_USERINFO_URL", baseUrl + "/userinfo");
        env.put("HOMEWIRE_HTTP_TIMEOUT_MS", Long.toString(options.httpTimeout().toMillis()));
        env.put("HOMEWIRE_SYNC_INTERVAL_SECONDS", Long.toString(Math.max(1, options.syncInterval().toSeconds())));
        env.put("HOMEWIRE_REDISCOVERY_INTERVAL_SECONDS", Long.toString(Math.max(1, options.rediscoveryInterval().toSeconds())));
        env.put("HOMEWIRE_BREAKER_OPEN_SECONDS", Long.toString(Math.max(1, options.breakerOpenInterval().toSeconds())));
        for (VendorCloudSimulator simulator : simulators.values()) {
            simulator.adapterSettings().forEach((key, value) -> env.put(AdapterContext.envName(simulator.adapterId(), key), value));
        }
        HomewireConfig probe = new HomewireConfig(env);
        QueueDefinitions.Queues queues;
        // Short-lived clients for creating tables and queues; the runtime builds its own once configured.
        try (var dynamo = AwsClients.dynamoDb(probe); var sqs = AwsClients.sqs(probe)) {
            TableDefinitions.createAll(dynamo, probe);
            queues = QueueDefinitions.createAll(sqs, "homewire");
        }
        env.put("HOMEWIRE_DIRECTIVE_QUEUE_URL", queues.directiveQueueUrl());
        env.put("HOMEWIRE_OUTBOUND_QUEUE_URL", queues.outboundQueueUrl());
        env.put("HOMEWIRE_POLL_QUEUE_URL", queues.pollQueueUrl());
        env.put("HOMEWIRE_DEADLINE_QUEUE_URL", queues.deadlineQueueUrl());
        env.put("HOMEWIRE_OUTBOUND_DLQ_URL", queues.outboundDlqUrl());
        // No EventBridge Scheduler here: the same background-sync code runs on an in-process timer.
        this.runtime = new SkillRuntime(new HomewireConfig(env), clock, rt -> {
            syncScheduler = new InProcessSyncScheduler(rt.config().syncInterval(), Polling.backgroundSync(rt)::syncUser);
            return syncScheduler;
        });

        for (VendorCloudSimulator simulator : simulators.values()) {
            for (VendorCloudSimulator.DemoAccount account : simulator.demoAccounts()) {
                runtime.linkedAccounts().save(account.demoUser(),
                        new VendorAccount(simulator.adapterId(), account.accountId(), account.credentials()));
                linkedAdapters.computeIfAbsent(account.demoUser(), u -> new ArrayList<>()).add(simulator.adapterId());
            }
        }

        this.deadLetters = new DeadLetters(runtime.sqs(), queues);
        this.entrypoint = SkillEntrypoints.create(runtime);
        this.webhooks = Processors.webhookReceiver(runtime);
        for (VendorCloudSimulator simulator : simulators.values()) {
            simulator.connectWebhook(URI.create(baseUrl + "/webhooks/" + simulator.adapterId()));
        }
        // the template's batch size (one thread per endpoint of a batch), more invocations at once
        addPoller("directives", queues.directiveQueueUrl(), DirectiveBatchHandler.DEFAULT_PARALLELISM, 2 * POLLER_CONCURRENCY,
                Processors.directiveBatchHandler(runtime)::handle);
        addPoller("polls", queues.pollQueueUrl(), Polling.pollBatchHandler(runtime)::handle);
        addPoller("deadlines", queues.deadlineQueueUrl(), Processors.deadlineBatchHandler(runtime)::handle);
        addPoller("outbound", queues.outboundQueueUrl(), Dispatchers.batchHandler(runtime)::handle);
        routes();
        server.start();
        LOG.info("devstack up in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private void addPoller(String name, String queueUrl, Function<SQSEvent, SQSBatchResponse> handler) {
        addPoller(name, queueUrl, 10, POLLER_CONCURRENCY, handler);
    }

    private void addPoller(String name, String queueUrl, int batchSize, int concurrency,
                           Function<SQSEvent, SQSBatchResponse> handler) {
        String arn = runtime.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
        SqsPoller poller = new SqsPoller(name, runtime.sqs(), queueUrl, arn, batchSize, concurrency, handler);
        pollers.add(poller);
        poller.start();
    }

    public static Devstack start(DevstackOptions options) throws IOException {
        return new Devstack(options);
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public SkillRuntime runtime() {
        return runtime;
    }

    public SimulatedEventGateway gateway() {
        return gateway;
    }

    public SimulatedLoginWithAmazon lwa() {
        return lwa;
    }

    /** The dead-letter queues: what {@code GET /dlq} lists and {@code POST /dlq/{queueName}/replay} replays. */
    public DeadLetters deadLetters() {
        return deadLetters;
    }

    public Map<String, VendorCloudSimulator> simulators() {
        return simulators;
    }

    /** Records each queue's poller has handed to its Lambda handler so far (name → count). */
    public Map<String, Long> deliveredRecords() {
        Map<String, Long> counts = new LinkedHashMap<>();
        pollers.forEach(p -> counts.put(p.name(), p.delivered()));
        return counts;
    }

    /** Pauses or resumes the poller of one queue ("directives", "polls", "deadlines", "outbound"); for tests. */
    void pausePoller(String name, boolean pause) {
        pollers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no poller " + name)).pause(pause);
    }

    public List<DemoUser> users() {
        return accountLinking.users();
    }

    private void routes() {
        server.createContext("/alexa", safe(exchange -> {
            if (!"POST".equals(exchange.getRequestMethod())) {
                Http.error(exchange, 405, "POST a directive");
                return;
            }
            byte[] answer = entrypoint.handle(Http.body(exchange), Duration.ofSeconds(8));
            Http.send(exchange, 200, "application/json", answer);
        }));
        server.createContext("/gateway/", safe(exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/gateway/events")) {
                Http.json(exchange, 200, gateway.eventsJson(Http.params(exchange.getRequestURI().getRawQuery())));
                return;
            }
            if (path.equals("/gateway/stats")) {
                Http.json(exchange, 200, gateway.statsJson());
                return;
            }
            if (path.equals("/gateway/faults")) {
                gatewayFaults(exchange);
                return;
            }
            String[] parts = path.split("/");
            // /gateway/{region}/v3/events
            if (parts.length == 5 && parts[3].equals("v3") && parts[4].equals("events")) {
                gateway.handlePost(exchange, parts[2].toUpperCase(java.util.Locale.ROOT));
                return;
            }
            Http.error(exchange, 404, "no such gateway path");
        }));
        server.createContext("/webhooks/", safe(this::webhook));
        server.createContext("/lwa/auth/o2/token", safe(lwa::handleToken));
        server.createContext("/lwa/faults", safe(this::lwaFaults));
        server.createContext("/dlq", safe(this::dlq));
        server.createContext("/userinfo", safe(accountLinking::handleUserInfo));
        server.createContext("/users", safe(exchange -> Http.json(exchange, 200, accountLinking.usersJson(linkedAdapters))));
        server.createContext("/vendors", safe(this::vendors));
        server.createContext("/faults/crash", safe(this::crashFaults));
        server.createContext("/breakers", safe(this::breakers));
        server.createContext("/", safe(exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                Http.error(exchange, 404, "unknown path; GET / lists the devstack's endpoints");
                return;
            }
            Http.json(exchange, 200, index());
        }));
    }

    /** {@code POST|DELETE /gateway/faults}. */
    private void gatewayFaults(HttpExchange exchange) throws IOException {
        if ("DELETE".equals(exchange.getRequestMethod())) {
            gateway.clearFaults();
            Http.send(exchange, 204, "application/json", new byte[0]);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            Http.error(exchange, 405, "POST or DELETE /gateway/faults");
            return;
        }
        JsonNode body = Http.readJson(exchange);
        try {
            gateway.setFaults(new GatewayFaults(body.path("failureRate").asDouble(1.0), body.path("status").asInt(503),
                    body.path("code").asText(null), body.path("latencyMs").asLong(0),
                    body.hasNonNull("retryAfterSeconds") ? body.path("retryAfterSeconds").asInt() : null));
        } catch (IllegalArgumentException e) {
            Http.error(exchange, 400, e.getMessage());
            return;
        }
        Http.json(exchange, 200, gateway.statsJson());
    }

    /** {@code POST|DELETE /lwa/faults}. */
    private void lwaFaults(HttpExchange exchange) throws IOException {
        if ("DELETE".equals(exchange.getRequestMethod())) {
            lwa.clearFaults();
            Http.send(exchange, 204, "application/json", new byte[0]);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            Http.error(exchange, 405, "POST or DELETE /lwa/faults");
            return;
        }
        JsonNode body = Http.readJson(exchange);
        LwaFaults faults;
        try {
            faults = new LwaFaults(body.path("failureRate").asDouble(1.0), body.path("status").asInt(400),
                    body.path("error").asText(null), body.path("latencyMs").asLong(0));
        } catch (IllegalArgumentException e) {
            Http.error(exchange, 400, e.getMessage());
            return;
        }
        lwa.setFaults(faults);
        Http.json(exchange, 200, Http.JSON.valueToTree(faults));
    }

    /** {@code GET /dlq}, {@code POST /dlq/{queueName}/replay}. */
    private void dlq(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        if (parts.length == 2 && "GET".equals(exchange.getRequestMethod())) {
            Http.json(exchange, 200, deadLetters.json());
        } else if (parts.length == 4 && parts[3].equals("replay") && "POST".equals(exchange.getRequestMethod())) {
            if (!deadLetters.names().contains(parts[2])) {
                Http.error(exchange, 404, "no dead-letter queue " + parts[2] + "; there are " + deadLetters.names());
                return;
            }
            int count = deadLetters.approximateCount(parts[2]);
            String task = deadLetters.replay(parts[2]);
            ObjectNode answer = Http.JSON.createObjectNode();
            answer.put("queue", parts[2]);
            answer.put("taskHandle", task);
            answer.put("approximateMessages", count);
            Http.json(exchange, 200, answer);
        } else {
            Http.error(exchange, 404, "GET /dlq or POST /dlq/{queueName}/replay");
        }
    }

    /**
     * {@code GET /breakers}: each adapter's circuit breaker — the shared status row (UP/DOWN, open
     * until, probing) and this process's Resilience4j breaker (state, failure rate of the window,
     * -1 while it holds fewer calls than it needs).
     */
    private void breakers(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod()) || !exchange.getRequestURI().getPath().equals("/breakers")) {
            Http.error(exchange, 404, "GET /breakers");
            return;
        }
        List<String> ids = runtime.adapters().all().stream().map(a -> a.id()).toList();
        ArrayNode list = Http.JSON.createArrayNode();
        for (VendorBreakers.Snapshot b : runtime.vendorBreakers().snapshot(ids)) {
            ObjectNode node = list.addObject();
            node.put("adapterId", b.adapterId());
            node.put("status", b.status());
            if (b.openUntil() == null) {
                node.putNull("openUntil");
            } else {
                node.put("openUntil", b.openUntil().toString());
            }
            node.put("probing", b.probing());
            node.put("version", b.version());
            node.put("timesOpened", b.timesOpened());
            node.put("localState", b.localState());
            node.put("failureRate", b.failureRate());
            node.put("bufferedCalls", b.bufferedCalls());
            node.put("failedCalls", b.failedCalls());
            node.put("fastFailures", b.fastFailures());
            node.put("probes", b.probes());
        }
        Http.json(exchange, 200, list);
    }

    /** {@code POST /webhooks/{adapterId}}: what the webhook Function URL does in AWS. */
    private void webhook(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        if (!"POST".equals(exchange.getRequestMethod()) || parts.length != 3) {
            Http.error(exchange, 404, "POST /webhooks/{adapterId}");
            return;
        }
        Map<String, List<String>> headers = new HashMap<>(exchange.getRequestHeaders());
        WebhookResponse response = webhooks.receive(parts[2], new WebhookRequest(headers, Http.body(exchange), java.time.Instant.now()));
        Http.send(exchange, response.status(), WebhookResponse.CONTENT_TYPE,
                response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void vendors(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String method = exchange.getRequestMethod();
        if (parts.length == 2) {
            ArrayNode list = Http.JSON.createArrayNode();
            simulators.values().forEach(s -> {
                ObjectNode node = list.addObject();
                node.put("adapterId", s.adapterId());
                node.put("baseUrl", s.baseUrl().toString());
                runtime.adapters().find(s.adapterId()).ifPresent(a -> node.put("interactionStyle", a.interactionStyle().name()));
            });
            Http.json(exchange, 200, list);
            return;
        }
        VendorCloudSimulator simulator = simulators.get(parts[2]);
        if (simulator == null) {
            Http.error(exchange, 404, "no simulated vendor cloud " + parts[2]);
            return;
        }
        if (parts.length == 4 && parts[3].equals("devices") && method.equals("GET")) {
            Http.json(exchange, 200, simulator.devices());
        } else if (parts.length == 4 && parts[3].equals("devices") && method.equals("POST")) {
            JsonNode body = Http.readJson(exchange);
            String user = body.path("user").asText("");
            ObjectNode description = body.isObject() ? ((ObjectNode) body).deepCopy() : Http.JSON.createObjectNode();
            description.remove("user");
            try {
                Http.json(exchange, 201, simulator.addDevice(user, description));
            } catch (IllegalArgumentException e) {
                Http.error(exchange, 400, e.getMessage());
            } catch (UnsupportedOperationException e) {
                Http.error(exchange, 405, e.getMessage());
            }
        } else if (parts.length == 5 && parts[3].equals("devices") && method.equals("DELETE")) {
            try {
                simulator.removeDevice(parts[4]);
            } catch (IllegalArgumentException e) {
                Http.error(exchange, 404, e.getMessage());
                return;
            } catch (UnsupportedOperationException e) {
                Http.error(exchange, 405, e.getMessage());
                return;
            }
            Http.send(exchange, 204, "application/json", new byte[0]);
        } else if (parts.length == 4 && parts[3].equals("faults") && method.equals("POST")) {
            JsonNode body = Http.readJson(exchange);
            try {
                simulator.setFaults(new VendorCloudSimulator.FaultSpec(body.path("failureRate").asDouble(1.0),
                        body.path("status").asInt(503), body.path("latencyMs").asLong(0),
                        body.path("dropCommands").asBoolean(false)));
            } catch (IllegalArgumentException e) {
                Http.error(exchange, 400, e.getMessage());
                return;
            }
            Http.json(exchange, 200, body);
        } else if (parts.length == 4 && parts[3].equals("faults") && method.equals("DELETE")) {
            simulator.clearFaults();
            Http.send(exchange, 204, "application/json", new byte[0]);
        } else if (parts.length == 6 && parts[3].equals("devices") && parts[5].equals("state") && method.equals("POST")) {
            try {
                simulator.changeDeviceState(parts[4], Http.readJson(exchange));
            } catch (IllegalArgumentException e) {
                Http.error(exchange, 400, e.getMessage());
                return;
            }
            Http.json(exchange, 200, simulator.devices());
        } else {
            Http.error(exchange, 404, "unknown vendor path");
        }
    }

    /**
     * {@code POST /faults/crash {"point": "after-vendor-call", "count": 3}} makes the next passes of
     * a crash point kill the invocation as a crashed Lambda would; {@code GET} lists the armed points
     * and the crashes so far; {@code DELETE} disarms all.
     */
    private void crashFaults(HttpExchange exchange) throws IOException {
        switch (exchange.getRequestMethod()) {
            case "POST" -> {
                JsonNode body = Http.readJson(exchange);
                try {
                    CrashPoints.arm(body.path("point").asText(""), body.path("count").asInt(1));
                } catch (IllegalArgumentException e) {
                    Http.error(exchange, 400, e.getMessage());
                    return;
                }
                Http.json(exchange, 200, crashState());
            }
            case "GET" -> Http.json(exchange, 200, crashState());
            case "DELETE" -> {
                CrashPoints.disarmAll();
                Http.send(exchange, 204, "application/json", new byte[0]);
            }
            default -> Http.error(exchange, 405, "POST, GET or DELETE /faults/crash");
        }
    }

    private static ObjectNode crashState() {
        ObjectNode state = Http.JSON.createObjectNode();
        ArrayNode points = state.putArray("points");
        CrashPoints.ALL.stream().sorted().forEach(points::add);
        ObjectNode armed = state.putObject("armed");
        CrashPoints.armed().forEach(armed::put);
        ObjectNode crashes = state.putObject("crashes");
        CrashPoints.crashes().forEach(crashes::put);
        return state;
    }

    private ObjectNode index() {
        ObjectNode index = Http.JSON.createObjectNode();
        index.put("alexa", baseUrl + "/alexa");
        index.put("gatewayEvents", baseUrl + "/gateway/events");
        index.put("gatewayStats", baseUrl + "/gateway/stats");
        index.put("deadLetters", baseUrl + "/dlq");
        index.put("users", baseUrl + "/users");
        index.put("vendors", baseUrl + "/vendors");
        index.put("breakers", baseUrl + "/breakers");
        index.put("webhooks", baseUrl + "/webhooks/{adapterId}");
        index.put("loginWithAmazon", baseUrl + "/lwa/auth/o2/token");
        index.put("userinfo", baseUrl + "/userinfo");
        index.put("sqs", aws.sqsEndpoint().toString());
        index.put("dynamodb", aws.dynamoDbEndpoint().toString());
        return index;
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /**
     * Every route answers JSON, even when something breaks: a request the route cannot take
     * ({@link Http.BadRequest}: a body that is not JSON, too large, too slow, a malformed parameter)
     * gets its 4xx and a message; anything else a 500 that names no Java class (the log has it).
     */
    private static com.sun.net.httpserver.HttpHandler safe(Handler handler) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (Http.BadRequest e) {
                LOG.debug("devstack route {} refused the request: {} {}", exchange.getRequestURI().getRawPath(), e.status(), e.getMessage());
                answerError(exchange, e.status(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.error("devstack route {} failed", exchange.getRequestURI().getRawPath(), e);
                answerError(exchange, 500, "the devstack could not handle the request; its log has the details");
            }
        };
    }

    private static void answerError(HttpExchange exchange, int status, String message) {
        try {
            Http.error(exchange, status, message);
        } catch (IOException | RuntimeException ignored) {
            exchange.close(); // the answer had started, or the connection is gone
        }
    }

    /** What a newcomer needs on screen: where things are and a command to paste. */
    String banner() {
        StringBuilder b = new StringBuilder();
        b.append("\nHomewire devstack is up at ").append(baseUrl).append('\n');
        b.append("  POST ").append(baseUrl).append("/alexa              the skill entrypoint (send directives here)\n");
        b.append("  GET  ").append(baseUrl).append("/gateway/events     what reached the simulated Alexa event gateway\n");
        b.append("  GET  ").append(baseUrl).append("/users              demo users and their account-linking tokens\n");
        b.append("  GET  ").append(baseUrl).append("/vendors            simulated vendor clouds (devices, faults)\n");
        b.append("  POST ").append(baseUrl).append("/webhooks/{id}      push webhooks of vendor clouds (the simulators send here)\n");
        b.append("  SQS (ElasticMQ) ").append(aws.sqsEndpoint()).append("   DynamoDB (dynalite) ").append(aws.dynamoDbEndpoint()).append('\n');
        for (VendorCloudSimulator s : simulators.values()) {
            b.append("  vendor cloud ").append(s.adapterId()).append(" at ").append(s.baseUrl()).append('\n');
        }
        b.append("\nTry (alice's linking token is linktoken-alice):\n");
        b.append("  curl -s ").append(baseUrl).append("/alexa -d '{\"directive\":{\"header\":{\"namespace\":\"Alexa.Discovery\",")
                .append("\"name\":\"Discover\",\"payloadVersion\":\"3\",\"messageId\":\"m-1\"},")
                .append("\"payload\":{\"scope\":{\"type\":\"BearerToken\",\"token\":\"linktoken-alice\"}}}}'\n");
        b.append("See README.md for AcceptGrant and TurnOn.\n");
        return b.toString();
    }

    @Override
    public void close() {
        pollers.forEach(SqsPoller::close);
        if (syncScheduler != null) {
            syncScheduler.close();
        }
        server.stop(0);
        simulators.values().forEach(VendorCloudSimulator::close);
        aws.close();
    }

    public static void main(String[] args) throws Exception {
        DevstackOptions options = DevstackOptions.parse(args);
        Devstack devstack = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(devstack::close, "devstack-shutdown"));
        System.out.println(devstack.banner());
        Thread.currentThread().join();
    }
}
