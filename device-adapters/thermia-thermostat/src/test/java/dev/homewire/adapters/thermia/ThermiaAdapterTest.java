package dev.homewire.adapters.thermia;

import static dev.homewire.simulator.thermia.ThermiaCloudSimulator.BEDROOM_ID;
import static dev.homewire.simulator.thermia.ThermiaCloudSimulator.LIVING_ROOM_ID;
import static dev.homewire.simulator.thermia.ThermiaCloudSimulator.OFFICE_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.simulator.VendorCloudSimulator.FaultSpec;
import dev.homewire.simulator.thermia.ThermiaCloudSimulator;
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
import java.util.function.Predicate;
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
class ThermiaAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(400);
    private static final Duration APPLY_DELAY = Duration.ofMillis(200);

    private static CloseableHttpClient httpClient;

    private ThermiaCloudSimulator simulator;
    private DeviceAdapter adapter;
    private VendorAccount alice;
    private VendorAccount bob;

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
        simulator = new ThermiaCloudSimulator(APPLY_DELAY);
        simulator.start(0);
        adapter = adapterWith(CALL_TIMEOUT);
        alice = account("alice");
        bob = account("bob");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private DeviceAdapter adapterWith(Duration callTimeout) {
        return factory().create(context(simulator.adapterSettings().get("BASE_URL"), callTimeout));
    }

    private static AdapterContext context(String baseUrl, Duration callTimeout) {
        return new AdapterContext("thermia", Map.of(AdapterContext.envName("thermia", "BASE_URL"), baseUrl), httpClient, callTimeout);
    }

    private static DeviceAdapterFactory factory() {
        return ServiceLoader.load(DeviceAdapterFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.adapterId().equals("thermia")).findFirst().orElseThrow();
    }

    private VendorAccount account(String demoUser) {
        return simulator.demoAccounts().stream().filter(a -> a.demoUser().equals(demoUser))
                .map(a -> new VendorAccount("thermia", a.accountId(), a.credentials())).findFirst().orElseThrow();
    }

    private JsonNode control(String deviceId) {
        return StreamSupport.stream(simulator.devices().spliterator(), false)
                .filter(d -> d.path("deviceId").asText().equals(deviceId)).findFirst().orElseThrow();
    }

    private void change(String deviceId, String json) throws IOException {
        simulator.changeDeviceState(deviceId, JSON.readTree(json));
    }

    private String accepted(VendorAccount account, String deviceId, DeviceCommand command) {
        CommandResult result = adapter.execute(account, deviceId, command);
        String ref = assertInstanceOf(CommandResult.Accepted.class, result).operationRef();
        assertTrue(ref.startsWith("req_"), ref);
        return ref;
    }

    /** Polls {@code queryState} until the state matches (as core's poller would). */
    private DeviceState awaitState(VendorAccount account, String deviceId, Predicate<DeviceState> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        DeviceState state = null;
        while (System.nanoTime() < deadline) {
            state = adapter.queryState(account, deviceId);
            if (condition.test(state)) {
                return state;
            }
            sleep(25);
        }
        return fail("state of " + deviceId + " never matched; last " + state);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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

    private static DeviceCommand setpoint(double value, Temperature.Scale scale) {
        return new DeviceCommand.SetTargetSetpoint(new Temperature(value, scale));
    }

    private static DeviceCommand celsius(double value) {
        return setpoint(value, Temperature.Scale.CELSIUS);
    }

    // ------------------------------------------------------------------ factory

    @Test
    void factoryIsFoundThroughServiceLoaderAndReadsItsSettings() {
        assertInstanceOf(ThermiaAdapterFactory.class, factory());
        assertInstanceOf(ThermiaAdapter.class, adapter);
        assertEquals("thermia", adapter.id());
        assertEquals(InteractionStyle.ASYNC_POLL, adapter.interactionStyle());
        assertEquals(Duration.ofSeconds(15), adapter.stateFreshness());
        assertEquals(Duration.ofSeconds(4), adapter.typicalCommandLatency());
        assertTrue(adapter.push().isEmpty(), "Thermia never pushes");

        AdapterContext unconfigured = new AdapterContext("thermia", Map.of(), httpClient, CALL_TIMEOUT);
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> factory().create(unconfigured));
        assertTrue(missing.getMessage().contains("HOMEWIRE_ADAPTER_THERMIA_BASE_URL"), missing.getMessage());
        assertThrows(IllegalStateException.class, () -> factory().create(context("ftp://example.org", CALL_TIMEOUT)));
        assertThrows(IllegalStateException.class, () -> factory().create(context("not a url", CALL_TIMEOUT)));
        assertThrows(IllegalStateException.class, () -> factory().create(context("https://api.thermia.example?x=1", CALL_TIMEOUT)));

        DeviceAdapter slashed = factory().create(context(simulator.baseUrl() + "/", CALL_TIMEOUT));
        assertEquals(2, slashed.discover(alice).size());
    }

    // ------------------------------------------------------------------ discovery

    @Test
    void discoveryDescribesEveryThermostatWithItsProfile() {
        Map<String, Device> devices = adapter.discover(alice).stream()
                .collect(Collectors.toMap(Device::deviceId, Function.identity()));
        assertEquals(List.of(BEDROOM_ID, LIVING_ROOM_ID), devices.keySet().stream().sorted().toList());

        Device living = devices.get(LIVING_ROOM_ID);
        assertEquals("Living Room Thermostat", living.friendlyName());
        assertEquals("Thermia", living.manufacturer());
        assertEquals("Thermia Sense 2", living.model());
        assertEquals("Thermia Sense 2", living.description());
        assertEquals(DeviceKind.THERMOSTAT, living.kind());
        assertEquals(List.of(Trait.Thermostat.class, Trait.TemperatureSensor.class),
                living.traits().stream().map(Object::getClass).toList());
        ThermostatProfile livingProfile = living.trait(Trait.Thermostat.class).orElseThrow().profile();
        assertEquals(EnumSet.allOf(ThermostatMode.class), EnumSet.copyOf(livingProfile.supportedModes()));
        assertEquals(Temperature.celsius(7.0), livingProfile.minimumSetpoint());
        assertEquals(Temperature.celsius(30.0), livingProfile.maximumSetpoint());

        Device bedroom = devices.get(BEDROOM_ID);
        assertEquals("Bedroom Thermostat", bedroom.friendlyName());
        assertEquals("Thermia Sense Mini", bedroom.model());
        ThermostatProfile bedroomProfile = bedroom.trait(Trait.Thermostat.class).orElseThrow().profile();
        assertEquals(EnumSet.of(ThermostatMode.HEAT, ThermostatMode.ECO, ThermostatMode.OFF),
                EnumSet.copyOf(bedroomProfile.supportedModes()));
        assertEquals(Temperature.celsius(5.0), bedroomProfile.minimumSetpoint());
        assertEquals(Temperature.celsius(25.0), bedroomProfile.maximumSetpoint());

        List<Device> bobs = adapter.discover(bob);
        assertEquals(1, bobs.size());
        assertEquals(OFFICE_ID, bobs.get(0).deviceId());
        assertEquals("Office Thermostat", bobs.get(0).friendlyName());
    }

    // ------------------------------------------------------------------ commands

    @Test
    void aSetpointIsAcceptedAndShowsOnlyAfterTheApplyDelay() {
        simulator.setApplyDelay(Duration.ofMillis(600));
        DeviceCommand command = celsius(21.5);
        long sent = System.nanoTime();
        accepted(alice, LIVING_ROOM_ID, command);

        DeviceState meanwhile = adapter.queryState(alice, LIVING_ROOM_ID);
        assertEquals(Temperature.celsius(20.0), meanwhile.targetSetpoint(), "not applied yet");
        assertFalse(command.satisfiedBy(meanwhile));
        assertEquals(1, control(LIVING_ROOM_ID).path("pending").size());

        DeviceState after = awaitState(alice, LIVING_ROOM_ID, command::satisfiedBy);
        long tookMs = Duration.ofNanos(System.nanoTime() - sent).toMillis();
        assertTrue(tookMs >= 580, "applied after " + tookMs + " ms");
        assertEquals(Connectivity.OK, after.connectivity());
        assertEquals(Temperature.celsius(21.5), after.targetSetpoint());
        assertEquals(ThermostatMode.HEAT, after.thermostatMode());
        assertEquals(Temperature.celsius(19.5), after.temperature());
        assertTrue(Duration.between(after.observedAt(), Instant.now()).abs().compareTo(Duration.ofSeconds(5)) < 0);
        assertEquals(21.5, control(LIVING_ROOM_ID).path("setpoint").asDouble());
    }

    @Test
    void aModeIsAcceptedAndShowsOnlyAfterTheApplyDelay() {
        simulator.setApplyDelay(Duration.ofMillis(600));
        DeviceCommand command = new DeviceCommand.SetThermostatMode(ThermostatMode.COOL);
        accepted(alice, LIVING_ROOM_ID, command);
        assertEquals(ThermostatMode.HEAT, adapter.queryState(alice, LIVING_ROOM_ID).thermostatMode());
        DeviceState after = awaitState(alice, LIVING_ROOM_ID, command::satisfiedBy);
        assertEquals(ThermostatMode.COOL, after.thermostatMode());
        assertEquals(Temperature.celsius(20.0), after.targetSetpoint());

        simulator.setApplyDelay(APPLY_DELAY);
        DeviceCommand off = new DeviceCommand.SetThermostatMode(ThermostatMode.OFF);
        accepted(alice, BEDROOM_ID, off);
        assertEquals(ThermostatMode.OFF, awaitState(alice, BEDROOM_ID, off::satisfiedBy).thermostatMode());
        assertEquals("off", control(BEDROOM_ID).path("mode").asText());
    }

    @Test
    void fahrenheitAndKelvinSetpointsAreSentInCelsius() {
        DeviceCommand seventyF = setpoint(70, Temperature.Scale.FAHRENHEIT); // 21.11 °C
        accepted(alice, LIVING_ROOM_ID, seventyF);
        DeviceState state = awaitState(alice, LIVING_ROOM_ID, seventyF::satisfiedBy);
        assertEquals(Temperature.celsius(21.1), state.targetSetpoint(), "rounded to Thermia's one decimal, reported in °C");
        assertEquals(21.1, control(LIVING_ROOM_ID).path("setpoint").asDouble());

        DeviceCommand kelvin = setpoint(295.15, Temperature.Scale.KELVIN); // 22.0 °C
        accepted(alice, LIVING_ROOM_ID, kelvin);
        assertEquals(Temperature.celsius(22.0), awaitState(alice, LIVING_ROOM_ID, kelvin::satisfiedBy).targetSetpoint());

        // 44.6 °F is exactly the 7 °C minimum: accepted, not out of range
        adapter.discover(alice);
        DeviceCommand minimum = setpoint(44.6, Temperature.Scale.FAHRENHEIT);
        accepted(alice, LIVING_ROOM_ID, minimum);
        assertEquals(Temperature.celsius(7.0), awaitState(alice, LIVING_ROOM_ID, minimum::satisfiedBy).targetSetpoint());
    }

    @Test
    void droppedCommandsAreAcceptedButNeverShow() {
        simulator.setFaults(new FaultSpec(0.0, 0, 0, true));
        DeviceCommand command = celsius(24.0);
        accepted(alice, LIVING_ROOM_ID, command);
        long until = System.nanoTime() + APPLY_DELAY.multipliedBy(4).toNanos();
        while (System.nanoTime() < until) {
            assertFalse(command.satisfiedBy(adapter.queryState(alice, LIVING_ROOM_ID)), "a dropped command never applies");
            assertFalse(command.satisfiedBy(adapter.queryStates(alice, List.of(LIVING_ROOM_ID)).get(LIVING_ROOM_ID)));
            sleep(50);
        }
        assertEquals(1, simulator.droppedCommands());
        assertEquals(0, simulator.appliedChanges());

        simulator.clearFaults();
        accepted(alice, LIVING_ROOM_ID, command);
        awaitState(alice, LIVING_ROOM_ID, command::satisfiedBy);
    }

    @Test
    void setpointsOutOfRangeAreRefusedLocallyWithTheRangeInTheRequestsScale() {
        adapter.discover(alice); // the adapter now knows the ranges
        int calls = simulator.totalCalls();

        AdapterException celsius = assertFails(Reason.VALUE_OUT_OF_RANGE, () -> adapter.execute(alice, LIVING_ROOM_ID, celsius(35)));
        assertEquals(7.0, celsius.minimumValue());
        assertEquals(30.0, celsius.maximumValue());
        assertFalse(celsius.transientFailure());

        AdapterException fahrenheit = assertFails(Reason.VALUE_OUT_OF_RANGE,
                () -> adapter.execute(alice, LIVING_ROOM_ID, setpoint(95, Temperature.Scale.FAHRENHEIT)));
        assertEquals(44.6, fahrenheit.minimumValue());
        assertEquals(86.0, fahrenheit.maximumValue());
        assertEquals(Temperature.Scale.FAHRENHEIT, fahrenheit.rangeScale(), "a temperature range, in the scale spoken");
        assertTrue(fahrenheit.getMessage().contains("°F"), fahrenheit.getMessage());

        AdapterException kelvin = assertFails(Reason.VALUE_OUT_OF_RANGE,
                () -> adapter.execute(alice, LIVING_ROOM_ID, setpoint(250, Temperature.Scale.KELVIN)));
        assertEquals(280.15, kelvin.minimumValue());
        assertEquals(303.15, kelvin.maximumValue());

        AdapterException bedroom = assertFails(Reason.VALUE_OUT_OF_RANGE, () -> adapter.execute(alice, BEDROOM_ID, celsius(4.94)));
        assertEquals(5.0, bedroom.minimumValue());
        assertEquals(25.0, bedroom.maximumValue());
        // 30.04 °C rounds to 30.0 °C, which is within range
        accepted(alice, LIVING_ROOM_ID, celsius(30.04));

        assertEquals(calls + 1, simulator.totalCalls(), "only the valid command reached Thermia");
    }

    @Test
    void setpointsOutOfRangeRefusedByThermiaCarryTheRangeInTheRequestsScale() {
        // a fresh adapter knows nothing of the thermostat: Thermia's 422 decides
        AdapterException fahrenheit = assertFails(Reason.VALUE_OUT_OF_RANGE,
                () -> adapter.execute(alice, LIVING_ROOM_ID, setpoint(95, Temperature.Scale.FAHRENHEIT)));
        assertEquals(44.6, fahrenheit.minimumValue());
        assertEquals(86.0, fahrenheit.maximumValue());
        assertTrue(fahrenheit.getMessage().contains("setpoint_out_of_range"), fahrenheit.getMessage());

        AdapterException celsius = assertFails(Reason.VALUE_OUT_OF_RANGE, () -> adapter.execute(alice, BEDROOM_ID, celsius(-3)));
        assertEquals(5.0, celsius.minimumValue());
        assertEquals(25.0, celsius.maximumValue());
        assertEquals(2, simulator.commandCalls());
        assertEquals(0, simulator.acceptedCommands());
    }

    @Test
    void unsupportedModesAndOtherCommandsAreInvalidValues() {
        // refused by Thermia (the adapter does not know the thermostat yet) …
        AdapterException byThermia = assertFails(Reason.INVALID_VALUE,
                () -> adapter.execute(alice, BEDROOM_ID, new DeviceCommand.SetThermostatMode(ThermostatMode.COOL)));
        assertTrue(byThermia.getMessage().contains("unsupported_mode"), byThermia.getMessage());
        assertEquals(1, simulator.commandCalls());

        // … and locally once it does
        adapter.queryState(alice, BEDROOM_ID);
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, BEDROOM_ID, new DeviceCommand.SetThermostatMode(ThermostatMode.AUTO)));
        assertEquals(1, simulator.commandCalls());

        int calls = simulator.totalCalls();
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, LIVING_ROOM_ID, new DeviceCommand.SetPower(PowerState.OFF)));
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, LIVING_ROOM_ID, new DeviceCommand.SetBrightness(40)));
        assertEquals(calls, simulator.totalCalls());
        assertEquals("eco", control(BEDROOM_ID).path("mode").asText());
    }

    // ------------------------------------------------------------------ offline

    @Test
    void anOfflineThermostatRefusesCommandsAndReportsItsLastValues() throws Exception {
        change(LIVING_ROOM_ID, "{\"online\":false}");
        Instant offlineSince = Instant.parse(control(LIVING_ROOM_ID).path("updatedAt").asText());

        AdapterException offline = assertFails(Reason.DEVICE_OFFLINE, () -> adapter.execute(alice, LIVING_ROOM_ID, celsius(22)));
        assertFalse(offline.transientFailure());
        assertFails(Reason.DEVICE_OFFLINE,
                () -> adapter.execute(alice, LIVING_ROOM_ID, new DeviceCommand.SetThermostatMode(ThermostatMode.ECO)));

        DeviceState state = adapter.queryState(alice, LIVING_ROOM_ID);
        assertEquals(Connectivity.UNREACHABLE, state.connectivity());
        assertEquals(Temperature.celsius(20.0), state.targetSetpoint());
        assertEquals(ThermostatMode.HEAT, state.thermostatMode());
        assertEquals(Temperature.celsius(19.5), state.temperature());
        assertEquals(offlineSince, state.observedAt(), "observed when Thermia last heard from it");

        sleep(30);
        DeviceState polled = adapter.queryStates(alice, List.of(LIVING_ROOM_ID)).get(LIVING_ROOM_ID);
        assertEquals(Connectivity.UNREACHABLE, polled.connectivity());
        assertEquals(offlineSince, polled.observedAt(), "an unchanged offline thermostat keeps its last contact time");

        change(LIVING_ROOM_ID, "{\"online\":true}");
        assertEquals(Connectivity.OK, adapter.queryStates(alice, List.of(LIVING_ROOM_ID)).get(LIVING_ROOM_ID).connectivity());
        assertEquals(Connectivity.OK, adapter.queryState(alice, LIVING_ROOM_ID).connectivity());
    }

    @Test
    void queryStateSeesChangesMadeOutsideAlexa() throws Exception {
        change(LIVING_ROOM_ID, "{\"ambient\":22.5}");
        assertEquals(Temperature.celsius(22.5), adapter.queryState(alice, LIVING_ROOM_ID).temperature());
        change(LIVING_ROOM_ID, "{\"setpoint\":18,\"mode\":\"off\"}");
        DeviceState wall = adapter.queryState(alice, LIVING_ROOM_ID);
        assertEquals(Temperature.celsius(18.0), wall.targetSetpoint());
        assertEquals(ThermostatMode.OFF, wall.thermostatMode());

        DeviceState office = adapter.queryState(bob, OFFICE_ID);
        assertEquals(ThermostatMode.AUTO, office.thermostatMode());
        assertEquals(Temperature.celsius(21.5), office.targetSetpoint());
        assertEquals(Temperature.celsius(22.4), office.temperature());
    }

    // ------------------------------------------------------------------ queryStates

    @Test
    void queryStatesPollsTheSummaryAndFetchesOnlyChangedThermostats() throws Exception {
        // first poll: nothing known, so one summary call and one detail call for both
        Map<String, DeviceState> first = adapter.queryStates(alice, List.of(LIVING_ROOM_ID, BEDROOM_ID, "th-gone", OFFICE_ID));
        assertEquals(List.of(LIVING_ROOM_ID, BEDROOM_ID), List.copyOf(first.keySet()), "unknown and foreign ids are left out");
        assertEquals(1, simulator.summaryCalls());
        assertEquals(1, simulator.detailCalls());
        assertEquals(1, simulator.detailFetches(LIVING_ROOM_ID));
        assertEquals(1, simulator.detailFetches(BEDROOM_ID));
        assertEquals(0, simulator.detailFetches(OFFICE_ID));
        assertEquals(Temperature.celsius(20.0), first.get(LIVING_ROOM_ID).targetSetpoint());
        assertEquals(ThermostatMode.ECO, first.get(BEDROOM_ID).thermostatMode());
        assertEquals(Temperature.celsius(18.0), first.get(BEDROOM_ID).temperature());

        // nothing changed: the summary alone answers, with states observed at the time of the summary
        Instant beforeSecond = Instant.now().minusMillis(5);
        Map<String, DeviceState> second = adapter.queryStates(alice, List.of(LIVING_ROOM_ID, BEDROOM_ID));
        assertEquals(2, simulator.summaryCalls());
        assertEquals(1, simulator.detailCalls(), "no detail call when no revision moved");
        assertTrue(second.get(LIVING_ROOM_ID).sameValuesAs(first.get(LIVING_ROOM_ID)));
        assertTrue(second.get(BEDROOM_ID).sameValuesAs(first.get(BEDROOM_ID)));
        assertFalse(second.get(BEDROOM_ID).observedAt().isBefore(beforeSecond), "confirmed by the summary just now");

        // the living room warms up: only it is fetched again; the bedroom still answers from the cache
        change(LIVING_ROOM_ID, "{\"ambient\":22.5}");
        Map<String, DeviceState> third = adapter.queryStates(alice, List.of(LIVING_ROOM_ID, BEDROOM_ID));
        assertEquals(3, simulator.summaryCalls());
        assertEquals(2, simulator.detailCalls());
        assertEquals(2, simulator.detailFetches(LIVING_ROOM_ID));
        assertEquals(1, simulator.detailFetches(BEDROOM_ID));
        assertEquals(Temperature.celsius(22.5), third.get(LIVING_ROOM_ID).temperature());
        assertTrue(third.get(BEDROOM_ID).sameValuesAs(first.get(BEDROOM_ID)));

        // a command on the bedroom: polling finds it once applied, never refetching the living room
        DeviceCommand heat = new DeviceCommand.SetThermostatMode(ThermostatMode.HEAT);
        accepted(alice, BEDROOM_ID, heat);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Map<String, DeviceState> polled = Map.of();
        while (System.nanoTime() < deadline) {
            polled = adapter.queryStates(alice, List.of(LIVING_ROOM_ID, BEDROOM_ID));
            if (heat.satisfiedBy(polled.get(BEDROOM_ID))) {
                break;
            }
            sleep(25);
        }
        assertTrue(heat.satisfiedBy(polled.get(BEDROOM_ID)), "polling shows the applied mode: " + polled);
        assertEquals(2, simulator.detailFetches(LIVING_ROOM_ID), "the living room never changed");
        assertEquals(2, simulator.detailFetches(BEDROOM_ID));
        assertEquals(Temperature.celsius(22.5), polled.get(LIVING_ROOM_ID).temperature());

        // queryState and discovery refresh the cache too, so a later poll needs no detail call
        change(LIVING_ROOM_ID, "{\"setpoint\":18}");
        adapter.queryState(alice, LIVING_ROOM_ID);
        int detailCalls = simulator.detailCalls();
        assertEquals(Temperature.celsius(18.0), adapter.queryStates(alice, List.of(LIVING_ROOM_ID)).get(LIVING_ROOM_ID).targetSetpoint());
        assertEquals(detailCalls, simulator.detailCalls());

        // nothing asked, nothing called
        int calls = simulator.totalCalls();
        assertEquals(Map.of(), adapter.queryStates(alice, List.of()));
        assertEquals(calls, simulator.totalCalls());
    }

    @Test
    void queryStatesNeverServesOneAccountsThermostatsToAnother() {
        adapter.queryStates(alice, List.of(LIVING_ROOM_ID, BEDROOM_ID));
        assertEquals(2, ((ThermiaAdapter) adapter).cachedThermostats("thermia-acct-alice"));
        assertEquals(Map.of(), adapter.queryStates(bob, List.of(LIVING_ROOM_ID, BEDROOM_ID)));
        assertEquals(List.of(OFFICE_ID), List.copyOf(adapter.queryStates(bob, List.of(OFFICE_ID, LIVING_ROOM_ID)).keySet()));
        // a forged token under alice's account id gets nothing from the cache
        VendorAccount forged = new VendorAccount("thermia", alice.accountId(), Map.of("accessToken", "thm_forged"));
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.queryStates(forged, List.of(LIVING_ROOM_ID)));
    }

    @Test
    void queryStatesFetchesManyChangedThermostatsInOneCall() {
        // ids Thermia does not know cost nothing beyond the summary
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add("th-unknown-" + i);
        }
        ids.add(LIVING_ROOM_ID);
        ids.add(BEDROOM_ID);
        Map<String, DeviceState> states = adapter.queryStates(alice, ids);
        assertEquals(2, states.size());
        assertEquals(1, simulator.summaryCalls());
        assertEquals(1, simulator.detailCalls());
    }

    // ------------------------------------------------------------------ error mapping

    @Test
    void rejectedCredentialsAreCredentialsExpired() {
        VendorAccount stale = new VendorAccount("thermia", "thermia-acct-alice", Map.of("accessToken", "thm_revoked-token-123"));
        AdapterException failure = assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.discover(stale));
        assertFalse(failure.getMessage().contains("thm_revoked-token-123"));
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.queryState(stale, LIVING_ROOM_ID));
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.execute(stale, LIVING_ROOM_ID, celsius(21)));

        VendorAccount unlinked = new VendorAccount("thermia", "thermia-acct-alice", Map.of());
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.discover(unlinked));

        simulator.setFaults(new FaultSpec(1.0, 403, 0));
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.execute(alice, LIVING_ROOM_ID, celsius(21)));
    }

    @Test
    void unknownThermostatsAreDeviceNotFound() {
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, "th-gone"));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.execute(alice, "th-gone", celsius(21)));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.execute(bob, LIVING_ROOM_ID, celsius(21)));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, " "));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, "th/../../summary"));
    }

    @Test
    void throttlingIsRateLimited() {
        simulator.setFaults(new FaultSpec(1.0, 429, 0));
        AdapterException limited = assertFails(Reason.RATE_LIMITED, () -> adapter.execute(alice, LIVING_ROOM_ID, celsius(21)));
        assertTrue(limited.transientFailure());
        assertTrue(limited.getMessage().contains("retry after 1 s"), limited.getMessage());
        assertFails(Reason.RATE_LIMITED, () -> adapter.queryStates(alice, List.of(LIVING_ROOM_ID)));
    }

    @Test
    void faultsAreVendorUnavailable() {
        adapter.queryStates(alice, List.of(LIVING_ROOM_ID)); // warm cache: the summary must still be asked
        simulator.setFaults(new FaultSpec(1.0, 503, 0));
        AdapterException unavailable = assertFails(Reason.VENDOR_UNAVAILABLE, () -> adapter.execute(alice, LIVING_ROOM_ID, celsius(23)));
        assertTrue(unavailable.transientFailure());
        assertTrue(unavailable.getMessage().contains("503"), unavailable.getMessage());
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> adapter.queryStates(alice, List.of(LIVING_ROOM_ID)));

        simulator.setFaults(new FaultSpec(1.0, 500, 0));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> adapter.queryState(alice, LIVING_ROOM_ID));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> adapter.discover(alice));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> adapter.execute(alice, LIVING_ROOM_ID, new DeviceCommand.SetThermostatMode(ThermostatMode.ECO)));

        simulator.setFaults(new FaultSpec(1.0, 400, 0));
        assertFails(Reason.VENDOR_ERROR, () -> adapter.execute(alice, LIVING_ROOM_ID, celsius(23)));
        simulator.setFaults(new FaultSpec(1.0, 409, 0));
        assertFails(Reason.VENDOR_ERROR, () -> adapter.execute(alice, LIVING_ROOM_ID, celsius(23)));

        simulator.clearFaults();
        sleep(APPLY_DELAY.toMillis() + 100);
        assertEquals(20.0, control(LIVING_ROOM_ID).path("setpoint").asDouble(), "no faulted command applied");
        assertEquals(ThermostatMode.HEAT, adapter.queryState(alice, LIVING_ROOM_ID).thermostatMode());
    }

    @Test
    void refusedConnectionsAreVendorUnavailable() {
        String baseUrl = simulator.adapterSettings().get("BASE_URL");
        simulator.close();
        DeviceAdapter orphan = factory().create(context(baseUrl, CALL_TIMEOUT));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> orphan.discover(alice));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> orphan.execute(alice, LIVING_ROOM_ID, celsius(21)));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> orphan.queryStates(alice, List.of(LIVING_ROOM_ID)));
    }

    @Test
    void unreadableAnswersAreVendorUnavailable() throws Exception {
        // /html: a BASE_URL pointing at a web page; /json: JSON that is not what the API promises
        HttpServer impostor = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        impostor.createContext("/html", exchange -> respond(exchange, 200, "text/html",
                "<html><body>Welcome to the hotel Wi-Fi</body></html>"));
        impostor.createContext("/json", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("PUT")) {
                respond(exchange, 202, "application/json", "{\"status\":\"accepted\"}");
            } else if (path.endsWith("/summary")) {
                respond(exchange, 200, "application/json", "{\"thermostats\":[{\"id\":\"" + LIVING_ROOM_ID + "\"}]}");
            } else if (path.endsWith("/thermostats")) {
                respond(exchange, 200, "application/json", "[]");
            } else {
                respond(exchange, 200, "application/json", "{\"id\":\"someone-else\",\"online\":true}");
            }
        });
        impostor.start();
        try {
            String base = "http://127.0.0.1:" + impostor.getAddress().getPort();
            DeviceAdapter html = factory().create(context(base + "/html", CALL_TIMEOUT));
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> html.discover(alice));
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> html.queryState(alice, LIVING_ROOM_ID));
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> html.queryStates(alice, List.of(LIVING_ROOM_ID)));
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> html.execute(alice, LIVING_ROOM_ID, celsius(21)));

            DeviceAdapter json = factory().create(context(base + "/json", CALL_TIMEOUT));
            AdapterException noRef = assertFails(Reason.VENDOR_UNAVAILABLE, () -> json.execute(alice, LIVING_ROOM_ID, celsius(21)));
            assertTrue(noRef.getMessage().contains("request_id"), noRef.getMessage());
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> json.queryStates(alice, List.of(LIVING_ROOM_ID)));
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> json.discover(alice));
            assertFails(Reason.VENDOR_UNAVAILABLE, () -> json.queryState(alice, LIVING_ROOM_ID));
        } finally {
            impostor.stop(0);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    // ------------------------------------------------------------------ time limits

    @Test
    void aCloudThatNeverAnswersIsCutOffAtTheCallTimeout() {
        DeviceAdapter impatient = adapterWith(SHORT_TIMEOUT);
        simulator.setFaults(new FaultSpec(1.0, 0, 0));
        for (Executable call : List.<Executable>of(
                () -> impatient.execute(alice, LIVING_ROOM_ID, celsius(21)),
                () -> impatient.queryStates(alice, List.of(LIVING_ROOM_ID, BEDROOM_ID)))) {
            long started = System.nanoTime();
            AdapterException failure = assertFails(Reason.VENDOR_UNAVAILABLE, call);
            long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(elapsedMs >= SHORT_TIMEOUT.toMillis() - 50 && elapsedMs < SHORT_TIMEOUT.toMillis() + 1000,
                    "gave up after " + elapsedMs + " ms");
            assertTrue(failure.getMessage().contains("no answer within 400 ms"), failure.getMessage());
            assertTrue(failure.transientFailure());
        }
    }

    @Test
    void aSlowAnswerBeyondTheCallTimeoutIsNotAwaited() {
        DeviceAdapter impatient = adapterWith(SHORT_TIMEOUT);
        simulator.setFaults(new FaultSpec(1.0, 503, 3000));
        long started = System.nanoTime();
        AdapterException failure = assertFails(Reason.VENDOR_UNAVAILABLE, () -> impatient.queryState(alice, LIVING_ROOM_ID));
        long elapsedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertTrue(elapsedMs < SHORT_TIMEOUT.toMillis() + 1000, "gave up after " + elapsedMs + " ms");
        assertTrue(failure.getMessage().contains("no answer within"), failure.getMessage());

        // a delay within the limit is waited for
        simulator.setFaults(new FaultSpec(1.0, 503, 100));
        AdapterException slowButAnswered = assertFails(Reason.VENDOR_UNAVAILABLE, () -> impatient.queryState(alice, LIVING_ROOM_ID));
        assertTrue(slowButAnswered.getMessage().contains("HTTP 503"), slowButAnswered.getMessage());
        simulator.clearFaults();
        assertEquals(ThermostatMode.HEAT, impatient.queryState(alice, LIVING_ROOM_ID).thermostatMode());
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void concurrentPollsAndCommandsAreIndependent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                double value = 18 + (i / 2) * 0.5; // within both ranges
                String deviceId = i % 2 == 0 ? LIVING_ROOM_ID : BEDROOM_ID;
                calls.add(() -> {
                    adapter.execute(alice, deviceId, celsius(value));
                    return 1;
                });
                calls.add(() -> adapter.queryStates(alice, List.of(LIVING_ROOM_ID, BEDROOM_ID)).size());
                calls.add(() -> adapter.queryStates(bob, List.of(OFFICE_ID)).size() * 2);
            }
            for (Future<Integer> result : pool.invokeAll(calls)) {
                assertTrue(result.get() == 1 || result.get() == 2, "every poll answers for every thermostat");
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(16, simulator.commandCalls());
        assertEquals(16, simulator.acceptedCommands());
        // once everything applied, a poll reports the cloud's final values
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (simulator.appliedChanges() < 16 && System.nanoTime() < deadline) {
            sleep(20);
        }
        Map<String, DeviceState> states = adapter.queryStates(alice, List.of(LIVING_ROOM_ID, BEDROOM_ID));
        assertEquals(control(LIVING_ROOM_ID).path("setpoint").asDouble(), states.get(LIVING_ROOM_ID).targetSetpoint().value());
        assertEquals(control(BEDROOM_ID).path("setpoint").asDouble(), states.get(BEDROOM_ID).targetSetpoint().value());
    }
}
