package dev.homewire.simulator.latchkey;

import static dev.homewire.simulator.latchkey.LatchkeyCloudSimulator.ALICE_ACCOUNT_ID;
import static dev.homewire.simulator.latchkey.LatchkeyCloudSimulator.BACK_DOOR_ID;
import static dev.homewire.simulator.latchkey.LatchkeyCloudSimulator.BOB_ACCOUNT_ID;
import static dev.homewire.simulator.latchkey.LatchkeyCloudSimulator.FRONT_DOOR_ID;
import static dev.homewire.simulator.latchkey.LatchkeyCloudSimulator.GARAGE_DOOR_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.VendorCloudSimulator.FaultSpec;
import dev.homewire.simulator.VendorCloudSimulatorFactory;
import dev.homewire.testkit.WebhookSigning;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LatchkeyCloudSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DELAY = Duration.ofMillis(150);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LatchkeyCloudSimulator simulator;
    private Receiver receiver;
    private String alice;
    private String bob;

    @BeforeEach
    void start() {
        simulator = new LatchkeyCloudSimulator(DELAY);
        simulator.start(0);
        receiver = new Receiver();
        simulator.connectWebhook(receiver.url());
        alice = token("alice");
        bob = token("bob");
    }

    @AfterEach
    void stop() {
        simulator.close();
        receiver.close();
    }

    private String token(String user) {
        return simulator.demoAccounts().stream().filter(a -> a.demoUser().equals(user)).findFirst()
                .orElseThrow().credentials().get("accessToken");
    }

    // ------------------------------------------------------------------ plumbing

    private record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    private Reply get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(simulator.baseUrl().resolve(path)).timeout(WAIT).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    private Reply post(String path, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(simulator.baseUrl().resolve(path)).timeout(WAIT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(request);
    }

    private Reply operate(String lockId, String token, String action) throws Exception {
        return post("/v1/locks/" + lockId + "/operations", token, "{\"action\":\"" + action + "\"}");
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Reply(response.statusCode(), body, response);
    }

    private JsonNode control(String lockId) {
        return StreamSupport.stream(simulator.devices().spliterator(), false)
                .filter(d -> d.path("deviceId").asText().equals(lockId)).findFirst().orElseThrow();
    }

    private static JsonNode change(String json) throws IOException {
        return JSON.readTree(json);
    }

    /** A delivery as the receiver saw it. */
    private record Delivery(Map<String, List<String>> headers, byte[] body, JsonNode event, Instant receivedAt) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A loopback webhook receiver that can refuse its first deliveries. */
    private static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final LinkedBlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
        final AtomicInteger failuresLeft = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                requests.incrementAndGet();
                if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    exchange.sendResponseHeaders(500, -1);
                    exchange.close();
                    return;
                }
                deliveries.add(new Delivery(Map.copyOf(exchange.getRequestHeaders()), body, JSON.readTree(body), Instant.now()));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/latchkey");
        }

        Delivery next(Duration timeout) throws InterruptedException {
            return deliveries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static void awaitEquals(int expected, java.util.function.IntSupplier actual, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (actual.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, actual.getAsInt(), what);
    }

    private void assertSigned(Delivery delivery) throws Exception {
        String timestamp = delivery.header("Latchkey-Timestamp");
        assertNotNull(timestamp, "timestamp header");
        assertTrue(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond()) <= 5, "fresh timestamp");
        // our own HMAC (the testkit's), independent of the simulator's code
        String expected = "v1=" + WebhookSigning.hmacHex(simulator.adapterSettings().get("WEBHOOK_SECRET"), timestamp, delivery.body());
        assertEquals(expected, delivery.header("Latchkey-Signature"));
        assertEquals(delivery.event().path("event_id").asText(), delivery.header("Latchkey-Event-Id"));
        assertTrue(delivery.header("Content-Type").startsWith("application/json"));
    }

    // ------------------------------------------------------------------ declaration

    @Test
    void isFoundThroughServiceLoaderAndDescribesItself() {
        VendorCloudSimulatorFactory factory = ServiceLoader.load(VendorCloudSimulatorFactory.class).stream()
                .map(ServiceLoader.Provider::get).filter(f -> f.adapterId().equals("latchkey")).findFirst().orElseThrow();
        try (VendorCloudSimulator created = factory.create()) {
            assertInstanceOf(LatchkeyCloudSimulator.class, created);
            assertEquals("latchkey", created.adapterId());
            assertEquals(LatchkeyCloudSimulator.DEFAULT_OPERATION_DELAY, ((LatchkeyCloudSimulator) created).operationDelay());
        }
        Map<String, String> settings = simulator.adapterSettings();
        assertEquals(simulator.baseUrl().toString(), settings.get("BASE_URL"));
        assertTrue(settings.get("BASE_URL").startsWith("http://127.0.0.1:"));
        assertTrue(settings.get("WEBHOOK_SECRET").startsWith("lkwh_"));
        assertEquals(Map.of("alice", ALICE_ACCOUNT_ID, "bob", BOB_ACCOUNT_ID), Map.of(
                simulator.demoAccounts().get(0).demoUser(), simulator.demoAccounts().get(0).accountId(),
                simulator.demoAccounts().get(1).demoUser(), simulator.demoAccounts().get(1).accountId()));
        assertNotEquals(alice, bob);
        try (LatchkeyCloudSimulator other = new LatchkeyCloudSimulator()) {
            assertNotEquals(alice, other.demoAccounts().get(0).credentials().get("accessToken"), "tokens are random");
            assertNotEquals(simulator.webhookSecret(), other.webhookSecret(), "secrets are random");
        }
    }

    @Test
    void devicesListsEveryLockWithItsControlView() {
        JsonNode devices = simulator.devices();
        assertEquals(3, devices.size());
        JsonNode front = control(FRONT_DOOR_ID);
        assertEquals(ALICE_ACCOUNT_ID, front.path("accountId").asText());
        assertEquals("Front Door", front.path("name").asText());
        assertEquals("locked", front.path("state").asText());
        assertTrue(front.path("online").asBoolean());
        assertTrue(front.path("battery").isInt());
        assertEquals("unlocked", control(BACK_DOOR_ID).path("state").asText());
        assertEquals(BOB_ACCOUNT_ID, control(GARAGE_DOOR_ID).path("accountId").asText());
        assertEquals("Garage Door", control(GARAGE_DOOR_ID).path("name").asText());
    }

    // ------------------------------------------------------------------ reading

    @Test
    void listsTheAccountsLocks() throws Exception {
        Reply reply = get("/v1/locks", alice);
        assertEquals(200, reply.status());
        assertTrue(reply.raw().headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode locks = reply.body().path("locks");
        assertEquals(2, locks.size());
        JsonNode front = locks.get(0);
        assertEquals(FRONT_DOOR_ID, front.path("id").asText());
        assertEquals("Front Door", front.path("name").asText());
        assertEquals("Latchkey Deadbolt 2", front.path("model").asText());
        assertEquals("locked", front.path("state").asText());
        assertTrue(front.path("online").booleanValue());
        assertTrue(front.path("battery").isInt());
        Instant.parse(front.path("updated_at").asText());
        assertEquals("unlocked", locks.get(1).path("state").asText());

        JsonNode bobs = get("/v1/locks", bob).body().path("locks");
        assertEquals(1, bobs.size());
        assertEquals(GARAGE_DOOR_ID, bobs.get(0).path("id").asText());
    }

    @Test
    void getsOneLockAndHidesOtherAccountsLocks() throws Exception {
        Reply front = get("/v1/locks/" + FRONT_DOOR_ID, alice);
        assertEquals(200, front.status());
        assertEquals(FRONT_DOOR_ID, front.body().path("id").asText());
        assertEquals("locked", front.body().path("state").asText());

        Reply foreign = get("/v1/locks/" + GARAGE_DOOR_ID, alice);
        assertEquals(404, foreign.status());
        assertEquals("not_found", foreign.body().path("error").asText());
        assertEquals(404, get("/v1/locks/lk-nope", alice).status());
        assertEquals(404, get("/v1/gadgets", alice).status());
        assertEquals(404, operate(GARAGE_DOOR_ID, alice, "unlock").status(), "cannot operate another account's lock");
        assertEquals("locked", control(GARAGE_DOOR_ID).path("state").asText());
    }

    @Test
    void refusesMissingAndUnknownTokens() throws Exception {
        Reply none = get("/v1/locks", null);
        assertEquals(401, none.status());
        assertEquals("unauthorized", none.body().path("error").asText());
        assertEquals("Bearer realm=\"latchkey\"", none.raw().headers().firstValue("WWW-Authenticate").orElse(null));
        assertEquals(401, get("/v1/locks", "lk_forged").status());
        HttpRequest basic = HttpRequest.newBuilder(simulator.baseUrl().resolve("/v1/locks"))
                .header("Authorization", "Basic " + alice).GET().build();
        assertEquals(401, send(basic).status());
        assertEquals(401, operate(FRONT_DOOR_ID, "lk_forged", "unlock").status());
    }

    @Test
    void refusesWrongMethods() throws Exception {
        Reply reply = post("/v1/locks", alice, "{}");
        assertEquals(405, reply.status());
        assertEquals("GET", reply.raw().headers().firstValue("Allow").orElse(null));
        HttpRequest getOps = HttpRequest.newBuilder(simulator.baseUrl().resolve("/v1/locks/" + FRONT_DOOR_ID + "/operations"))
                .header("Authorization", "Bearer " + alice).GET().build();
        assertEquals(405, send(getOps).status());
    }

    // ------------------------------------------------------------------ operations

    @Test
    void anOperationIsAcceptedThenCompletedBySignedWebhook() throws Exception {
        Reply accepted = operate(BACK_DOOR_ID, alice, "lock");
        assertEquals(202, accepted.status());
        String operationId = accepted.body().path("operation_id").asText();
        assertTrue(operationId.startsWith("op_"));
        assertEquals("pending", accepted.body().path("status").asText());
        assertEquals(BACK_DOOR_ID, accepted.body().path("lock_id").asText());
        assertEquals("lock", accepted.body().path("action").asText());
        assertEquals("unlocked", get("/v1/locks/" + BACK_DOOR_ID, alice).body().path("state").asText(),
                "nothing moves before the delay");

        Delivery delivery = receiver.next(WAIT);
        assertNotNull(delivery, "the outcome is pushed");
        assertSigned(delivery);
        JsonNode event = delivery.event();
        assertTrue(event.path("event_id").asText().startsWith("evt_"));
        assertEquals("lock.operation.completed", event.path("type").asText());
        assertEquals(ALICE_ACCOUNT_ID, event.path("account_id").asText());
        assertEquals(BACK_DOOR_ID, event.path("lock_id").asText());
        assertEquals(operationId, event.path("operation_id").asText());
        assertEquals("lock", event.path("action").asText());
        assertEquals("succeeded", event.path("result").asText());
        assertTrue(event.path("error").isMissingNode());
        assertEquals("locked", event.path("state").asText());
        assertEquals("remote", event.path("source").asText());
        Instant occurredAt = Instant.parse(event.path("occurred_at").asText());

        JsonNode lock = get("/v1/locks/" + BACK_DOOR_ID, alice).body();
        assertEquals("locked", lock.path("state").asText());
        assertEquals(occurredAt, Instant.parse(lock.path("updated_at").asText()));
        JsonNode operation = get("/v1/locks/" + BACK_DOOR_ID + "/operations/" + operationId, alice).body();
        assertEquals("succeeded", operation.path("status").asText());
        assertEquals("locked", operation.path("state").asText());
        assertEquals(occurredAt, Instant.parse(operation.path("completed_at").asText()));
        assertEquals(404, get("/v1/locks/" + FRONT_DOOR_ID + "/operations/" + operationId, alice).status());
        assertEquals(1, simulator.operationCalls());
        awaitEquals(1, simulator::deliveredWebhooks, "acknowledged deliveries");
    }

    @Test
    void theDelayIsConfigurableAndOperationsCompleteInOrder() throws Exception {
        simulator.setOperationDelay(Duration.ofMillis(600));
        long started = System.nanoTime();
        assertEquals(202, operate(FRONT_DOOR_ID, alice, "unlock").status());
        assertEquals(202, operate(FRONT_DOOR_ID, alice, "lock").status());
        Delivery first = receiver.next(WAIT);
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Delivery second = receiver.next(WAIT);
        assertNotNull(first);
        assertNotNull(second);
        assertTrue(tookMs >= 550, "the first completion waited for the delay, took " + tookMs + " ms");
        assertEquals("unlocked", first.event().path("state").asText());
        assertEquals("locked", second.event().path("state").asText());
        assertEquals("locked", control(FRONT_DOOR_ID).path("state").asText());
        assertThrows(IllegalArgumentException.class, () -> simulator.setOperationDelay(Duration.ofMillis(-1)));
    }

    @Test
    void refusesMalformedOperations() throws Exception {
        String path = "/v1/locks/" + FRONT_DOOR_ID + "/operations";
        for (String body : List.of("", "not json", "[]", "{}", "{\"action\":\"open\"}", "{\"action\":1}",
                "{\"action\":\"lock\",\"force\":true}", "{\"action\":\"lock\"} trailing")) {
            Reply reply = post(path, alice, body);
            assertEquals(400, reply.status(), body);
            assertEquals("bad_request", reply.body().path("error").asText(), body);
        }
        assertEquals(0, simulator.webhookAttempts());
    }

    @Test
    void anOfflineLockRefusesOperationsWith409() throws Exception {
        simulator.changeDeviceState(FRONT_DOOR_ID, change("{\"online\": false}"));
        Delivery drop = receiver.next(WAIT);
        assertNotNull(drop);
        assertSigned(drop);
        assertEquals("lock.connectivity.changed", drop.event().path("type").asText());
        assertFalse(drop.event().path("online").booleanValue());
        assertEquals("locked", drop.event().path("state").asText(), "with the last known state");

        Reply refused = operate(FRONT_DOOR_ID, alice, "unlock");
        assertEquals(409, refused.status());
        assertEquals("lock_offline", refused.body().path("error").asText());
        JsonNode lock = get("/v1/locks/" + FRONT_DOOR_ID, alice).body();
        assertFalse(lock.path("online").booleanValue());
        assertEquals("locked", lock.path("state").asText());
        assertEquals(Instant.parse(drop.event().path("occurred_at").asText()), Instant.parse(lock.path("updated_at").asText()));

        simulator.changeDeviceState(FRONT_DOOR_ID, change("{\"online\": true}"));
        Delivery back = receiver.next(WAIT);
        assertTrue(back.event().path("online").booleanValue());
        assertEquals(202, operate(FRONT_DOOR_ID, alice, "unlock").status());
    }

    @Test
    void aLockThatDropsOffBeforeActingFailsTheOperation() throws Exception {
        simulator.setOperationDelay(Duration.ofMillis(500));
        String operationId = operate(FRONT_DOOR_ID, alice, "unlock").body().path("operation_id").asText();
        simulator.changeDeviceState(FRONT_DOOR_ID, change("{\"online\": false}"));
        assertEquals("lock.connectivity.changed", receiver.next(WAIT).event().path("type").asText());
        JsonNode completed = receiver.next(WAIT).event();
        assertEquals("lock.operation.completed", completed.path("type").asText());
        assertEquals(operationId, completed.path("operation_id").asText());
        assertEquals("failed", completed.path("result").asText());
        assertEquals("lock_offline", completed.path("error").asText());
        assertEquals("locked", completed.path("state").asText());
        assertEquals("locked", control(FRONT_DOOR_ID).path("state").asText());
    }

    @Test
    void aLockSetToJamReportsJammedOnItsNextOperationOnly() throws Exception {
        simulator.changeDeviceState(BACK_DOOR_ID, change("{\"jamOnNextOperation\": true}"));
        assertTrue(control(BACK_DOOR_ID).path("jamOnNextOperation").booleanValue());
        assertNull(receiver.next(Duration.ofMillis(300)), "arming a jam pushes nothing");
        String operationId = operate(BACK_DOOR_ID, alice, "lock").body().path("operation_id").asText();
        JsonNode jammed = receiver.next(WAIT).event();
        assertEquals(operationId, jammed.path("operation_id").asText());
        assertEquals("failed", jammed.path("result").asText());
        assertEquals("jammed", jammed.path("error").asText());
        assertEquals("jammed", jammed.path("state").asText());
        assertEquals("jammed", get("/v1/locks/" + BACK_DOOR_ID, alice).body().path("state").asText());
        assertEquals("failed", get("/v1/locks/" + BACK_DOOR_ID + "/operations/" + operationId, alice).body()
                .path("status").asText());
        assertFalse(control(BACK_DOOR_ID).path("jamOnNextOperation").booleanValue());

        operate(BACK_DOOR_ID, alice, "lock");
        JsonNode retried = receiver.next(WAIT).event();
        assertEquals("succeeded", retried.path("result").asText());
        assertEquals("locked", retried.path("state").asText());
    }

    @Test
    void droppedCommandsAreAcceptedButNeverComplete() throws Exception {
        simulator.setFaults(new FaultSpec(0, 0, 0, true));
        Reply accepted = operate(FRONT_DOOR_ID, alice, "unlock");
        assertEquals(202, accepted.status());
        String operationId = accepted.body().path("operation_id").asText();
        assertNull(receiver.next(DELAY.multipliedBy(5)), "no webhook for a dropped command");
        assertEquals("locked", control(FRONT_DOOR_ID).path("state").asText());
        assertEquals(1, control(FRONT_DOOR_ID).path("pendingOperations").intValue());
        assertEquals("pending", get("/v1/locks/" + FRONT_DOOR_ID + "/operations/" + operationId, alice).body()
                .path("status").asText());
        assertEquals(0, simulator.webhookAttempts());

        simulator.clearFaults();
        operate(FRONT_DOOR_ID, alice, "unlock");
        assertEquals("unlocked", receiver.next(WAIT).event().path("state").asText());
    }

    // ------------------------------------------------------------------ changes outside Alexa

    @Test
    void aManualChangeIsPushedWithItsSource() throws Exception {
        simulator.changeDeviceState(FRONT_DOOR_ID, change("{\"state\": \"unlocked\"}"));
        Delivery delivery = receiver.next(WAIT);
        assertSigned(delivery);
        JsonNode event = delivery.event();
        assertEquals("lock.state.changed", event.path("type").asText());
        assertEquals(FRONT_DOOR_ID, event.path("lock_id").asText());
        assertEquals(ALICE_ACCOUNT_ID, event.path("account_id").asText());
        assertEquals("unlocked", event.path("state").asText());
        assertEquals("manual", event.path("source").asText());
        assertTrue(event.path("operation_id").isMissingNode());
        assertEquals("unlocked", get("/v1/locks/" + FRONT_DOOR_ID, alice).body().path("state").asText());

        simulator.changeDeviceState(FRONT_DOOR_ID, change("{\"state\": \"locked\", \"source\": \"auto_lock\"}"));
        assertEquals("auto_lock", receiver.next(WAIT).event().path("source").asText());
        simulator.changeDeviceState(FRONT_DOOR_ID, change("{\"state\": \"locked\", \"source\": \"keypad\"}"));
        assertNull(receiver.next(Duration.ofMillis(300)), "no change, no event");
    }

    @Test
    void changesWhileOfflineTravelWithTheReconnection() throws Exception {
        simulator.changeDeviceState(GARAGE_DOOR_ID, change("{\"online\": false}"));
        assertEquals(BOB_ACCOUNT_ID, receiver.next(WAIT).event().path("account_id").asText());
        simulator.changeDeviceState(GARAGE_DOOR_ID, change("{\"state\": \"unlocked\"}"));
        assertNull(receiver.next(Duration.ofMillis(300)), "the cloud cannot hear an offline lock");
        simulator.changeDeviceState(GARAGE_DOOR_ID, change("{\"online\": true}"));
        JsonNode back = receiver.next(WAIT).event();
        assertEquals("lock.connectivity.changed", back.path("type").asText());
        assertTrue(back.path("online").booleanValue());
        assertEquals("unlocked", back.path("state").asText());
    }

    @Test
    void changeDeviceStateValidatesAllOrNothing() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> simulator.changeDeviceState("lk-nope", change("{\"state\":\"locked\"}")));
        assertThrows(IllegalArgumentException.class, () -> simulator.changeDeviceState(FRONT_DOOR_ID, change("{}")));
        assertThrows(IllegalArgumentException.class, () -> simulator.changeDeviceState(FRONT_DOOR_ID, change("[]")));
        for (String bad : List.of("{\"state\":\"open\"}", "{\"online\":\"no\"}", "{\"battery\":101}",
                "{\"state\":\"unlocked\",\"source\":\"ghost\"}", "{\"source\":\"manual\"}", "{\"colour\":\"red\"}",
                "{\"state\":\"unlocked\",\"battery\":-1}", "{\"jamOnNextOperation\":1}")) {
            assertThrows(IllegalArgumentException.class, () -> simulator.changeDeviceState(FRONT_DOOR_ID, change(bad)), bad);
        }
        assertEquals("locked", control(FRONT_DOOR_ID).path("state").asText(), "nothing changed");
        simulator.changeDeviceState(FRONT_DOOR_ID, change("{\"battery\": 12}"));
        assertEquals(12, get("/v1/locks/" + FRONT_DOOR_ID, alice).body().path("battery").intValue());
        assertNull(receiver.next(Duration.ofMillis(200)));
    }

    // ------------------------------------------------------------------ delivery

    @Test
    void aFailedDeliveryIsRetriedWithTheSameEventAndAFreshSignature() throws Exception {
        receiver.failuresLeft.set(1);
        simulator.changeDeviceState(FRONT_DOOR_ID, change("{\"state\": \"unlocked\"}"));
        Delivery delivery = receiver.next(WAIT);
        assertNotNull(delivery, "the second attempt arrives");
        assertSigned(delivery);
        assertEquals(2, receiver.requests.get());
        assertEquals(2, simulator.webhookAttempts());
        awaitEquals(1, simulator::deliveredWebhooks, "acknowledged deliveries");
    }

    @Test
    void aReceiverThatKeepsFailingIsGivenUpOnAfterThreeAttempts() throws Exception {
        receiver.failuresLeft.set(100);
        simulator.changeDeviceState(FRONT_DOOR_ID, change("{\"state\": \"unlocked\"}"));
        awaitEquals(1, simulator::abandonedWebhooks, "abandoned deliveries");
        assertEquals(3, receiver.requests.get());
        assertEquals(0, simulator.deliveredWebhooks());

        receiver.failuresLeft.set(0);
        simulator.changeDeviceState(FRONT_DOOR_ID, change("{\"state\": \"locked\"}"));
        assertEquals("locked", receiver.next(WAIT).event().path("state").asText(), "later events still go out");
    }

    @Test
    void withoutAWebhookEventsAreDropped() throws Exception {
        simulator.connectWebhook(null);
        simulator.changeDeviceState(FRONT_DOOR_ID, change("{\"state\": \"unlocked\"}"));
        assertNull(receiver.next(Duration.ofMillis(300)));
        assertEquals(0, simulator.webhookAttempts());
        assertThrows(IllegalArgumentException.class, () -> simulator.connectWebhook(URI.create("ftp://example.com/x")));
    }

    // ------------------------------------------------------------------ faults

    @Test
    void injectedFaultsAnswerTheDocumentedErrors() throws Exception {
        simulator.setFaults(new FaultSpec(1.0, 503, 0));
        Reply unavailable = get("/v1/locks", alice);
        assertEquals(503, unavailable.status());
        assertEquals("unavailable", unavailable.body().path("error").asText());

        simulator.setFaults(new FaultSpec(1.0, 429, 0));
        Reply throttled = operate(FRONT_DOOR_ID, alice, "unlock");
        assertEquals(429, throttled.status());
        assertEquals("rate_limited", throttled.body().path("error").asText());
        assertEquals("1", throttled.raw().headers().firstValue("Retry-After").orElse(null));

        simulator.setFaults(new FaultSpec(1.0, 500, 300));
        long started = System.nanoTime();
        assertEquals(500, get("/v1/locks", alice).status());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= 280, "latency applies");

        simulator.clearFaults();
        assertEquals(200, get("/v1/locks", alice).status());
        assertNull(receiver.next(Duration.ofMillis(300)), "a faulted operation changed nothing");
        assertEquals("locked", control(FRONT_DOOR_ID).path("state").asText());
    }

    @Test
    void aTimeOutFaultNeverAnswers() {
        simulator.setFaults(new FaultSpec(1.0, 0, 0));
        HttpRequest request = HttpRequest.newBuilder(simulator.baseUrl().resolve("/v1/locks"))
                .header("Authorization", "Bearer " + alice).timeout(Duration.ofMillis(500)).GET().build();
        assertThrows(HttpTimeoutException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void closeStopsServingAndIsIdempotent() throws Exception {
        URI base = simulator.baseUrl();
        simulator.close();
        simulator.close();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/v1/locks")).timeout(Duration.ofSeconds(2)).GET().build();
        assertThrows(IOException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        assertThrows(IllegalStateException.class, () -> simulator.start(0));
    }
}
