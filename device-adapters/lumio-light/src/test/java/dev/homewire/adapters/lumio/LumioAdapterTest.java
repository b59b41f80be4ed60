package dev.homewire.adapters.lumio;

import static dev.homewire.simulator.lumio.LumioCloudSimulator.DESK_PLUG_ID;
import static dev.homewire.simulator.lumio.LumioCloudSimulator.GARAGE_LIGHT_ID;
import static dev.homewire.simulator.lumio.LumioCloudSimulator.HALLWAY_LIGHT_ID;
import static dev.homewire.simulator.lumio.LumioCloudSimulator.KITCHEN_LIGHT_ID;
import static dev.homewire.simulator.lumio.LumioCloudSimulator.LIVING_ROOM_LAMP_ID;
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
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.simulator.VendorCloudSimulator.FaultSpec;
import dev.homewire.simulator.lumio.LumioCloudSimulator;
import dev.homewire.core.http.HttpClientFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;



import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The adapter against the real simulator over HTTP. */
class LumioAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(400);

    private static CloseableHttpClient httpClient;

    private LumioCloudSimulator simulator;
    private DeviceAdapter adapter;
    private VendorAccount alice;
    private VendorAccount bob;
    private String aliceToken;

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
        simulator = new LumioCloudSimulator();
        simulator.start(0);
        adapter = adapterWith(CALL_TIMEOUT);
        alice = account("alice");
        bob = account("bob");
        aliceToken = alice.credential("accessToken");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private DeviceAdapter adapterWith(Duration callTimeout) {
        return factory().create(context(simulator.adapterSettings().get("BASE_URL"), callTimeout));
    }

    private static AdapterContext context(String baseUrl, Duration callTimeout) {
        return new AdapterContext("lumio", Map.of(AdapterContext.envName("lumio", "BASE_URL"), baseUrl), httpClient, callTimeout);
    }

    private static DeviceAdapterFactory factory() {
        return ServiceLoader.load(DeviceAdapterFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.adapterId().equals("lumio")).findFirst().orElseThrow();
    }

    private VendorAccount account(String demoUser) {
        return simulator.demoAccounts().stream().filter(a -> a.demoUser().equals(demoUser))
                .map(a -> new VendorAccount("lumio", a.accountId(), a.credentials())).findFirst().orElseThrow();
    }

    private JsonNode control(String deviceId) {
        return StreamSupport.stream(simulator.devices().spliterator(), false)
                .filter(d -> d.path("deviceId").asText().equals(deviceId)).findFirst().orElseThrow();
    }

    private DeviceState completed(String deviceId, DeviceCommand command) {
        CommandResult result = adapter.execute(alice, deviceId, command);
        return assertInstanceOf(CommandResult.Completed.class, result).state();
    }

    /** Asserts the typed failure and that no credential leaks into its message. */
    private AdapterException assertFails(Reason reason, Executable call) {
        AdapterException failure = assertThrows(AdapterException.class, call);
        assertEquals(reason, failure.reason(), failure.getMessage());
        for (VendorAccount account : List.of(alice, bob)) {
            assertFalse(failure.getMessage().contains(account.credential("accessToken")), "token in message: " + failure.getMessage());
        }
        return failure;
    }

    // ------------------------------------------------------------------ factory

    @Test
    void factoryIsFoundThroughServiceLoaderAndReadsItsSettings() {
        assertInstanceOf(LumioAdapterFactory.class, factory());
        assertInstanceOf(LumioAdapter.class, adapter);
        assertEquals("lumio", adapter.id());
        assertEquals(InteractionStyle.SYNC, adapter.interactionStyle());
        assertEquals(Duration.ofSeconds(10), adapter.stateFreshness());
        assertEquals(Duration.ofSeconds(1), adapter.typicalCommandLatency());

        AdapterContext unconfigured = new AdapterContext("lumio", Map.of(), httpClient, CALL_TIMEOUT);
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> factory().create(unconfigured));
        assertTrue(missing.getMessage().contains("HOMEWIRE_ADAPTER_LUMIO_BASE_URL"), missing.getMessage());
        assertThrows(IllegalStateException.class, () -> factory().create(context("ftp://example.org", CALL_TIMEOUT)));
        assertThrows(IllegalStateException.class, () -> factory().create(context("not a url", CALL_TIMEOUT)));

        // A trailing slash or a path prefix in the base URL is fine.
        DeviceAdapter slashed = factory().create(context(simulator.baseUrl() + "/", CALL_TIMEOUT));
        assertEquals(4, slashed.discover(alice).size());
    }

    // ------------------------------------------------------------------ discovery

    @Test
    void discoveryMapsEveryDeviceOfTheAccount() {
        Map<String, Device> devices = adapter.discover(alice).stream()
                .collect(Collectors.toMap(Device::deviceId, Function.identity()));
        assertEquals(List.of(KITCHEN_LIGHT_ID, HALLWAY_LIGHT_ID, DESK_PLUG_ID, GARAGE_LIGHT_ID).stream().sorted().toList(),
                devices.keySet().stream().sorted().toList());

        Device kitchen = devices.get(KITCHEN_LIGHT_ID);
        assertEquals("Kitchen Light", kitchen.friendlyName());
        assertEquals("Lumio", kitchen.manufacturer());
        assertEquals("Lumio Color A19", kitchen.model());
        assertEquals(DeviceKind.LIGHT, kitchen.kind());
        assertEquals(List.of(new Trait.Power(), new Trait.Brightness(), new Trait.Color(),
                new Trait.ColorTemperature(new Device.KelvinRange(2200, 6500))), kitchen.traits());

        Device hallway = devices.get(HALLWAY_LIGHT_ID);
        assertEquals(List.of(new Trait.Power(), new Trait.Brightness(), new Trait.ColorTemperature(new Device.KelvinRange(2700, 6500))),
                hallway.traits());
        assertEquals("Lumio White Ambiance A19", hallway.model());

        Device plug = devices.get(DESK_PLUG_ID);
        assertEquals(DeviceKind.PLUG, plug.kind());
        assertEquals(List.of(new Trait.Power()), plug.traits());
        assertEquals("Desk Plug", plug.friendlyName());

        Device garage = devices.get(GARAGE_LIGHT_ID);
        assertEquals(DeviceKind.LIGHT, garage.kind());
        assertEquals(List.of(new Trait.Power(), new Trait.Brightness()), garage.traits());

        List<Device> bobs = adapter.discover(bob);
        assertEquals(1, bobs.size());
        assertEquals(LIVING_ROOM_LAMP_ID, bobs.get(0).deviceId());
        assertEquals("Living Room Lamp", bobs.get(0).friendlyName());
    }

    // ------------------------------------------------------------------ commands

    @Test
    void setPowerAnswersTheFullResultingState() {
        DeviceState state = completed(KITCHEN_LIGHT_ID, new DeviceCommand.SetPower(PowerState.OFF));
        assertEquals(Connectivity.OK, state.connectivity());
        assertEquals(PowerState.OFF, state.power());
        assertEquals(80, state.brightness());
        assertEquals(2700, state.colorTemperatureKelvin());
        assertEquals(new Hsb(35.0, 0.6, 0.8), state.color());
        assertFalse(control(KITCHEN_LIGHT_ID).path("on").asBoolean());

        DeviceState plug = completed(DESK_PLUG_ID, new DeviceCommand.SetPower(PowerState.OFF));
        assertEquals(PowerState.OFF, plug.power());
        assertNull(plug.brightness());
        assertNull(plug.color());
        assertNull(plug.colorTemperatureKelvin());
        assertEquals(PowerState.ON, completed(DESK_PLUG_ID, new DeviceCommand.SetPower(PowerState.ON)).power());
        assertTrue(control(DESK_PLUG_ID).path("on").asBoolean());
    }

    @Test
    void setBrightness() {
        DeviceState state = completed(HALLWAY_LIGHT_ID, new DeviceCommand.SetBrightness(30));
        assertEquals(30, state.brightness());
        assertEquals(PowerState.OFF, state.power(), "brightness alone does not switch the light on");
        assertEquals(30, control(HALLWAY_LIGHT_ID).path("brightness").asInt());
        assertEquals(0, completed(HALLWAY_LIGHT_ID, new DeviceCommand.SetBrightness(0)).brightness());
    }

    @Test
    void setColorConvertsAlexasHsbToLumioUnits() {
        DeviceState state = completed(KITCHEN_LIGHT_ID, new DeviceCommand.SetColor(new Hsb(350.5, 0.7138, 1.0)));
        // hue and saturation as asked; the colour's brightness is the bulb's (80 %), which Lumio keeps
        assertEquals(new Hsb(350.5, 0.7138, 0.8), state.color());
        assertEquals(80, state.brightness());
        JsonNode kitchen = control(KITCHEN_LIGHT_ID);
        assertEquals("color", kitchen.path("colorMode").asText());
        assertEquals(350.5, kitchen.path("hue").asDouble());
        assertEquals(71.38, kitchen.path("saturation").asDouble());

        assertEquals(new Hsb(0.0, 0.0, 0.8), completed(KITCHEN_LIGHT_ID, new DeviceCommand.SetColor(new Hsb(0, 0, 0))).color());
        assertEquals(360.0, completed(KITCHEN_LIGHT_ID, new DeviceCommand.SetColor(new Hsb(360, 1, 1))).color().hue());
    }

    @Test
    void setColorTemperature() {
        DeviceState state = completed(HALLWAY_LIGHT_ID, new DeviceCommand.SetColorTemperature(5000));
        assertEquals(5000, state.colorTemperatureKelvin());
        assertEquals(5000, control(HALLWAY_LIGHT_ID).path("kelvin").asInt());

        completed(KITCHEN_LIGHT_ID, new DeviceCommand.SetColor(new Hsb(120, 1, 1)));
        DeviceState white = completed(KITCHEN_LIGHT_ID, new DeviceCommand.SetColorTemperature(2200));
        assertEquals(2200, white.colorTemperatureKelvin());
        assertEquals("white", control(KITCHEN_LIGHT_ID).path("colorMode").asText());
    }

    @Test
    void commandOnAnOfflineDeviceIsDeviceOfflineAndChangesNothing() throws Exception {
        assertFails(Reason.DEVICE_OFFLINE, () -> adapter.execute(alice, GARAGE_LIGHT_ID, new DeviceCommand.SetPower(PowerState.ON)));
        assertFalse(control(GARAGE_LIGHT_ID).path("on").asBoolean());

        simulator.changeDeviceState(KITCHEN_LIGHT_ID, JSON.readTree("{\"online\":false}"));
        AdapterException offline = assertFails(Reason.DEVICE_OFFLINE,
                () -> adapter.execute(alice, KITCHEN_LIGHT_ID, new DeviceCommand.SetBrightness(10)));
        assertFalse(offline.transientFailure());
        assertEquals(80, control(KITCHEN_LIGHT_ID).path("brightness").asInt());
    }

    // ------------------------------------------------------------------ state queries

    @Test
    void queryStateSeesChangesMadeOutsideAlexa() throws Exception {
        DeviceState before = adapter.queryState(alice, KITCHEN_LIGHT_ID);
        assertEquals(Connectivity.OK, before.connectivity());
        assertEquals(PowerState.ON, before.power());
        assertEquals(80, before.brightness());
        assertTrue(Duration.between(before.observedAt(), Instant.now()).abs().compareTo(Duration.ofSeconds(5)) < 0);

        simulator.changeDeviceState(KITCHEN_LIGHT_ID, JSON.readTree("{\"on\":false,\"brightness\":25}"));
        DeviceState after = adapter.queryState(alice, KITCHEN_LIGHT_ID);
        assertEquals(PowerState.OFF, after.power());
        assertEquals(25, after.brightness());
        assertEquals(0.25, after.color().brightness());

        DeviceState lamp = adapter.queryState(bob, LIVING_ROOM_LAMP_ID);
        assertEquals(new Hsb(240.0, 1.0, 0.6), lamp.color());
        assertEquals(3000, lamp.colorTemperatureKelvin());
    }

    @Test
    void queryStateOfAnOfflineDeviceIsUnreachableWithLastKnownValues() throws Exception {
        DeviceState garage = adapter.queryState(alice, GARAGE_LIGHT_ID);
        assertEquals(Connectivity.UNREACHABLE, garage.connectivity());
        assertFalse(garage.reachable());
        assertEquals(PowerState.OFF, garage.power());
        assertEquals(100, garage.brightness());
        // observedAt is the vendor's timestamp (when the device was last seen), not now
        assertTrue(garage.observedAt().isBefore(Instant.now().minus(Duration.ofMinutes(90))), garage.observedAt().toString());

        simulator.changeDeviceState(HALLWAY_LIGHT_ID, JSON.readTree("{\"online\":false}"));
        DeviceState hallway = adapter.queryState(alice, HALLWAY_LIGHT_ID);
        assertEquals(Connectivity.UNREACHABLE, hallway.connectivity());
        assertEquals(4000, hallway.colorTemperatureKelvin());
    }

    // ------------------------------------------------------------------ error mapping

    @Test
    void rejectedCredentialsAreCredentialsExpired() {
        VendorAccount stale = new VendorAccount("lumio", "lumio-acct-alice", Map.of("accessToken", "lmo_revoked-token-123"));
        AdapterException failure = assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.discover(stale));
        assertFalse(failure.getMessage().contains("lmo_revoked-token-123"));
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.queryState(stale, KITCHEN_LIGHT_ID));

        VendorAccount unlinked = new VendorAccount("lumio", "lumio-acct-alice", Map.of());
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.discover(unlinked));

        simulator.setFaults(new FaultSpec(1.0, 403, 0));
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.execute(alice, KITCHEN_LIGHT_ID, new DeviceCommand.SetPower(PowerState.OFF)));
    }

    @Test
    void unknownDevicesAreDeviceNotFound() {
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, "lm-gone"));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.execute(alice, "lm-gone", new DeviceCommand.SetPower(PowerState.ON)));
        // another account's device does not exist for this account
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.execute(bob, KITCHEN_LIGHT_ID, new DeviceCommand.SetPower(PowerState.ON)));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, " "));
    }

    @Test
    void outOfRangeValuesCarryTheValidRange() {
        AdapterException kitchen = assertFails(Reason.VALUE_OUT_OF_RANGE,
                () -> adapter.execute(alice, KITCHEN_LIGHT_ID, new DeviceCommand.SetColorTemperature(9000)));
        assertEquals(2200.0, kitchen.minimumValue());
        assertEquals(6500.0, kitchen.maximumValue());

        AdapterException hallway = assertFails(Reason.VALUE_OUT_OF_RANGE,
                () -> adapter.execute(alice, HALLWAY_LIGHT_ID, new DeviceCommand.SetColorTemperature(2200)));
        assertEquals(2700.0, hallway.minimumValue());
        assertEquals(6500.0, hallway.maximumValue());
        assertEquals(4000, control(HALLWAY_LIGHT_ID).path("kelvin").asInt());
    }

    @Test
    void propertiesTheDeviceLacksAreInvalidValue() {
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, DESK_PLUG_ID, new DeviceCommand.SetBrightness(50)));
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, HALLWAY_LIGHT_ID, new DeviceCommand.SetColor(new Hsb(10, 1, 1))));
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, DESK_PLUG_ID, new DeviceCommand.SetLockState(LockState.LOCKED)));
    }

    @Test
    void throttlingIsRateLimited() {
        simulator.setFaults(new FaultSpec(1.0, 429, 0));
        AdapterException limited = assertFails(Reason.RATE_LIMITED,
                () -> adapter.execute(alice, KITCHEN_LIGHT_ID, new DeviceCommand.SetPower(PowerState.OFF)));
        assertTrue(limited.transientFailure());
        assertTrue(limited.getMessage().contains("retry after 1 s"), limited.getMessage());
        assertFails(Reason.RATE_LIMITED, () -> adapter.discover(alice));
    }

    @Test
    void serverErrorsAreVendorUnavailable() {
        simulator.setFaults(new FaultSpec(1.0, 503, 0));
        AdapterException unavailable = assertFails(Reason.VENDOR_UNAVAILABLE,
                () -> adapter.execute(alice, KITCHEN_LIGHT_ID, new DeviceCommand.SetPower(PowerState.OFF)));
        assertTrue(unavailable.transientFailure());
        assertTrue(unavailable.getMessage().contains("503"), unavailable.getMessage());
        assertTrue(control(KITCHEN_LIGHT_ID).path("on").asBoolean());

        simulator.setFaults(new FaultSpec(1.0, 500, 0));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> adapter.queryState(alice, KITCHEN_LIGHT_ID));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> adapter.discover(alice));

        simulator.clearFaults();
        assertEquals(PowerState.ON, adapter.queryState(alice, KITCHEN_LIGHT_ID).power());
    }

    @Test
    void otherRefusalsAreVendorErrors() {
        simulator.setFaults(new FaultSpec(1.0, 400, 0));
        assertFails(Reason.VENDOR_ERROR, () -> adapter.execute(alice, KITCHEN_LIGHT_ID, new DeviceCommand.SetPower(PowerState.OFF)));
    }

    @Test
    void refusedConnectionsAreVendorUnavailable() {
        String baseUrl = simulator.adapterSettings().get("BASE_URL");
        simulator.close();
        DeviceAdapter orphan = factory().create(context(baseUrl, CALL_TIMEOUT));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> orphan.discover(alice));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> orphan.execute(alice, KITCHEN_LIGHT_ID, new DeviceCommand.SetPower(PowerState.OFF)));
    }

    @Test
    void unreadableAnswersAreVendorUnavailable() throws Exception {
        // A BASE_URL that points at something that is not the Lumio API (a captive portal, a web page).
        HttpServer portal = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        portal.createContext("/", exchange -> {
            byte[] page = "<html><body>Welcome to the hotel Wi-Fi</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            int status = exchange.getRequestMethod().equals("PUT") ? 207 : 200;
            exchange.sendResponseHeaders(status, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        portal.start();
        try {
            DeviceAdapter misdirected = factory().create(context("http://127.0.0.1:" + portal.getAddress().getPort(), CALL_TIMEOUT));
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> misdirected.discover(alice));
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> misdirected.queryState(alice, KITCHEN_LIGHT_ID));
            assertFails(Reason.VENDOR_UNAVAILABLE,
                    () -> misdirected.execute(alice, KITCHEN_LIGHT_ID, new DeviceCommand.SetPower(PowerState.OFF)));
        } finally {
            portal.stop(0);
        }
    }

    // ------------------------------------------------------------------ time limits

    @Test
    void aCloudThatNeverAnswersIsCutOffAtTheCallTimeout() {
        DeviceAdapter impatient = adapterWith(SHORT_TIMEOUT);
        simulator.setFaults(new FaultSpec(1.0, 0, 0));
        long started = System.nanoTime();
        AdapterException failure = assertFails(Reason.VENDOR_UNAVAILABLE,
                () -> impatient.execute(alice, KITCHEN_LIGHT_ID, new DeviceCommand.SetPower(PowerState.OFF)));
        long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(elapsedMs >= SHORT_TIMEOUT.toMillis() - 50 && elapsedMs < SHORT_TIMEOUT.toMillis() + 1000,
                "gave up after " + elapsedMs + " ms");
        assertTrue(failure.getMessage().contains("no answer within 400 ms"), failure.getMessage());
        assertTrue(failure.transientFailure());
    }

    @Test
    void aSlowAnswerBeyondTheCallTimeoutIsNotAwaited() {
        DeviceAdapter impatient = adapterWith(SHORT_TIMEOUT);
        simulator.setFaults(new FaultSpec(1.0, 503, 3000));
        long started = System.nanoTime();
        AdapterException failure = assertFails(Reason.VENDOR_UNAVAILABLE, () -> impatient.queryState(alice, KITCHEN_LIGHT_ID));
        long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(elapsedMs < SHORT_TIMEOUT.toMillis() + 1000, "gave up after " + elapsedMs + " ms");
        assertTrue(failure.getMessage().contains("no answer within"), failure.getMessage());

        // a delay within the limit is waited for
        simulator.setFaults(new FaultSpec(1.0, 503, 100));
        AdapterException slowButAnswered = assertFails(Reason.VENDOR_UNAVAILABLE, () -> impatient.queryState(alice, KITCHEN_LIGHT_ID));
        assertTrue(slowButAnswered.getMessage().contains("HTTP 503"), slowButAnswered.getMessage());
        simulator.clearFaults();
        assertEquals(PowerState.ON, impatient.queryState(alice, KITCHEN_LIGHT_ID).power());
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void concurrentCallsAreIndependent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<DeviceState>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int brightness = 10 + i;
                String deviceId = i % 2 == 0 ? KITCHEN_LIGHT_ID : HALLWAY_LIGHT_ID;
                calls.add(() -> completed(deviceId, new DeviceCommand.SetBrightness(brightness)));
                calls.add(() -> adapter.queryState(alice, DESK_PLUG_ID));
            }
            for (Future<DeviceState> result : pool.invokeAll(calls)) {
                assertNotNull(result.get().power());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(16, simulator.commandCalls());
    }
}
