package dev.homewire.adapters.arbor;

import static dev.homewire.simulator.arbor.ArborCloudSimulator.BEDROOM_FAN_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.GARAGE_DOOR_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.GOOD_MORNING_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.HALLWAY_THERMOSTAT_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.HUMIDIFIER_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.LIVING_ROOM_BLINDS_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.MOVIE_NIGHT_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.OFFICE_BLINDS_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.OFFICE_FAN_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.PET_FEEDER_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.SPACE_HEATER_ID;
import static dev.homewire.simulator.arbor.ArborCloudSimulator.WASHER_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.homewire.adapter.spi.FriendlyNames;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Semantics;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.core.http.HttpClientFactory;
import dev.homewire.simulator.VendorCloudSimulator.FaultSpec;
import dev.homewire.simulator.arbor.ArborCloudSimulator;
import dev.homewire.simulator.arbor.ManualClock;
import java.io.IOException;
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
import java.util.stream.Collectors;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The adapter against the real simulator over HTTP: the mapping of every demo appliance, the
 * errors Arbor answers, and the summary polling. The simulator runs on a {@link ManualClock}, so an
 * accepted operation takes effect exactly when the test moves the clock by the apply delay.
 */
class ArborAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    private static final Duration APPLY_DELAY = Duration.ofMillis(300);

    private static CloseableHttpClient httpClient;

    private final ManualClock clock = new ManualClock(Instant.parse("2025-03-14T09:00:00Z"));
    private ArborCloudSimulator simulator;
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
        simulator = new ArborCloudSimulator(APPLY_DELAY, clock);
        simulator.start(0);
        adapter = newAdapter();
        alice = account("alice");
        bob = account("bob");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** A new adapter instance: it knows no appliance until it discovers or polls them. */
    private DeviceAdapter newAdapter() {
        return factory().create(context(simulator.adapterSettings().get("BASE_URL")));
    }

    private static AdapterContext context(String baseUrl) {
        return new AdapterContext("arbor", Map.of(AdapterContext.envName("arbor", "BASE_URL"), baseUrl), httpClient, CALL_TIMEOUT);
    }

    private static DeviceAdapterFactory factory() {
        return ServiceLoader.load(DeviceAdapterFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.adapterId().equals("arbor")).findFirst().orElseThrow();
    }

    private VendorAccount account(String demoUser) {
        return simulator.demoAccounts().stream().filter(a -> a.demoUser().equals(demoUser))
                .map(a -> new VendorAccount("arbor", a.accountId(), a.credentials())).findFirst().orElseThrow();
    }

    private void change(String deviceId, String json) throws IOException {
        simulator.changeDeviceState(deviceId, JSON.readTree(json));
    }

    /** Executes the command, expects it accepted, lets it fall due and answers the state Arbor then reports. */
    private DeviceState applied(VendorAccount account, String deviceId, DeviceCommand command) {
        CommandResult result = adapter.execute(account, deviceId, command);
        assertTrue(assertInstanceOf(CommandResult.Accepted.class, result).operationRef().startsWith("op_"), result.toString());
        clock.advance(APPLY_DELAY);
        DeviceState state = adapter.queryState(account, deviceId);
        assertTrue(command.satisfiedBy(state), command + " shows in " + state);
        return state;
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

    private Map<String, Device> discovered(VendorAccount account) {
        return adapter.discover(account).stream().collect(Collectors.toMap(Device::deviceId, d -> d));
    }

    private static Temperature fahrenheit(double value) {
        return new Temperature(value, Temperature.Scale.FAHRENHEIT);
    }

    // ------------------------------------------------------------------ factory

    @Test
    void factoryIsFoundThroughServiceLoaderAndReadsItsSettings() {
        assertInstanceOf(ArborAdapterFactory.class, factory());
        assertInstanceOf(ArborAdapter.class, adapter);
        assertEquals("arbor", adapter.id());
        assertEquals(InteractionStyle.ASYNC_POLL, adapter.interactionStyle());
        assertEquals(Duration.ofSeconds(15), adapter.stateFreshness());
        assertEquals(Duration.ofSeconds(4), adapter.typicalCommandLatency());
        List<Device> devices = adapter.discover(alice);
        Device garage = devices.stream().filter(d -> d.kind() == DeviceKind.GARAGE_DOOR).findFirst().orElseThrow();
        Device blinds = devices.stream().filter(d -> d.kind() == DeviceKind.INTERIOR_BLIND).findFirst().orElseThrow();
        assertEquals(Duration.ofSeconds(10), adapter.typicalCommandLatency(garage), "a garage door travels");
        assertEquals(Duration.ofSeconds(4), adapter.typicalCommandLatency(blinds));
        assertTrue(adapter.push().isEmpty(), "Arbor never pushes");
        assertTrue(adapter.reportsChanges(), "background sync reports what changed");

        AdapterContext unconfigured = new AdapterContext("arbor", Map.of(), httpClient, CALL_TIMEOUT);
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> factory().create(unconfigured));
        assertTrue(missing.getMessage().contains("HOMEWIRE_ADAPTER_ARBOR_BASE_URL"), missing.getMessage());
        assertThrows(IllegalStateException.class, () -> factory().create(context("ftp://example.org")));
        assertThrows(IllegalStateException.class, () -> factory().create(context("not a url")));
        assertThrows(IllegalStateException.class, () -> factory().create(context("https://api.arbor.example?x=1")));
    }

    // ------------------------------------------------------------------ discovery

    @Test
    void discoveryDescribesEveryApplianceTypeWithItsTraits() {
        Map<String, Device> devices = discovered(alice);
        System.out.println("Arbor discovery: alice " + devices.size() + " devices, "
                + devices.values().stream().mapToInt(d -> d.traits().size()).sum() + " traits");
        assertEquals(10, devices.size());

        Device blinds = devices.get(LIVING_ROOM_BLINDS_ID);
        assertEquals("Living Room Blinds", blinds.friendlyName());
        assertEquals(DeviceKind.INTERIOR_BLIND, blinds.kind());
        assertEquals("Arbor", blinds.manufacturer());
        assertEquals("Arbor Shade S2", blinds.model());
        assertEquals(List.of(new Trait.Range("Blind.Lift", FriendlyNames.asset("Alexa.Setting.Opening", "Position"), 0, 100, 1,
                "Alexa.Unit.Percent", List.of(), Semantics.openCloseRange(100, 0, 10), false)), blinds.traits());

        Device fan = devices.get(BEDROOM_FAN_ID);
        assertEquals(DeviceKind.FAN, fan.kind());
        assertEquals(List.of(
                new Trait.Power(),
                new Trait.Range("Fan.Speed", FriendlyNames.asset("Alexa.Setting.FanSpeed", "Speed"), 1, 5, 1, null, List.of(
                        new Trait.Range.Preset(1, FriendlyNames.asset("Alexa.Value.Low")),
                        new Trait.Range.Preset(3, FriendlyNames.asset("Alexa.Value.Medium")),
                        new Trait.Range.Preset(5, new FriendlyNames(List.of("Alexa.Value.High", "Alexa.Value.Maximum"), List.of()))),
                        null, false),
                new Trait.Toggle("Fan.Oscillate", FriendlyNames.asset("Alexa.Setting.Oscillate", "Oscillation")),
                new Trait.Mode("Fan.Direction", FriendlyNames.text("Direction"), false, List.of(
                        new Trait.Mode.ModeValue("Direction.Forward", FriendlyNames.text("Forward")),
                        new Trait.Mode.ModeValue("Direction.Reverse", FriendlyNames.text("Reverse"))))), fan.traits());

        Device garage = devices.get(GARAGE_DOOR_ID);
        assertEquals(DeviceKind.GARAGE_DOOR, garage.kind());
        assertEquals(List.of(new Trait.Mode("GarageDoor.Position", FriendlyNames.asset("Alexa.Setting.Mode", "Position"), false, List.of(
                new Trait.Mode.ModeValue("Position.Up", FriendlyNames.asset("Alexa.Value.Open", "Open")),
                new Trait.Mode.ModeValue("Position.Down", FriendlyNames.asset("Alexa.Value.Close", "Closed"))),
                Semantics.openCloseModes("Position.Up", "Position.Down"), false)), garage.traits());

        assertEquals(DeviceKind.SCENE, devices.get(MOVIE_NIGHT_ID).kind());
        assertEquals(List.of(new Trait.Scene(true)), devices.get(MOVIE_NIGHT_ID).traits());
        assertEquals(List.of(new Trait.Scene(false)), devices.get(GOOD_MORNING_ID).traits());

        Device feeder = devices.get(PET_FEEDER_ID);
        assertEquals(DeviceKind.APPLIANCE, feeder.kind());
        assertEquals(List.of(new Trait.InventoryLevel("PetFood.Level", FriendlyNames.text("Food level"),
                Trait.InventoryLevel.Measurement.percentage(), null)), feeder.traits());

        Device thermostat = devices.get(HALLWAY_THERMOSTAT_ID);
        assertEquals(DeviceKind.THERMOSTAT, thermostat.kind());
        assertEquals(List.of(new Trait.Thermostat(new ThermostatProfile(EnumSet.allOf(ThermostatMode.class), Temperature.celsius(10),
                Temperature.celsius(32), ThermostatProfile.Setpoints.TRIPLE, Temperature.celsius(2))), new Trait.TemperatureSensor()),
                thermostat.traits());

        assertEquals(DeviceKind.OTHER, devices.get(SPACE_HEATER_ID).kind());
        assertEquals(List.of(new Trait.Power(), new Trait.PowerLevel()), devices.get(SPACE_HEATER_ID).traits());
        assertEquals(List.of(new Trait.Power(), new Trait.Percentage()), devices.get(HUMIDIFIER_ID).traits());

        Device washer = devices.get(WASHER_ID);
        assertEquals(DeviceKind.APPLIANCE, washer.kind());
        assertEquals(List.of(new Trait.Power(), new Trait.Mode("Wash.Cycle", FriendlyNames.text("Wash cycle"), false, List.of(
                        new Trait.Mode.ModeValue("Cycle.Normal", FriendlyNames.text("Normal")),
                        new Trait.Mode.ModeValue("Cycle.Delicates", FriendlyNames.text("Delicates")),
                        new Trait.Mode.ModeValue("Cycle.Heavy", FriendlyNames.text("Heavy")))), new Trait.TimeHold(true)),
                washer.traits());

        // bob's fan has three speeds and does not reverse
        Device officeFan = discovered(bob).get(OFFICE_FAN_ID);
        Trait.Range speed = officeFan.instance(Trait.Range.class, "Fan.Speed").orElseThrow();
        assertEquals(3, speed.maximum());
        assertEquals(List.of(1.0, 2.0, 3.0), speed.presets().stream().map(Trait.Range.Preset::value).toList());
        assertTrue(officeFan.has(Trait.Toggle.class));
        assertFalse(officeFan.has(Trait.Mode.class));
        assertEquals(12, ((ArborAdapter) adapter).cachedAppliances(alice.accountId()) + ((ArborAdapter) adapter)
                .cachedAppliances(bob.accountId()), "discovery fills the cache");
    }

    @Test
    void pairedAppliancesAreDiscoveredWithTheirOwnSpecs() throws IOException {
        simulator.addDevice("alice", JSON.readTree("{\"type\": \"blinds\", \"name\": \"Kitchen Blinds\"}"));
        simulator.addDevice("alice", JSON.readTree("{\"type\": \"fan\", \"name\": \"Desk Fan\", \"speeds\": 2, \"oscillates\": false}"));
        simulator.addDevice("alice", JSON.readTree(
                "{\"type\": \"pet_feeder\", \"name\": \"Cat Feeder\", \"dashReplenishmentId\": \"amzn1.dash.v2.o.ro.cat\"}"));
        Map<String, Device> devices = discovered(alice);
        assertEquals(13, devices.size());
        assertEquals("Kitchen Blinds", devices.get("ar-alice-kitchen-blinds").friendlyName());
        Device desk = devices.get("ar-alice-desk-fan");
        assertEquals(List.of(1.0, 2.0), desk.instance(Trait.Range.class, "Fan.Speed").orElseThrow().presets().stream()
                .map(Trait.Range.Preset::value).toList(), "two speeds: low and high, no medium");
        assertEquals(2, desk.traits().size());
        assertEquals("amzn1.dash.v2.o.ro.cat", devices.get("ar-alice-cat-feeder").trait(Trait.InventoryLevel.class).orElseThrow()
                .replenishmentId());

        simulator.removeDevice("ar-alice-kitchen-blinds");
        assertEquals(12, discovered(alice).size());
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, "ar-alice-kitchen-blinds"));
    }

    // ------------------------------------------------------------------ state

    @Test
    void statesCarryEveryTypesProperties() throws IOException {
        DeviceState blinds = adapter.queryState(alice, LIVING_ROOM_BLINDS_ID);
        assertEquals(Connectivity.OK, blinds.connectivity());
        assertEquals(40.0, blinds.get(StateKey.rangeValue("Blind.Lift")));
        assertEquals(clock.instant(), blinds.observedAt(), "observed when Arbor last heard from the appliance");

        change(BEDROOM_FAN_ID, "{\"on\": true, \"oscillate\": true, \"direction\": \"reverse\"}");
        DeviceState fan = adapter.queryState(alice, BEDROOM_FAN_ID);
        assertEquals(PowerState.ON, fan.power());
        assertEquals(2.0, fan.get(StateKey.rangeValue("Fan.Speed")));
        assertEquals(true, fan.get(StateKey.toggle("Fan.Oscillate")));
        assertEquals("Direction.Reverse", fan.get(StateKey.mode("Fan.Direction")));

        DeviceState thermostat = adapter.queryState(alice, HALLWAY_THERMOSTAT_ID);
        assertEquals(ThermostatMode.HEAT, thermostat.thermostatMode());
        assertEquals(Temperature.celsius(21), thermostat.targetSetpoint());
        assertEquals(Temperature.celsius(19), thermostat.get(StateKey.LOWER_SETPOINT));
        assertEquals(Temperature.celsius(24), thermostat.get(StateKey.UPPER_SETPOINT));
        assertEquals(Temperature.celsius(20.5), thermostat.temperature());

        assertEquals(80.0, adapter.queryState(alice, PET_FEEDER_ID).get(StateKey.inventoryLevel("PetFood.Level")));
        assertEquals(false, adapter.queryState(alice, MOVIE_NIGHT_ID).get(StateKey.SCENE_ACTIVE));
        DeviceState heater = adapter.queryState(alice, SPACE_HEATER_ID);
        assertEquals(PowerState.OFF, heater.power());
        assertEquals(60, heater.get(StateKey.POWER_LEVEL));
        assertEquals(45, adapter.queryState(alice, HUMIDIFIER_ID).get(StateKey.PERCENTAGE));
        DeviceState washer = adapter.queryState(alice, WASHER_ID);
        assertEquals(PowerState.ON, washer.power());
        assertEquals("Cycle.Normal", washer.get(StateKey.mode("Wash.Cycle")));
        assertEquals(false, washer.get(StateKey.ON_HOLD));
        assertNull(washer.get(StateKey.HOLD_STARTED_AT));

        change(LIVING_ROOM_BLINDS_ID, "{\"online\": false}");
        DeviceState offline = adapter.queryState(alice, LIVING_ROOM_BLINDS_ID);
        assertEquals(Connectivity.UNREACHABLE, offline.connectivity());
        assertEquals(40.0, offline.get(StateKey.rangeValue("Blind.Lift")), "the last known position");
    }

    @Test
    void aGarageDoorIsClosedOnlyOnceItIsFullyClosed() {
        DeviceCommand open = new DeviceCommand.SetMode("GarageDoor.Position", "Position.Up");
        DeviceState opening = applied(alice, GARAGE_DOOR_ID, open);
        assertEquals("opening", simulatorDoor(), "the door still moves; an opening door is open already");
        assertEquals("Position.Up", opening.get(StateKey.mode("GarageDoor.Position")));

        clock.advance(ArborCloudSimulator.DOOR_TRAVEL_TIME);
        DeviceCommand close = new DeviceCommand.SetMode("GarageDoor.Position", "Position.Down");
        adapter.execute(alice, GARAGE_DOOR_ID, close);
        clock.advance(APPLY_DELAY);
        DeviceState closing = adapter.queryState(alice, GARAGE_DOOR_ID);
        assertEquals("closing", simulatorDoor());
        assertFalse(close.satisfiedBy(closing), "a closing door is not closed yet: " + closing);
        assertFails(Reason.DEVICE_BUSY, () -> adapter.execute(alice, GARAGE_DOOR_ID, open));
        clock.advance(ArborCloudSimulator.DOOR_TRAVEL_TIME);
        assertTrue(close.satisfiedBy(adapter.queryState(alice, GARAGE_DOOR_ID)));
    }

    private String simulatorDoor() {
        for (var device : simulator.devices()) {
            if (device.path("deviceId").asText().equals(GARAGE_DOOR_ID)) {
                return device.at("/state/door").asText();
            }
        }
        throw new AssertionError("no garage door");
    }

    // ------------------------------------------------------------------ commands

    @Test
    void fahrenheitSetpointsAreSentInCelsiusAndAllThreeSetpointsAtOnce() {
        DeviceState heat = applied(alice, HALLWAY_THERMOSTAT_ID, new DeviceCommand.SetTargetSetpoint(fahrenheit(70)));
        assertEquals(Temperature.celsius(21.1), heat.targetSetpoint(), "70 °F = 21.1 °C");

        applied(alice, HALLWAY_THERMOSTAT_ID, new DeviceCommand.SetThermostatMode(ThermostatMode.AUTO));
        DeviceState auto = applied(alice, HALLWAY_THERMOSTAT_ID,
                new DeviceCommand.SetSetpointRange(fahrenheit(64), fahrenheit(75), fahrenheit(70)));
        assertEquals(Temperature.celsius(17.8), auto.get(StateKey.LOWER_SETPOINT));
        assertEquals(Temperature.celsius(23.9), auto.get(StateKey.UPPER_SETPOINT));
        assertEquals(Temperature.celsius(21.1), auto.targetSetpoint());
        DeviceState dual = applied(alice, HALLWAY_THERMOSTAT_ID,
                new DeviceCommand.SetSetpointRange(Temperature.celsius(18), Temperature.celsius(25), null));
        assertEquals(Temperature.celsius(21.1), dual.targetSetpoint(), "a lower and upper pair keeps the target");
    }

    @Test
    void thermostatRefusalsMapToTheirReasons() {
        // known from discovery: checked without a call, the range in the scale that was asked
        adapter.discover(alice);
        AdapterException high = assertFails(Reason.VALUE_OUT_OF_RANGE,
                () -> adapter.execute(alice, HALLWAY_THERMOSTAT_ID, new DeviceCommand.SetTargetSetpoint(fahrenheit(95))));
        assertEquals(50.0, high.minimumValue());
        assertEquals(89.6, high.maximumValue());
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, HALLWAY_THERMOSTAT_ID,
                new DeviceCommand.SetSetpointRange(Temperature.celsius(20), Temperature.celsius(21), null)));
        assertEquals(0, simulator.operationCalls(), "refused before any call");

        // unknown to a new adapter: Arbor refuses, with the same reasons
        DeviceAdapter fresh = newAdapter();
        AdapterException cloudHigh = assertFails(Reason.VALUE_OUT_OF_RANGE,
                () -> fresh.execute(alice, HALLWAY_THERMOSTAT_ID, new DeviceCommand.SetTargetSetpoint(fahrenheit(95))));
        assertEquals(50.0, cloudHigh.minimumValue());
        assertEquals(89.6, cloudHigh.maximumValue());
        assertEquals(Temperature.Scale.FAHRENHEIT, high.rangeScale());
        assertEquals(Temperature.Scale.FAHRENHEIT, cloudHigh.rangeScale(), "Alexa hears a temperature range");
        assertTrue(cloudHigh.getMessage().contains("°F"), cloudHigh.getMessage());
        assertFails(Reason.INVALID_VALUE, () -> fresh.execute(alice, HALLWAY_THERMOSTAT_ID,
                new DeviceCommand.SetSetpointRange(Temperature.celsius(20), Temperature.celsius(21), null)));
        assertFails(Reason.INVALID_VALUE, () -> fresh.execute(alice, HALLWAY_THERMOSTAT_ID,
                new DeviceCommand.SetSetpointRange(Temperature.celsius(20), Temperature.celsius(24), Temperature.celsius(25))));
        assertEquals(3, simulator.operationCalls());

        applied(alice, HALLWAY_THERMOSTAT_ID, new DeviceCommand.SetThermostatMode(ThermostatMode.OFF));
        assertFails(Reason.THERMOSTAT_OFF, () -> adapter.execute(alice, HALLWAY_THERMOSTAT_ID,
                new DeviceCommand.SetTargetSetpoint(Temperature.celsius(20))));
        applied(alice, HALLWAY_THERMOSTAT_ID, new DeviceCommand.SetThermostatMode(ThermostatMode.AUTO));
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, HALLWAY_THERMOSTAT_ID,
                new DeviceCommand.SetTargetSetpoint(Temperature.celsius(30))));
    }

    @Test
    void aWasherHoldsUntilATimeResumesAndRefusesWhenNothingRuns() throws IOException {
        Instant until = clock.instant().plus(Duration.ofMinutes(20));
        Instant heldAt = clock.instant().plus(APPLY_DELAY);
        DeviceState held = applied(alice, WASHER_ID, new DeviceCommand.Hold(until));
        assertEquals(true, held.get(StateKey.ON_HOLD));
        assertEquals(heldAt, held.get(StateKey.HOLD_STARTED_AT));
        assertEquals(until, held.get(StateKey.HOLD_ENDS_AT));
        DeviceState resumed = applied(alice, WASHER_ID, new DeviceCommand.Resume());
        assertNull(resumed.get(StateKey.HOLD_STARTED_AT));
        assertFails(Reason.NOT_IN_OPERATION, () -> adapter.execute(alice, WASHER_ID, new DeviceCommand.Resume()));

        change(WASHER_ID, "{\"running\": false}");
        assertFails(Reason.NOT_IN_OPERATION, () -> adapter.execute(alice, WASHER_ID, new DeviceCommand.Hold(null)));
        DeviceState delicates = applied(alice, WASHER_ID, new DeviceCommand.SetMode("Wash.Cycle", "Cycle.Delicates"));
        assertEquals(false, delicates.get(StateKey.ON_HOLD));
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, WASHER_ID, new DeviceCommand.SetMode("Wash.Cycle", "Cycle.Turbo")));
    }

    @Test
    void scenesAreActivatedAndOnlyDeactivatableOnesDeactivated() {
        assertEquals(true, applied(alice, MOVIE_NIGHT_ID, new DeviceCommand.SetSceneActive(true)).get(StateKey.SCENE_ACTIVE));
        assertEquals(0.0, adapter.queryState(alice, LIVING_ROOM_BLINDS_ID).get(StateKey.rangeValue("Blind.Lift")),
                "the scene closed the blinds");
        assertEquals(false, applied(alice, MOVIE_NIGHT_ID, new DeviceCommand.SetSceneActive(false)).get(StateKey.SCENE_ACTIVE));
        applied(alice, GOOD_MORNING_ID, new DeviceCommand.SetSceneActive(true));
        assertFails(Reason.INVALID_VALUE, () -> newAdapter().execute(alice, GOOD_MORNING_ID, new DeviceCommand.SetSceneActive(false)));
        adapter.discover(alice);
        int calls = simulator.operationCalls();
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, GOOD_MORNING_ID, new DeviceCommand.SetSceneActive(false)));
        assertEquals(calls, simulator.operationCalls(), "known: refused without a call");
    }

    @Test
    void commandsTheApplianceCannotTakeAreInvalidValues() {
        DeviceAdapter fresh = newAdapter();
        // unknown to the adapter: Arbor refuses
        assertFails(Reason.INVALID_VALUE, () -> fresh.execute(alice, LIVING_ROOM_BLINDS_ID, new DeviceCommand.SetPower(PowerState.ON)));
        AdapterException speed = assertFails(Reason.VALUE_OUT_OF_RANGE,
                () -> fresh.execute(alice, BEDROOM_FAN_ID, new DeviceCommand.SetRangeValue("Fan.Speed", 7)));
        assertEquals(1.0, speed.minimumValue());
        assertEquals(5.0, speed.maximumValue());
        assertFails(Reason.INVALID_VALUE, () -> fresh.execute(bob, OFFICE_FAN_ID, new DeviceCommand.SetMode("Fan.Direction", "Direction.Reverse")));
        assertFails(Reason.INVALID_VALUE, () -> fresh.execute(alice, PET_FEEDER_ID, new DeviceCommand.SetSceneActive(true)));
        int cloudRefusals = simulator.operationCalls();
        assertEquals(4, cloudRefusals);

        // what Arbor has no operation for, or no whole number, is refused without a call
        assertFails(Reason.INVALID_VALUE, () -> fresh.execute(alice, LIVING_ROOM_BLINDS_ID, new DeviceCommand.SetVolume(30)));
        assertFails(Reason.INVALID_VALUE, () -> fresh.execute(alice, LIVING_ROOM_BLINDS_ID, new DeviceCommand.SetRangeValue("Blind.Tilt", 3)));
        assertFails(Reason.INVALID_VALUE, () -> fresh.execute(alice, LIVING_ROOM_BLINDS_ID, new DeviceCommand.SetRangeValue("Blind.Lift", 33.5)));
        assertFails(Reason.INVALID_VALUE, () -> fresh.execute(alice, GARAGE_DOOR_ID, new DeviceCommand.SetMode("GarageDoor.Position", "Position.Half")));
        // known from discovery: the traits decide
        adapter.discover(alice);
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, LIVING_ROOM_BLINDS_ID, new DeviceCommand.SetPower(PowerState.ON)));
        AdapterException lift = assertFails(Reason.VALUE_OUT_OF_RANGE,
                () -> adapter.execute(alice, LIVING_ROOM_BLINDS_ID, new DeviceCommand.SetRangeValue("Blind.Lift", 120)));
        assertEquals(0.0, lift.minimumValue());
        assertEquals(100.0, lift.maximumValue());
        assertFails(Reason.INVALID_VALUE, () -> adapter.execute(alice, BEDROOM_FAN_ID, new DeviceCommand.SetMode("Fan.Direction", "Direction.Up")));
        assertEquals(cloudRefusals, simulator.operationCalls(), "no call for any of those");
    }

    @Test
    void everyLevelAndSettingTakesEffect() {
        assertEquals(PowerState.ON, applied(alice, SPACE_HEATER_ID, new DeviceCommand.SetPower(PowerState.ON)).power());
        assertEquals(75, applied(alice, SPACE_HEATER_ID, new DeviceCommand.SetPowerLevel(75)).get(StateKey.POWER_LEVEL));
        assertEquals(20, applied(alice, HUMIDIFIER_ID, new DeviceCommand.SetPercentage(20)).get(StateKey.PERCENTAGE));
        assertEquals(5.0, applied(alice, BEDROOM_FAN_ID, new DeviceCommand.SetRangeValue("Fan.Speed", 5)).get(StateKey.rangeValue("Fan.Speed")));
        applied(alice, BEDROOM_FAN_ID, new DeviceCommand.SetToggle("Fan.Oscillate", true));
        applied(alice, BEDROOM_FAN_ID, new DeviceCommand.SetMode("Fan.Direction", "Direction.Reverse"));
        applied(bob, OFFICE_BLINDS_ID, new DeviceCommand.SetRangeValue("Blind.Lift", 0));
    }

    // ------------------------------------------------------------------ errors

    @Test
    void vendorFailuresMapToTheirReasons() throws IOException {
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, "ar-gone"));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.queryState(alice, OFFICE_FAN_ID));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.execute(alice, "ar-gone", new DeviceCommand.SetPower(PowerState.ON)));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> adapter.execute(alice, " ", new DeviceCommand.SetPower(PowerState.ON)));

        change(SPACE_HEATER_ID, "{\"online\": false}");
        assertFails(Reason.DEVICE_OFFLINE, () -> adapter.execute(alice, SPACE_HEATER_ID, new DeviceCommand.SetPower(PowerState.ON)));
        change(SPACE_HEATER_ID, "{\"online\": true}");

        simulator.setFaults(new FaultSpec(1.0, 403, 0));
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.discover(alice));
        simulator.setFaults(new FaultSpec(1.0, 500, 0));
        assertFails(Reason.VENDOR_UNAVAILABLE, () -> adapter.queryStates(alice, List.of(LIVING_ROOM_BLINDS_ID)));
        simulator.setFaults(new FaultSpec(1.0, 429, 0));
        AdapterException throttled = assertFails(Reason.RATE_LIMITED,
                () -> adapter.execute(alice, SPACE_HEATER_ID, new DeviceCommand.SetPower(PowerState.ON)));
        assertTrue(throttled.getMessage().contains("retry after 1 s"), throttled.getMessage());
        simulator.setFaults(new FaultSpec(1.0, 400, 0));
        assertFails(Reason.VENDOR_ERROR, () -> adapter.queryState(alice, SPACE_HEATER_ID));
        simulator.clearFaults();

        VendorAccount tokenless = new VendorAccount("arbor", alice.accountId(), Map.of());
        assertFails(Reason.CREDENTIALS_EXPIRED, () -> adapter.discover(tokenless));
    }

    // ------------------------------------------------------------------ background sync

    @Test
    void queryStatesFetchesDetailsOnlyForAppliancesThatChanged() throws IOException {
        List<String> ids = List.of(LIVING_ROOM_BLINDS_ID, PET_FEEDER_ID, WASHER_ID, HALLWAY_THERMOSTAT_ID);
        Map<String, DeviceState> first = adapter.queryStates(alice, ids);
        assertEquals(ids, List.copyOf(first.keySet()));
        assertEquals(1, simulator.summaryCalls());
        assertEquals(1, simulator.detailCalls(), "one detail call for the four appliances it did not know");

        Map<String, DeviceState> quiet = adapter.queryStates(alice, ids);
        assertEquals(2, simulator.summaryCalls());
        assertEquals(1, simulator.detailCalls(), "nothing changed: the summary was the only call");
        assertTrue(quiet.get(WASHER_ID).sameValuesAs(first.get(WASHER_ID)));

        // the feeder dispenses: only it is fetched again
        clock.advance(ArborCloudSimulator.DISPENSE_INTERVAL);
        Map<String, DeviceState> fed = adapter.queryStates(alice, ids);
        assertEquals(2, simulator.detailCalls());
        assertEquals(2, simulator.detailFetches(PET_FEEDER_ID));
        assertEquals(1, simulator.detailFetches(WASHER_ID));
        assertEquals(76.0, fed.get(PET_FEEDER_ID).get(StateKey.inventoryLevel("PetFood.Level")));
        change(PET_FEEDER_ID, "{\"refill\": true}");
        assertEquals(100.0, adapter.queryStates(alice, ids).get(PET_FEEDER_ID).get(StateKey.inventoryLevel("PetFood.Level")));
        System.out.println("Arbor background sync: 4 polls of " + ids.size() + " appliances took " + simulator.summaryCalls()
                + " summary and " + simulator.detailCalls() + " detail calls");

        // offline: known values, unreachable; a removed appliance is left out and forgotten
        change(WASHER_ID, "{\"online\": false}");
        simulator.removeDevice(LIVING_ROOM_BLINDS_ID);
        Map<String, DeviceState> later = adapter.queryStates(alice, ids);
        assertFalse(later.containsKey(LIVING_ROOM_BLINDS_ID));
        assertEquals(Connectivity.UNREACHABLE, later.get(WASHER_ID).connectivity());
        assertEquals("Cycle.Normal", later.get(WASHER_ID).get(StateKey.mode("Wash.Cycle")));
        assertEquals(3, ((ArborAdapter) adapter).cachedAppliances(alice.accountId()));
        assertEquals(Map.of(), adapter.queryStates(alice, List.of(" ")));
    }

    @Test
    void queryStatesAsksForAtMost25AppliancesPerDetailCall() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(simulator.addDevice("bob", JSON.readTree("{\"type\": \"humidifier\", \"name\": \"Room " + i + "\"}"))
                    .path("deviceId").asText());
        }
        ids.add("ar-bob-not-there");
        Map<String, DeviceState> states = adapter.queryStates(bob, ids);
        System.out.println("Arbor background sync of " + ids.size() + " ids: " + states.size() + " states, "
                + simulator.summaryCalls() + " summary + " + simulator.detailCalls() + " detail calls");
        assertEquals(30, states.size());
        assertEquals(1, simulator.summaryCalls());
        assertEquals(2, simulator.detailCalls(), "⌈30 / 25⌉ detail calls");
    }

    @Test
    void concurrentPollsOfTwoAccountsKeepTheirAppliancesApart() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Map<String, DeviceState>>> polls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                VendorAccount account = i % 2 == 0 ? alice : bob;
                // each asks for both accounts' blinds: only its own may be answered
                polls.add(() -> adapter.queryStates(account, List.of(LIVING_ROOM_BLINDS_ID, OFFICE_BLINDS_ID)));
            }
            int i = 0;
            for (Future<Map<String, DeviceState>> poll : pool.invokeAll(polls)) {
                assertEquals(List.of(i++ % 2 == 0 ? LIVING_ROOM_BLINDS_ID : OFFICE_BLINDS_ID), List.copyOf(poll.get().keySet()));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
