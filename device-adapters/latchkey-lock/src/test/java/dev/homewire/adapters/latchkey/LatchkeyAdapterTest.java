package dev.homewire.adapters.latchkey;

import static dev.homewire.simulator.latchkey.LatchkeyCloudSimulator.ALICE_ACCOUNT_ID;
import static dev.homewire.simulator.latchkey.LatchkeyCloudSimulator.BACK_DOOR_ID;
import static dev.homewire.simulator.latchkey.LatchkeyCloudSimulator.BOB_ACCOUNT_ID;
import static dev.homewire.simulator.latchkey.LatchkeyCloudSimulator.FRONT_DOOR_ID;
import static dev.homewire.simulator.latchkey.LatchkeyCloudSimulator.GARAGE_DOOR_ID;
import static dev.homewire.testkit.WebhookSigning.assertRefused;
import static dev.homewire.testkit.WebhookSigning.hmacHex;
import static dev.homewire.testkit.WebhookSigning.with;
import static dev.homewire.testkit.WebhookSigning.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.PushNotifications;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.UpdateCause;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.adapter.spi.WebhookRequest;
import dev.homewire.simulator.VendorCloudSimulator.FaultSpec;
import dev.homewire.simulator.latchkey.LatchkeyCloudSimulator;
import dev.homewire.testkit.WebhookCapture;
import dev.homewire.testkit.WebhookSigning;
import dev.homewire.core.http.HttpClientFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;



import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The adapter against the real simulator over HTTP, with the simulator's signed webhooks caught
 * by a loopback receiver and handed to {@code adapter.push()} exactly as received.
 */
class LatchkeyAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(400);
    private static final Duration OPERATION_DELAY = Duration.ofMillis(150);
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static CloseableHttpClient httpClient;

    private LatchkeyCloudSimulator simulator;
    private WebhookCapture receiver;
    private DeviceAdapter adapter;
    private PushNotifications push;
    private VendorAccount alice;
    private VendorAccount bob;
    private String secret;

    @BeforeAll
    static void client() {
        // What core hands adapters: the production client (pooled, time-outs, no automatic retries).
        httpClient = HttpClientFactory.create(Duration.ofSeconds(5));
    }

    @AfterAll
    static void closeClient() throws IOException {
        httpClient.close();
    }

    @BeforeEach
    void start() {
        simulator = new LatchkeyCloudSimulator(OPERATION_DELAY);
        simulator.start(0);
        receiver = new WebhookCapture();
        simulator.connectWebhook(receiver.url());
        secret = simulator.adapterSettings().get("WEBHOOK_SECRET");
        adapter = adapterWith(simulator.adapterSettings(), CALL_TIMEOUT);
        push = adapter.push().orElseThrow();
        alice = account("alice");
        bob = account("bob");
    }

    @AfterEach
    void stop() {
        simulator.close();
        receiver.close();
    }

    // ------------------------------------------------------------------ plumbing

    private static DeviceAdapter adapterWith(Map<String, String> settings, Duration callTimeout) {
        return factory().create(context(settings, callTimeout));
    }

    private static AdapterContext context(Map<String, String> settings, Duration callTimeout) {
        Map<String, String> env = new HashMap<>();
        settings.forEach((key, value) -> env.put(AdapterContext.envName("latchkey", key), value));
        return new AdapterContext("latchkey", env, httpClient, callTimeout);
    }

    private static DeviceAdapterFactory factory() {
        return ServiceLoader.load(DeviceAdapterFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.adapterId().equals("latchkey")).findFirst().orElseThrow();
    }

    private VendorAccount account(String demoUser) {
        return simulator.demoAccounts().stream().filter(a -> a.demoUser().equals(demoUser))
                .map(a -> new VendorAccount("latchkey", a.accountId(), a.credentials())).findFirst().orElseThrow();
    }

    private JsonNode control(String lockId) {
        return StreamSupport.stream(simulator.devices().spliterator(), false)
                .filter(d -> d.path("deviceId").asText().equals(lockId)).findFirst().orElseThrow();
    }

    private void change(String lockId, String json) throws IOException {
        simulator.changeDeviceState(lockId, JSON.readTree(json));
    }

    /** The next delivery the receiver caught, parsed by the adapter; exactly one update expected. */
    private DeviceUpdate nextUpdate() throws Exception {
        WebhookRequest delivery = receiver.next(WAIT);
        assertNotNull(delivery, "the cloud delivered a webhook");
        List<DeviceUpdate> updates = push.parseWebhook(delivery);
        assertEquals(1, updates.size(), "one update per event");
        return updates.get(0);
    }

    private static Instant occurredAt(WebhookRequest delivery) throws IOException {
        return Instant.parse(JSON.readTree(delivery.body()).path("occurred_at").asText());
    }


    // ------------------------------------------------------------------ signing, done independently of the adapter

    /** Latchkey's headers, signed by the testkit from the shared secret alone. */
    private static final WebhookSigning SIGNING = new WebhookSigning("Latchkey-Timestamp", "Latchkey-Signature");

    private WebhookRequest signed(String json) {
        return SIGNING.signed(secret, json);
    }

    private static AdapterException assertFails(Reason reason, Executable call) {
        AdapterException e = assertThrows(AdapterException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    // ------------------------------------------------------------------ factory and declaration

    @Test
    void theFactoryIsFoundAndNeedsBaseUrlAndWebhookSecret() {
        assertEquals("latchkey", factory().adapterId());
        assertInstanceOf(LatchkeyAdapter.class, adapter);
        String baseUrl = simulator.adapterSettings().get("BASE_URL");

        IllegalStateException noSecret = assertThrows(IllegalStateException.class,
                () -> adapterWith(Map.of("BASE_URL", baseUrl), CALL_TIMEOUT));
        assertTrue(noSecret.getMessage().contains("HOMEWIRE_ADAPTER_LATCHKEY_WEBHOOK_SECRET"), noSecret.getMessage());
        IllegalStateException noUrl = assertThrows(IllegalStateException.class,
                () -> adapterWith(Map.of("WEBHOOK_SECRET", secret), CALL_TIMEOUT));
        assertTrue(noUrl.getMessage().contains("HOMEWIRE_ADAPTER_LATCHKEY_BASE_URL"), noUrl.getMessage());
        IllegalStateException badUrl = assertThrows(IllegalStateException.class,
                () -> adapterWith(Map.of("BASE_URL", "ftp://example.com", "WEBHOOK_SECRET", secret), CALL_TIMEOUT));
        assertFalse(badUrl.getMessage().contains(secret), "secrets never appear in messages");
        assertThrows(IllegalStateException.class,
                () -> adapterWith(Map.of("BASE_URL", baseUrl, "WEBHOOK_SECRET", " , "), CALL_TIMEOUT));
    }

    @Test
    void declaresAnAsyncPushCloud() {
        assertEquals("latchkey", adapter.id());
        assertEquals(InteractionStyle.ASYNC_PUSH, adapter.interactionStyle());
        assertEquals(Duration.ofMinutes(10), adapter.stateFreshness());
        assertEquals(Duration.ofSeconds(3), adapter.typicalCommandLatency());
        assertTrue(adapter.push().isPresent());
    }

    // ------------------------------------------------------------------ discovery and state

    @Test
    void discoversTheAccountsLocks() {
        List<Device> devices = adapter.discover(alice);
        assertEquals(List.of(FRONT_DOOR_ID, BACK_DOOR_ID), devices.stream().map(Device::deviceId).toList());
        Device front = devices.get(0);
        assertEquals("Front Door", front.friendlyName());
        assertEquals(DeviceKind.SMARTLOCK, front.kind());
        assertEquals(List.of(new Trait.Lock()), front.traits());
        assertEquals("Latchkey", front.manufacturer());
        assertEquals("Latchkey Deadbolt 2", front.model());
        assertEquals("Latchkey Deadbolt 2", front.description());
        assertEquals("Back Door", devices.get(1).friendlyName());
        assertEquals("Latchkey Lever", devices.get(1).model());

        List<Device> bobs = adapter.discover(bob);
        assertEquals(1, bobs.size());
        assertEquals(GARAGE_DOOR_ID, bobs.get(0).deviceId());
        assertEquals("Garage Door", bobs.get(0).friendlyName());
    }

    @Test
    void queryStateReportsTheBoltAndConnectivity() throws Exception {
        Instant before = Instant.now();
        DeviceState front = adapter.queryState(alice, FRONT_DOOR_ID);
        assertEquals(LockState.LOCKED, front.lockState());
        assertEquals(Connectivity.OK, front.connectivity());
        assertFalse(front.observedAt().isBefore(before.minusMillis(1)), "an online lock's state is current");
        assertNull(front.power());
        assertEquals(LockState.UNLOCKED, adapter.queryState(alice, BACK_DOOR_ID).lockState());
        assertEquals(LockState.LOCKED, adapter.queryState(bob, GARAGE_DOOR_ID).lockState());

        change(FRONT_DOOR_ID, "{\"online\": false}");
        DeviceState offline = adapter.queryState(alice, FRONT_DOOR_ID);
        assertEquals(Connectivity.UNREACHABLE, offline.connectivity());
        assertEquals(LockState.LOCKED, offline.lockState(), "the last known state");
        assertEquals(Instant.parse(control(FRONT_DOOR_ID).path("updatedAt").asText()), offline.observedAt(),
                "observed when the cloud last heard from the lock");
    }

    @Test
    void queryStatesAsksOnceForSeveralLocks() {
        int calls = simulator.totalCalls();
        Map<String, DeviceState> states = adapter.queryStates(alice, List.of(BACK_DOOR_ID, FRONT_DOOR_ID, "lk-gone", GARAGE_DOOR_ID));
        assertEquals(1, simulator.totalCalls() - calls, "one GET /v1/locks");
        assertEquals(List.of(BACK_DOOR_ID, FRONT_DOOR_ID), List.copyOf(states.keySet()), "unknown and foreign locks left out");
        assertEquals(LockState.UNLOCKED, states.get(BACK_DOOR_ID).lockState());
        assertEquals(LockState.LOCKED, states.get(FRONT_DOOR_ID).lockState());
        assertEquals(Map.of(), adapter.queryStates(alice, List.of()));
        assertEquals(1, simulator.totalCalls() - calls, "nothing asked for, nothing called");
    }

    // ------------------------------------------------------------------ the full loop

    @Test
    void aLockCommandIsAcceptedAndItsResultArrivesOnTheSignedWebhook() throws Exception {
        CommandResult result = adapter.execute(alice, BACK_DOOR_ID, new DeviceCommand.SetLockState(LockState.LOCKED));
        CommandResult.Accepted accepted = assertInstanceOf(CommandResult.Accepted.class, result);
        assertTrue(accepted.operationRef().startsWith("op_"), accepted.operationRef());

        WebhookRequest delivery = receiver.next(WAIT);
        assertNotNull(delivery, "the cloud delivered the outcome");
        List<DeviceUpdate> updates = push.parseWebhook(delivery);
        assertEquals(1, updates.size());
        DeviceUpdate update = updates.get(0);
        assertEquals(ALICE_ACCOUNT_ID, update.accountId());
        assertEquals(BACK_DOOR_ID, update.deviceId());
        assertEquals(UpdateCause.COMMAND_RESULT, update.cause());
        assertEquals(accepted.operationRef(), update.operationRef());
        assertNull(update.failure());
        assertEquals(LockState.LOCKED, update.state().lockState());
        assertEquals(Connectivity.OK, update.state().connectivity());
        assertEquals(occurredAt(delivery), update.state().observedAt());
        assertTrue(new DeviceCommand.SetLockState(LockState.LOCKED).satisfiedBy(update.state()));

        assertEquals(LockState.LOCKED, adapter.queryState(alice, BACK_DOOR_ID).lockState());

        String unlockRef = ((CommandResult.Accepted) adapter.execute(alice, BACK_DOOR_ID,
                new DeviceCommand.SetLockState(LockState.UNLOCKED))).operationRef();
        DeviceUpdate unlocked = nextUpdate();
        assertEquals(unlockRef, unlocked.operationRef());
        assertEquals(LockState.UNLOCKED, unlocked.state().lockState());
    }

    @Test
    void aJammedLockIsReportedAsTheOperationsResult() throws Exception {
        change(FRONT_DOOR_ID, "{\"jamOnNextOperation\": true}");
        String ref = ((CommandResult.Accepted) adapter.execute(alice, FRONT_DOOR_ID,
                new DeviceCommand.SetLockState(LockState.UNLOCKED))).operationRef();
        DeviceUpdate update = nextUpdate();
        assertEquals(UpdateCause.COMMAND_RESULT, update.cause());
        assertEquals(ref, update.operationRef());
        assertEquals(LockState.JAMMED, update.state().lockState());
        assertEquals(Connectivity.OK, update.state().connectivity());
        assertNull(update.failure(), "Alexa hears JAMMED as the lock's state, not as an error");
        assertEquals(LockState.JAMMED, adapter.queryState(alice, FRONT_DOOR_ID).lockState());
    }

    @Test
    void aLockThatDropsOffBeforeActingFailsItsOperationAsOffline() throws Exception {
        simulator.setOperationDelay(Duration.ofMillis(400));
        String ref = ((CommandResult.Accepted) adapter.execute(alice, FRONT_DOOR_ID,
                new DeviceCommand.SetLockState(LockState.UNLOCKED))).operationRef();
        change(FRONT_DOOR_ID, "{\"online\": false}");
        assertEquals(Connectivity.UNREACHABLE, nextUpdate().state().connectivity());
        DeviceUpdate failed = nextUpdate();
        assertEquals(UpdateCause.COMMAND_RESULT, failed.cause());
        assertEquals(ref, failed.operationRef());
        assertNotNull(failed.failure());
        assertEquals(Reason.DEVICE_OFFLINE, failed.failure().reason());
        assertEquals(Connectivity.UNREACHABLE, failed.state().connectivity());
        assertEquals(LockState.LOCKED, failed.state().lockState());
    }

    @Test
    void changesOutsideAlexaArePushedWithTheirCause() throws Exception {
        change(FRONT_DOOR_ID, "{\"state\": \"unlocked\"}");
        DeviceUpdate manual = nextUpdate();
        assertEquals(FRONT_DOOR_ID, manual.deviceId());
        assertEquals(ALICE_ACCOUNT_ID, manual.accountId());
        assertEquals(UpdateCause.PHYSICAL_INTERACTION, manual.cause());
        assertNull(manual.operationRef());
        assertNull(manual.failure());
        assertEquals(LockState.UNLOCKED, manual.state().lockState());
        assertEquals(Connectivity.OK, manual.state().connectivity());

        change(FRONT_DOOR_ID, "{\"state\": \"locked\", \"source\": \"auto_lock\"}");
        assertEquals(UpdateCause.RULE_TRIGGER, nextUpdate().cause());
        change(FRONT_DOOR_ID, "{\"state\": \"unlocked\", \"source\": \"keypad\"}");
        assertEquals(UpdateCause.PHYSICAL_INTERACTION, nextUpdate().cause());
        change(FRONT_DOOR_ID, "{\"state\": \"locked\", \"source\": \"app\"}");
        DeviceUpdate app = nextUpdate();
        assertEquals(UpdateCause.APP_INTERACTION, app.cause());
        assertEquals(LockState.LOCKED, app.state().lockState());
    }

    @Test
    void connectivityChangesArePushed() throws Exception {
        change(GARAGE_DOOR_ID, "{\"online\": false}");
        DeviceUpdate gone = nextUpdate();
        assertEquals(BOB_ACCOUNT_ID, gone.accountId());
        assertEquals(GARAGE_DOOR_ID, gone.deviceId());
        assertEquals(Connectivity.UNREACHABLE, gone.state().connectivity());
        assertEquals(LockState.LOCKED, gone.state().lockState());
        assertEquals(UpdateCause.PERIODIC_POLL, gone.cause());

        change(GARAGE_DOOR_ID, "{\"state\": \"unlocked\"}");
        change(GARAGE_DOOR_ID, "{\"online\": true}");
        DeviceUpdate back = nextUpdate();
        assertEquals(Connectivity.OK, back.state().connectivity());
        assertEquals(LockState.UNLOCKED, back.state().lockState(), "what happened while it was away");
        DeviceState stored = DeviceState.builder().lockState(LockState.LOCKED).observedAt(Instant.EPOCH).build();
        assertEquals(LockState.UNLOCKED, stored.overlaidWith(back.state()).lockState());
    }

    @Test
    void droppedCommandsAreAcceptedButNeverReported() throws Exception {
        simulator.setFaults(new FaultSpec(0, 0, 0, true));
        assertInstanceOf(CommandResult.Accepted.class,
                adapter.execute(alice, FRONT_DOOR_ID, new DeviceCommand.SetLockState(LockState.UNLOCKED)));
        assertNull(receiver.next(OPERATION_DELAY.multipliedBy(6)), "no webhook for a dropped command");
        assertEquals(LockState.LOCKED, adapter.queryState(alice, FRONT_DOOR_ID).lockState());
    }

    // ------------------------------------------------------------------ command and call errors

    @Test
    void anOfflineLockRefusesCommandsAsDeviceOffline() throws Exception {
        change(FRONT_DOOR_ID, "{\"online\": false}");
        AdapterException e = assertFails(Reason.DEVICE_OFFLINE,
                () -> adapter.execute(alice, FRONT_DOOR_ID, new DeviceCommand.SetLockState(LockState.UNLOCKED)));
        assertTrue(e.getMessage().contains("lock_offline"), e.getMessage());
    }

    @Test
    void onlyLockCommandsAreAccepted() {
        int calls = simulator.totalCalls();
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, FRONT_DOOR_ID, new DeviceCommand.SetPower(PowerState.ON)));
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, FRONT_DOOR_ID, new DeviceCommand.SetBrightness(50)));
        assertEquals(calls, simulator.totalCalls(), "refused before calling Latchkey");
    }

    @Test
    void unknownLocksAreNotFound() {
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, "lk-nope"));
        assertFails(Reason.DEVICE_NOT_FOUND,
                () -> adapter.execute(alice, "lk-nope", new DeviceCommand.SetLockState(LockState.LOCKED)));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, GARAGE_DOOR_ID));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, "a/../b c"));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, " "));
    }

    @Test
    void badCredentialsAreExpiredAndNeverShown() {
        String token = alice.credential("accessToken");
        VendorAccount forged = new VendorAccount("latchkey", ALICE_ACCOUNT_ID, Map.of("accessToken", "not-" + token));
        AdapterException e = assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.discover(forged));
        assertFalse(e.getMessage().contains(token));
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.discover(new VendorAccount("latchkey", ALICE_ACCOUNT_ID, Map.of())));
        simulator.setFaults(new FaultSpec(1.0, 403, 0));
        assertFails(Reason.CREDENTIALS_EXPIRED,
                () -> adapter.execute(alice, FRONT_DOOR_ID, new DeviceCommand.SetLockState(LockState.UNLOCKED)));
    }

    @Test
    void cloudFailuresMapToTheirReasons() {
        simulator.setFaults(new FaultSpec(1.0, 429, 0));
        AdapterException throttled = assertFails(Reason.RATE_LIMITED, () -> adapter.discover(alice));
        assertTrue(throttled.transientFailure());
        assertTrue(throttled.getMessage().contains("retry after 1 s"), throttled.getMessage());
        simulator.setFaults(new FaultSpec(1.0, 500, 0));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> adapter.queryState(alice, FRONT_DOOR_ID));
        simulator.setFaults(new FaultSpec(1.0, 503, 0));
        assertTrue(assertFails(Reason.VENDOR_UNAVAILABLE,
                () -> adapter.execute(alice, FRONT_DOOR_ID, new DeviceCommand.SetLockState(LockState.UNLOCKED))).transientFailure());
        simulator.setFaults(new FaultSpec(1.0, 400, 0));
        assertFails(Reason.VENDOR_ERROR, () -> adapter.queryState(alice, FRONT_DOOR_ID));
        simulator.setFaults(new FaultSpec(1.0, 404, 0));
        assertFails(Reason.VENDOR_ERROR, () -> adapter.discover(alice));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, FRONT_DOOR_ID));
    }

    @Test
    void aCloudThatNeverAnswersIsCutOffByTheCallTimeout() {
        DeviceAdapter impatient = adapterWith(simulator.adapterSettings(), SHORT_TIMEOUT);
        simulator.setFaults(new FaultSpec(1.0, 0, 0));
        long started = System.nanoTime();
        assertFails(Reason.VENDOR_UNAVAILABLE,
                () -> impatient.execute(alice, FRONT_DOOR_ID, new DeviceCommand.SetLockState(LockState.UNLOCKED)));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMs < SHORT_TIMEOUT.toMillis() + 1000, "took " + tookMs + " ms");
    }

    @Test
    void anUnreachableCloudIsUnavailable() {
        Map<String, String> settings = simulator.adapterSettings();
        simulator.close();
        DeviceAdapter orphan = adapterWith(settings, CALL_TIMEOUT);
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> orphan.discover(alice));
    }

    @Test
    void unreadableAnswersAreUnavailable() throws Exception {
        Map<String, String> routes = Map.of(
                "GET /v1/locks", "<html>maintenance</html>",
                "GET /v1/locks/lk-1", "{\"id\":\"lk-1\",\"online\":true,\"state\":\"ajar\"}",
                "GET /v1/locks/lk-2", "{\"id\":\"lk-other\",\"online\":true,\"state\":\"locked\"}",
                "GET /v1/locks/lk-3", "{\"id\":\"lk-3\",\"state\":\"locked\"}",
                "POST /v1/locks/lk-1/operations", "{\"status\":\"pending\"}");
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        fake.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String body = routes.getOrDefault(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(), "{}");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 202 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        fake.start();
        try {
            DeviceAdapter confused = adapterWith(Map.of("BASE_URL", "http://127.0.0.1:" + fake.getAddress().getPort() + "/",
                    "WEBHOOK_SECRET", secret), CALL_TIMEOUT);
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> confused.discover(alice));
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> confused.queryState(alice, "lk-1"));
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> confused.queryState(alice, "lk-2"));
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> confused.queryState(alice, "lk-3"));
            assertFails(Reason.VENDOR_UNAVAILABLE,
                    () -> confused.execute(alice, "lk-1", new DeviceCommand.SetLockState(LockState.LOCKED)));
        } finally {
            fake.stop(0);
        }
    }

    // ------------------------------------------------------------------ webhook verification

    /** A real delivery from the cloud, for tampering with. */
    private WebhookRequest genuine() throws Exception {
        change(FRONT_DOOR_ID, "{\"state\": \"unlocked\"}");
        WebhookRequest delivery = receiver.next(WAIT);
        assertNotNull(delivery);
        assertEquals(1, push.parseWebhook(delivery).size(), "the cloud's own delivery parses");
        return delivery;
    }

    @Test
    void forgedTamperedAndUnsignedDeliveriesAreRefused() throws Exception {
        WebhookRequest genuine = genuine();
        byte[] body = genuine.body();
        Instant at = genuine.receivedAt();

        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"unlocked\"", "\"locked\"").getBytes(StandardCharsets.UTF_8);
        assertRefused(push, new WebhookRequest(genuine.headers(), tampered, at), 401, "a tampered body");
        byte[] padded = (new String(body, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        assertRefused(push, new WebhookRequest(genuine.headers(), padded, at), 401, "a body with added whitespace");

        assertRefused(push, new WebhookRequest(with(genuine, "Latchkey-Signature", "v1=" + "ab".repeat(32)), body, at),
                401, "a forged signature");
        assertRefused(push, new WebhookRequest(SIGNING.headers("lkwh_not-the-secret", at, body), body, at), 401,
                "a signature with the wrong secret");
        assertRefused(push, new WebhookRequest(without(genuine, "Latchkey-Signature"), body, at), 401, "no signature");
        assertRefused(push, new WebhookRequest(without(genuine, "Latchkey-Timestamp"), body, at), 401, "no timestamp");
        assertRefused(push, new WebhookRequest(Map.of(), body, at), 401, "no headers at all");
        String signature = genuine.header("Latchkey-Signature").orElseThrow();
        assertRefused(push, new WebhookRequest(with(genuine, "Latchkey-Signature", signature.substring(3)), body, at), 401,
                "a signature without its scheme");
        assertRefused(push, new WebhookRequest(with(genuine, "Latchkey-Signature", "v0=" + signature.substring(3)), body, at),
                401, "an unknown scheme");
        assertRefused(push, new WebhookRequest(with(genuine, "Latchkey-Signature", signature.substring(0, 40)), body, at), 401,
                "a truncated signature");
        assertRefused(push, new WebhookRequest(with(genuine, "Latchkey-Signature", "v1=zz" + signature.substring(5)), body, at),
                401, "a signature that is not hex");
        assertRefused(push, new WebhookRequest(with(genuine, "Latchkey-Timestamp", "1e9"), body, at), 401,
                "a timestamp that is not epoch seconds");
        String timestamp = genuine.header("Latchkey-Timestamp").orElseThrow();
        assertRefused(push, new WebhookRequest(with(genuine, "Latchkey-Timestamp", Long.toString(Long.parseLong(timestamp) + 1)),
                body, at), 401, "a timestamp other than the signed one");
    }

    @Test
    void staleAndFutureDeliveriesAreRefusedAsReplays() throws Exception {
        WebhookRequest genuine = genuine();
        byte[] body = genuine.body();
        assertRefused(push, new WebhookRequest(genuine.headers(), body, genuine.receivedAt().plus(Duration.ofMinutes(10))),
                401, "the genuine delivery replayed 10 minutes later");
        Instant now = Instant.now();
        assertRefused(push, new WebhookRequest(SIGNING.headers(secret, now.minus(Duration.ofMinutes(10)), body), body, now),
                401, "a correctly signed delivery stamped 10 minutes ago");
        assertRefused(push, new WebhookRequest(SIGNING.headers(secret, now.plus(Duration.ofMinutes(10)), body), body, now),
                401, "a delivery stamped 10 minutes in the future");
        assertEquals(1, push.parseWebhook(new WebhookRequest(SIGNING.headers(secret, now.minus(Duration.ofMinutes(4)), body),
                body, now)).size(), "4 minutes of clock skew is tolerated");
        assertEquals(1, push.parseWebhook(new WebhookRequest(genuine.headers(), body, genuine.receivedAt().plusSeconds(299)))
                .size(), "within the tolerance");
    }

    @Test
    void headerNamesAreCaseInsensitiveAndRotatedSecretsAreAccepted() throws Exception {
        WebhookRequest genuine = genuine();
        byte[] body = genuine.body();
        Map<String, List<String>> lower = new HashMap<>();
        lower.put("latchkey-timestamp", List.of(genuine.header("Latchkey-Timestamp").orElseThrow()));
        lower.put("latchkey-signature", List.of(genuine.header("Latchkey-Signature").orElseThrow()));
        assertEquals(1, push.parseWebhook(new WebhookRequest(lower, body, genuine.receivedAt())).size());

        String timestamp = genuine.header("Latchkey-Timestamp").orElseThrow();
        String both = "v1=" + hmacHex("lkwh_old-secret", timestamp, body) + ", v1=" + hmacHex(secret, timestamp, body);
        assertEquals(1, push.parseWebhook(new WebhookRequest(with(genuine, "Latchkey-Signature", both), body,
                genuine.receivedAt())).size(), "one matching signature among several suffices");

        Map<String, String> rotating = new HashMap<>(simulator.adapterSettings());
        rotating.put("WEBHOOK_SECRET", "lkwh_new-secret, " + secret);
        PushNotifications rotated = adapterWith(rotating, CALL_TIMEOUT).push().orElseThrow();
        assertEquals(1, rotated.parseWebhook(genuine).size(), "the old secret still verifies during a rotation");
        Instant now = Instant.now();
        assertEquals(1, rotated.parseWebhook(new WebhookRequest(SIGNING.headers("lkwh_new-secret", now, body), body, now)).size(),
                "the new secret verifies");
        assertRefused(push, new WebhookRequest(SIGNING.headers("lkwh_new-secret", now, body), body, now), 401,
                "an adapter that does not know the new secret refuses it");
    }

    @Test
    void signedButMalformedBodiesAreRefusedWith400() throws Exception {
        String valid = "{\"event_id\":\"evt_1\",\"type\":\"lock.state.changed\",\"account_id\":\"" + ALICE_ACCOUNT_ID
                + "\",\"lock_id\":\"" + FRONT_DOOR_ID + "\",\"state\":\"unlocked\",\"source\":\"manual\","
                + "\"occurred_at\":\"2025-03-14T09:26:53.589Z\"}";
        assertEquals(1, push.parseWebhook(signed(valid)).size(), "the well-formed baseline parses");
        List<String> malformed = List.of(
                "{\"not\": \"an event\"",
                "",
                "[]",
                "\"lock.state.changed\"",
                valid + " trailing",
                valid.replace("\"event_id\":\"evt_1\",", ""),
                valid.replace("\"lock_id\":\"" + FRONT_DOOR_ID + "\"", "\"lock_id\":\"\""),
                valid.replace("\"account_id\":\"" + ALICE_ACCOUNT_ID + "\",", ""),
                valid.replace("\"type\":\"lock.state.changed\",", ""),
                valid.replace("\"state\":\"unlocked\"", "\"state\":\"ajar\""),
                valid.replace("\"state\":\"unlocked\",", ""),
                valid.replace("\"source\":\"manual\"", "\"source\":7"),
                valid.replace("2025-03-14T09:26:53.589Z", "yesterday"),
                valid.replace(",\"occurred_at\":\"2025-03-14T09:26:53.589Z\"", ""),
                valid.replace("lock.state.changed", "lock.operation.completed"), // no operation_id
                valid.replace("lock.state.changed", "lock.connectivity.changed"), // no online
                valid.replace("lock.state.changed", "lock.operation.completed")
                        .replace("\"source\"", "\"operation_id\":\"op_1\",\"result\":\"maybe\",\"source\""),
                valid.replace("lock.state.changed", "lock.operation.completed")
                        .replace("\"source\"", "\"operation_id\":\"op_1\",\"result\":\"failed\",\"error\":\"jammed\",\"source\""));
        for (String body : malformed) {
            assertRefused(push, signed(body), 400, "signed but malformed: " + body);
        }
    }

    @Test
    void signedEventsOfUnknownTypesAreAcknowledgedAndIgnored() throws Exception {
        String battery = "{\"event_id\":\"evt_2\",\"type\":\"lock.battery.low\",\"account_id\":\"" + ALICE_ACCOUNT_ID
                + "\",\"lock_id\":\"" + FRONT_DOOR_ID + "\",\"battery\":9,\"occurred_at\":\"2025-03-14T09:26:53.589Z\"}";
        assertEquals(List.of(), push.parseWebhook(signed(battery)));
    }

    @Test
    void operationOutcomesMapToResultsAndFailures() throws Exception {
        String base = "{\"event_id\":\"evt_3\",\"type\":\"lock.operation.completed\",\"account_id\":\"" + ALICE_ACCOUNT_ID
                + "\",\"lock_id\":\"" + FRONT_DOOR_ID + "\",\"operation_id\":\"op_9\",\"action\":\"unlock\",%s"
                + "\"source\":\"remote\",\"occurred_at\":\"2025-03-14T09:26:53.589Z\"}";
        DeviceUpdate timeout = push.parseWebhook(signed(String.format(base,
                "\"result\":\"failed\",\"error\":\"timeout\",\"state\":\"locked\","))).get(0);
        assertEquals(Reason.VENDOR_UNAVAILABLE, timeout.failure().reason());
        assertEquals("op_9", timeout.operationRef());
        assertEquals(LockState.LOCKED, timeout.state().lockState());
        DeviceUpdate other = push.parseWebhook(signed(String.format(base,
                "\"result\":\"failed\",\"error\":\"motor_fault\",\"state\":\"locked\","))).get(0);
        assertEquals(Reason.VENDOR_ERROR, other.failure().reason());
        DeviceUpdate noResult = push.parseWebhook(signed(String.format(base, "\"state\":\"unlocked\","))).get(0);
        assertNull(noResult.failure());
        assertEquals(LockState.UNLOCKED, noResult.state().lockState());
        assertEquals(Instant.parse("2025-03-14T09:26:53.589Z"), noResult.state().observedAt());
    }
}
