package dev.homewire.core.updates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.UpdateCause;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.ChangeCause;
import dev.homewire.alexa.ErrorType;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.OutboundQueue;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.testing.InMemoryDeviceStateStore;
import dev.homewire.core.testing.InMemoryEndpointRegistry;
import dev.homewire.core.testing.InMemoryPendingOperationStore;
import dev.homewire.core.testing.MutableClock;
import dev.homewire.core.testing.RecordingQueues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceUpdateServiceTest {
    private static final String USER = "user-1";
    private static final String ACCOUNT = "acct-1";
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private static final Device LOCK_DEVICE = new Device("lock-1", "Front door", null, "Latchkey", "LK-1", DeviceKind.SMARTLOCK,
            List.of(new Trait.Lock()));
    private static final EndpointRecord LOCK = new EndpointRecord(USER, "latchkey#lock-1", "latchkey", "lock-1", LOCK_DEVICE);
    private static final Device THERMOSTAT_DEVICE = new Device("th-1", "Hallway", null, "Thermia", "T-2", DeviceKind.THERMOSTAT,
            List.of(new Trait.Thermostat(new ThermostatProfile(Set.of(ThermostatMode.HEAT, ThermostatMode.OFF), Temperature.celsius(5), Temperature.celsius(30))), new Trait.TemperatureSensor()));
    private static final EndpointRecord THERMOSTAT = new EndpointRecord(USER, "thermia#th-1", "thermia", "th-1", THERMOSTAT_DEVICE);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryEndpointRegistry endpoints = new InMemoryEndpointRegistry();
    private final InMemoryDeviceStateStore states = new InMemoryDeviceStateStore();
    private final InMemoryPendingOperationStore pending = new InMemoryPendingOperationStore();
    private final RecordingQueues.Outbound outbound = new RecordingQueues.Outbound();
    private final DeviceUpdateService service = new DeviceUpdateService(endpoints, states, pending, outbound,
            CapabilityRegistry.standard(), clock);

    DeviceUpdateServiceTest() {
        endpoints.replaceAll(USER, List.of(LOCK, THERMOSTAT));
    }

    @AfterEach
    void everyPublishedMessageValidatesOnceTheDispatcherAddsTheToken() {
        for (OutboundEvent event : outbound.published) {
            assertEquals(USER, event.userId());
            assertFalse(event.message().path("event").path("endpoint").has("scope"), "the dispatcher adds the scope");
            AlexaSchema.assertValid(AlexaEvent.withGatewayToken(event.message(), "t"));
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private static DeviceState lock(LockState lockState, Instant observedAt) {
        return DeviceState.builder().connectivity(Connectivity.OK).lockState(lockState).observedAt(observedAt).build();
    }

    private void storeLock(LockState lockState) {
        states.put(USER, LOCK.endpointId(), lock(lockState, T0.minusSeconds(60)));
    }

    private PendingOperation pendingLock(String correlationToken, LockState wanted, String ref, Instant createdAt) {
        PendingOperation op = new PendingOperation(USER, LOCK.endpointId(), correlationToken, "latchkey", "lock-1", ref,
                new DeviceCommand.SetLockState(wanted), "Alexa.LockController", wanted == LockState.LOCKED ? "Lock" : "Unlock",
                createdAt, createdAt.plusSeconds(20));
        pending.save(op);
        return op;
    }

    private static DeviceUpdate result(String ref, DeviceState state) {
        return new DeviceUpdate(ACCOUNT, "lock-1", state, UpdateCause.COMMAND_RESULT, ref, null);
    }

    private static JsonNode header(OutboundEvent event) {
        return event.message().path("event").path("header");
    }

    private static String name(OutboundEvent event) {
        return header(event).path("name").asText();
    }

    private static JsonNode property(JsonNode properties, String namespace, String name) {
        for (JsonNode p : properties) {
            if (p.path("namespace").asText().equals(namespace) && p.path("name").asText().equals(name)) {
                return p.get("value");
            }
        }
        return null;
    }

    private static List<String> names(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    private OutboundEvent only() {
        assertEquals(1, outbound.published.size(), () -> "published: " + outbound.published);
        return outbound.published.get(0);
    }

    // --- completing operations -------------------------------------------------------------------

    @Test
    void aCommandResultAnswersThePendingOperationWithOneFullResponse() {
        storeLock(LockState.UNLOCKED);
        PendingOperation op = pendingLock("ct-1", LockState.LOCKED, "op-1", T0.minusSeconds(2));
        // a partial push: only the lock state
        DeviceState partial = DeviceState.builder().lockState(LockState.LOCKED).observedAt(T0).build();

        UpdateOutcome outcome = service.apply(LOCK, result("op-1", partial));

        assertTrue(outcome.stored());
        assertEquals(List.of(op), outcome.completed());
        assertFalse(outcome.changeReportSent(), "the Response told Alexa; no ChangeReport for the same change");
        OutboundEvent answer = only();
        assertEquals("Alexa", header(answer).path("namespace").asText());
        assertEquals("Response", name(answer));
        assertEquals("ct-1", header(answer).path("correlationToken").asText());
        assertEquals(LOCK.endpointId(), answer.message().at("/event/endpoint/endpointId").asText());
        JsonNode context = answer.message().at("/context/properties");
        assertEquals("LOCKED", property(context, "Alexa.LockController", "lockState").asText());
        assertEquals("OK", property(context, "Alexa.EndpointHealth", "connectivity").path("value").asText());
        assertTrue(pending.forEndpoint(USER, LOCK.endpointId()).isEmpty());
        assertEquals(LockState.LOCKED, states.get(USER, LOCK.endpointId()).orElseThrow().lockState());
    }

    @Test
    void redeliveredNewsChangesNothingMore() {
        storeLock(LockState.UNLOCKED);
        pendingLock("ct-1", LockState.LOCKED, "op-1", T0.minusSeconds(2));
        DeviceUpdate update = result("op-1", lock(LockState.LOCKED, T0));

        service.apply(LOCK, update);
        UpdateOutcome again = service.apply(LOCK, update);

        assertTrue(again.completed().isEmpty());
        assertFalse(again.changeReportSent());
        assertEquals(1, outbound.published.size());
    }

    @Test
    void anOperationIsAnsweredByStateEvenWithoutItsReference() {
        storeLock(LockState.UNLOCKED);
        PendingOperation op = pendingLock("ct-1", LockState.LOCKED, "op-1", T0.minusSeconds(2));

        UpdateOutcome outcome = service.apply(LOCK, DeviceUpdate.state(ACCOUNT, "lock-1", lock(LockState.LOCKED, T0),
                UpdateCause.PERIODIC_POLL));

        assertEquals(List.of(op), outcome.completed());
        assertEquals("Response", name(only()));
    }

    @Test
    void operationsAreAnsweredOldestFirst() {
        storeLock(LockState.UNLOCKED);
        pendingLock("ct-b", LockState.LOCKED, "op-2", T0.minusSeconds(1));
        pendingLock("ct-a", LockState.LOCKED, "op-1", T0.minusSeconds(3));
        pendingLock("ct-c", LockState.UNLOCKED, "op-3", T0.minusSeconds(2));

        UpdateOutcome outcome = service.apply(LOCK, result("op-1", lock(LockState.LOCKED, T0)));

        assertEquals(List.of("ct-a", "ct-b"), outcome.completed().stream().map(PendingOperation::correlationToken).toList());
        assertEquals(List.of("ct-a", "ct-b"), outbound.published.stream().map(e -> header(e).path("correlationToken").asText()).toList());
        assertEquals(List.of("ct-c"), pending.forEndpoint(USER, LOCK.endpointId()).stream().map(PendingOperation::correlationToken).toList(),
                "the unlock still waits");
    }

    @Test
    void aReportedFailureAnswersTheOperationWithTheMappedError() {
        storeLock(LockState.UNLOCKED);
        PendingOperation op = pendingLock("ct-1", LockState.LOCKED, "op-1", T0.minusSeconds(2));
        PendingOperation other = pendingLock("ct-2", LockState.LOCKED, "op-2", T0.minusSeconds(1));

        UpdateOutcome outcome = service.apply(LOCK, new DeviceUpdate(ACCOUNT, "lock-1", null, UpdateCause.COMMAND_RESULT, "op-1",
                new AdapterException(AdapterException.Reason.DEVICE_BUSY, "the bolt is moving")));

        assertFalse(outcome.stored());
        assertEquals(List.of(op), outcome.completed());
        OutboundEvent answer = only();
        assertEquals("ErrorResponse", name(answer));
        assertEquals("ct-1", header(answer).path("correlationToken").asText());
        assertEquals("ENDPOINT_BUSY", answer.message().at("/event/payload/type").asText());
        assertEquals(List.of(other), pending.forEndpoint(USER, LOCK.endpointId()));
        assertEquals(LockState.UNLOCKED, states.get(USER, LOCK.endpointId()).orElseThrow().lockState());
    }

    @Test
    void aFailureOfAnOperationAlreadyAnsweredIsIgnored() {
        storeLock(LockState.UNLOCKED);
        UpdateOutcome outcome = service.apply(LOCK, new DeviceUpdate(ACCOUNT, "lock-1", null, UpdateCause.COMMAND_RESULT, "op-gone",
                new AdapterException(AdapterException.Reason.VENDOR_ERROR, "motor fault")));
        assertEquals(UpdateOutcome.ignored(), outcome);
        assertTrue(outbound.published.isEmpty());
    }

    @Test
    void aFailureCarryingAStaleStateStillFailsTheOperation() {
        states.put(USER, LOCK.endpointId(), lock(LockState.UNLOCKED, T0));
        PendingOperation op = pendingLock("ct-1", LockState.LOCKED, "op-1", T0.minusSeconds(2));

        UpdateOutcome outcome = service.apply(LOCK, new DeviceUpdate(ACCOUNT, "lock-1", lock(LockState.UNLOCKED, T0.minusSeconds(30)),
                UpdateCause.COMMAND_RESULT, "op-1", new AdapterException(AdapterException.Reason.DEVICE_OFFLINE, "lock offline")));

        assertFalse(outcome.stored());
        assertEquals(List.of(op), outcome.completed());
        assertEquals("ENDPOINT_UNREACHABLE", only().message().at("/event/payload/type").asText());
    }

    // --- a jammed lock -----------------------------------------------------------------------------

    @Test
    void aJammedOutcomeIsAResponseWithLockStateJammedNeverLocked() {
        storeLock(LockState.UNLOCKED);
        PendingOperation op = pendingLock("ct-1", LockState.LOCKED, "op-1", T0.minusSeconds(2));

        UpdateOutcome outcome = service.apply(LOCK, result("op-1", lock(LockState.JAMMED, T0)));

        assertEquals(List.of(op), outcome.completed());
        assertFalse(outcome.changeReportSent(), "the Response told Alexa the lock is jammed");
        OutboundEvent answer = only();
        assertEquals("Response", name(answer));
        assertEquals("JAMMED", property(answer.message().at("/context/properties"), "Alexa.LockController", "lockState").asText());
        assertEquals(LockState.JAMMED, states.get(USER, LOCK.endpointId()).orElseThrow().lockState());
    }

    @Test
    void aJammedCommandResultWithoutReferenceAnswersTheLockOperation() {
        storeLock(LockState.LOCKED);
        pendingLock("ct-1", LockState.UNLOCKED, "op-1", T0.minusSeconds(2));

        UpdateOutcome outcome = service.apply(LOCK, result(null, lock(LockState.JAMMED, T0)));

        assertEquals(1, outcome.completed().size());
        assertEquals("JAMMED", property(only().message().at("/context/properties"), "Alexa.LockController", "lockState").asText());
    }

    @Test
    void aLockJammedByHandIsAChangeReportAndTheOperationWaits() {
        storeLock(LockState.UNLOCKED);
        PendingOperation op = pendingLock("ct-1", LockState.LOCKED, "op-1", T0.minusSeconds(2));

        UpdateOutcome outcome = service.apply(LOCK, DeviceUpdate.state(ACCOUNT, "lock-1", lock(LockState.JAMMED, T0),
                UpdateCause.PHYSICAL_INTERACTION));

        assertTrue(outcome.completed().isEmpty());
        assertTrue(outcome.changeReportSent());
        OutboundEvent report = only();
        assertEquals("ChangeReport", name(report));
        assertEquals("JAMMED", property(report.message().at("/event/payload/change/properties"), "Alexa.LockController", "lockState").asText());
        assertEquals(List.of(op), pending.forEndpoint(USER, LOCK.endpointId()));
    }

    // --- ChangeReports ------------------------------------------------------------------------------

    @Test
    void aPhysicalChangeIsOneChangeReportWithTheOtherPropertiesInContext() {
        storeLock(LockState.LOCKED);

        UpdateOutcome outcome = service.apply(LOCK, DeviceUpdate.state(ACCOUNT, "lock-1",
                DeviceState.builder().lockState(LockState.UNLOCKED).observedAt(T0).build(), UpdateCause.PHYSICAL_INTERACTION));

        assertTrue(outcome.changeReportSent());
        OutboundEvent report = only();
        JsonNode message = report.message();
        assertEquals("ChangeReport", name(report));
        assertTrue(header(report).path("correlationToken").isMissingNode());
        assertEquals("PHYSICAL_INTERACTION", message.at("/event/payload/change/cause/type").asText());
        assertEquals(List.of("lockState"), names(message.at("/event/payload/change/properties")));
        assertEquals("UNLOCKED", message.at("/event/payload/change/properties/0/value").asText());
        assertEquals(List.of("connectivity"), names(message.at("/context/properties")));
    }

    @Test
    void theSameValuesObservedLaterAreNoChange() {
        storeLock(LockState.LOCKED);
        UpdateOutcome outcome = service.apply(LOCK, DeviceUpdate.state(ACCOUNT, "lock-1", lock(LockState.LOCKED, T0),
                UpdateCause.PERIODIC_POLL));
        assertTrue(outcome.stored());
        assertFalse(outcome.changeReportSent());
        assertTrue(outbound.published.isEmpty());
        assertEquals(T0, states.get(USER, LOCK.endpointId()).orElseThrow().observedAt(), "the newer observation is kept");
    }

    @Test
    void anOlderReportChangesNothing() {
        states.put(USER, LOCK.endpointId(), lock(LockState.LOCKED, T0));
        UpdateOutcome outcome = service.apply(LOCK, DeviceUpdate.state(ACCOUNT, "lock-1", lock(LockState.UNLOCKED, T0.minusSeconds(5)),
                UpdateCause.PHYSICAL_INTERACTION));
        assertEquals(UpdateOutcome.ignored(), outcome);
        assertTrue(outbound.published.isEmpty());
        assertEquals(LockState.LOCKED, states.get(USER, LOCK.endpointId()).orElseThrow().lockState());
    }

    @Test
    void connectivityLostAndRegainedAreChanges() {
        storeLock(LockState.LOCKED);

        service.apply(LOCK, DeviceUpdate.state(ACCOUNT, "lock-1",
                DeviceState.builder().connectivity(Connectivity.UNREACHABLE).observedAt(T0).build(), UpdateCause.PERIODIC_POLL));
        service.apply(LOCK, DeviceUpdate.state(ACCOUNT, "lock-1",
                DeviceState.builder().connectivity(Connectivity.OK).observedAt(T0.plusSeconds(30)).build(), UpdateCause.PERIODIC_POLL));

        assertEquals(2, outbound.published.size());
        JsonNode lost = outbound.published.get(0).message();
        assertEquals("PERIODIC_POLL", lost.at("/event/payload/change/cause/type").asText());
        assertEquals(List.of("connectivity"), names(lost.at("/event/payload/change/properties")));
        assertEquals("UNREACHABLE", lost.at("/event/payload/change/properties/0/value/value").asText());
        assertEquals("LOCKED", property(lost.at("/context/properties"), "Alexa.LockController", "lockState").asText(),
                "the partial update kept the known lock state");
        assertEquals("OK", outbound.published.get(1).message().at("/event/payload/change/properties/0/value/value").asText());
    }

    @Test
    void changesTheAnsweredOperationDoesNotExplainAreReportedBesideTheResponse() {
        states.put(USER, THERMOSTAT.endpointId(), DeviceState.builder().thermostatMode(ThermostatMode.HEAT)
                .targetSetpoint(Temperature.celsius(20)).temperature(Temperature.celsius(19)).observedAt(T0.minusSeconds(60)).build());
        PendingOperation op = new PendingOperation(USER, THERMOSTAT.endpointId(), "ct-1", "thermia", "th-1", null,
                new DeviceCommand.SetTargetSetpoint(Temperature.celsius(22)), "Alexa.ThermostatController", "SetTargetTemperature",
                T0.minusSeconds(5), T0.plusSeconds(15));
        pending.save(op);

        UpdateOutcome outcome = service.apply(THERMOSTAT, new DeviceUpdate(ACCOUNT, "th-1", DeviceState.builder()
                .thermostatMode(ThermostatMode.HEAT).targetSetpoint(Temperature.celsius(22)).temperature(Temperature.celsius(19.5))
                .observedAt(T0).build(), UpdateCause.COMMAND_RESULT, null, null));

        assertEquals(List.of(op), outcome.completed());
        assertTrue(outcome.changeReportSent());
        assertEquals(2, outbound.published.size());
        JsonNode response = outbound.published.get(0).message();
        assertEquals("Response", response.at("/event/header/name").asText());
        assertEquals(List.of("targetSetpoint", "thermostatMode", "temperature", "connectivity"), names(response.at("/context/properties")),
                "a Response carries every property");
        assertEquals(22.0, property(response.at("/context/properties"), "Alexa.ThermostatController", "targetSetpoint").path("value").asDouble());
        JsonNode report = outbound.published.get(1).message();
        assertEquals("ChangeReport", report.at("/event/header/name").asText());
        assertEquals("APP_INTERACTION", report.at("/event/payload/change/cause/type").asText());
        assertEquals(List.of("temperature"), names(report.at("/event/payload/change/properties")));
        assertEquals(List.of("targetSetpoint", "thermostatMode", "connectivity"), names(report.at("/context/properties")));
    }

    @Test
    void anAnsweredInstanceDirectiveExplainsOnlyItsInstance() {
        Device fanDevice = new Device("fan-1", "Bedroom Fan", null, "Arbor", "F-1", DeviceKind.FAN, List.of(
                new Trait.Range("Fan.Speed", dev.homewire.adapter.spi.FriendlyNames.text("Speed"), 1, 5, 1, null, List.of(), null, false),
                new Trait.Toggle("Fan.Oscillate", dev.homewire.adapter.spi.FriendlyNames.text("Oscillation"))));
        EndpointRecord fan = new EndpointRecord(USER, "arbor#fan-1", "arbor", "fan-1", fanDevice);
        dev.homewire.adapter.spi.StateKey<Double> speed = dev.homewire.adapter.spi.StateKey.rangeValue("Fan.Speed");
        dev.homewire.adapter.spi.StateKey<Boolean> oscillate = dev.homewire.adapter.spi.StateKey.toggle("Fan.Oscillate");
        states.put(USER, fan.endpointId(), DeviceState.builder().set(speed, 1.0).set(oscillate, false).observedAt(T0.minusSeconds(60)).build());
        PendingOperation op = new PendingOperation(USER, fan.endpointId(), "ct-1", "arbor", "fan-1", null,
                new DeviceCommand.SetRangeValue("Fan.Speed", 3), "Alexa.RangeController", "SetRangeValue",
                T0.minusSeconds(5), T0.plusSeconds(15));
        pending.save(op);

        UpdateOutcome outcome = service.apply(fan, new DeviceUpdate(ACCOUNT, "fan-1", DeviceState.builder().set(speed, 3.0)
                .set(oscillate, true).observedAt(T0).build(), UpdateCause.COMMAND_RESULT, null, null));

        assertEquals(List.of(op), outcome.completed());
        assertEquals(2, outbound.published.size(), "the Response and a ChangeReport");
        JsonNode report = outbound.published.get(1).message();
        assertEquals("ChangeReport", report.at("/event/header/name").asText());
        JsonNode changed = report.at("/event/payload/change/properties");
        assertEquals(1, changed.size());
        assertEquals("Fan.Oscillate", changed.get(0).path("instance").asText(), "the speed directive does not explain oscillation");
        System.out.printf("fan: answered %d operation, reported %d unexplained change%n", outcome.completed().size(), changed.size());
    }

    @Test
    void aPushIsLaidOverTheStoredStateButAQueriedStateReplacesIt() {
        states.put(USER, THERMOSTAT.endpointId(), DeviceState.builder().thermostatMode(ThermostatMode.HEAT)
                .targetSetpoint(Temperature.celsius(20)).temperature(Temperature.celsius(19)).observedAt(T0.minusSeconds(60)).build());

        service.apply(THERMOSTAT, DeviceUpdate.state(ACCOUNT, "th-1",
                DeviceState.builder().temperature(Temperature.celsius(19.5)).observedAt(T0.minusSeconds(30)).build(),
                UpdateCause.PERIODIC_POLL));
        DeviceState afterPush = states.get(USER, THERMOSTAT.endpointId()).orElseThrow();
        assertEquals(Temperature.celsius(20), afterPush.targetSetpoint(), "a push carries only what changed");
        assertEquals(Temperature.celsius(19.5), afterPush.temperature());

        service.apply(THERMOSTAT, DeviceUpdate.queried(ACCOUNT, "th-1", DeviceState.builder().thermostatMode(ThermostatMode.OFF)
                .temperature(Temperature.celsius(19.5)).observedAt(T0).build(), UpdateCause.PERIODIC_POLL));
        DeviceState afterQuery = states.get(USER, THERMOSTAT.endpointId()).orElseThrow();
        assertNull(afterQuery.targetSetpoint(), "a query's whole state no longer holds a setpoint it lacks");
        assertEquals(ThermostatMode.OFF, afterQuery.thermostatMode());
        System.out.printf("push overlay kept %d properties; the query left %d%n", afterPush.values().size(), afterQuery.values().size());
    }

    @Test
    void aCommandResultNoOperationWaitsForIsAnAppInteraction() {
        storeLock(LockState.LOCKED);
        service.apply(LOCK, result("someone-elses-op", lock(LockState.UNLOCKED, T0)));
        assertEquals("APP_INTERACTION", only().message().at("/event/payload/change/cause/type").asText());
    }

    @Test
    void causesMapToAlexasChangeCauses() {
        assertEquals(ChangeCause.PHYSICAL_INTERACTION, DeviceUpdateService.changeCause(UpdateCause.PHYSICAL_INTERACTION));
        assertEquals(ChangeCause.APP_INTERACTION, DeviceUpdateService.changeCause(UpdateCause.APP_INTERACTION));
        assertEquals(ChangeCause.RULE_TRIGGER, DeviceUpdateService.changeCause(UpdateCause.RULE_TRIGGER));
        assertEquals(ChangeCause.PERIODIC_POLL, DeviceUpdateService.changeCause(UpdateCause.PERIODIC_POLL));
        assertEquals(ChangeCause.APP_INTERACTION, DeviceUpdateService.changeCause(UpdateCause.COMMAND_RESULT));

        storeLock(LockState.LOCKED);
        service.apply(LOCK, DeviceUpdate.state(ACCOUNT, "lock-1", lock(LockState.UNLOCKED, T0), UpdateCause.RULE_TRIGGER));
        assertEquals("RULE_TRIGGER", only().message().at("/event/payload/change/cause/type").asText());
    }

    @Test
    void theFirstKnownStateIsStoredButNotReportedAsAChange() {
        PendingOperation op = pendingLock("ct-1", LockState.LOCKED, "op-1", T0.minusSeconds(2));

        UpdateOutcome outcome = service.apply(LOCK, result("op-1", lock(LockState.LOCKED, T0)));
        assertEquals(List.of(op), outcome.completed());
        assertFalse(outcome.changeReportSent());

        UpdateOutcome sensorFirst = service.apply(THERMOSTAT, DeviceUpdate.state(ACCOUNT, "th-1",
                DeviceState.builder().temperature(Temperature.celsius(19)).observedAt(T0).build(), UpdateCause.PERIODIC_POLL));
        assertTrue(sensorFirst.stored());
        assertFalse(sensorFirst.changeReportSent());
        assertEquals(1, outbound.published.size());
    }

    @Test
    void aChangeTheVendorPushesIsReportedEvenWithoutAStoredState() {
        UpdateOutcome outcome = service.apply(LOCK, DeviceUpdate.state(ACCOUNT, "lock-1", lock(LockState.UNLOCKED, T0),
                UpdateCause.PHYSICAL_INTERACTION));

        assertTrue(outcome.changeReportSent(), "the vendor says someone turned the thumb turn");
        JsonNode change = only().message().at("/event/payload/change");
        assertEquals("PHYSICAL_INTERACTION", change.at("/cause/type").asText());
        assertEquals(List.of("lockState"), names(change.get("properties")), "connectivity did not change");
        assertEquals("UNLOCKED", change.at("/properties/0/value").asText());
    }

    // --- succeed / fail / reconcile -------------------------------------------------------------

    @Test
    void succeedAndFailAnswerOnlyOnce() {
        PendingOperation op = pendingLock("ct-1", LockState.LOCKED, "op-1", T0);
        assertTrue(service.fail(op, AlexaError.of(ErrorType.ENDPOINT_UNREACHABLE, "deadline passed")));
        assertFalse(service.fail(op, AlexaError.of(ErrorType.ENDPOINT_UNREACHABLE, "deadline passed")));
        assertFalse(service.succeed(op, LOCK, lock(LockState.LOCKED, T0)));
        assertEquals("ErrorResponse", name(only()));
        assertEquals("ct-1", header(only()).path("correlationToken").asText());
    }

    @Test
    void aThermostatErrorKeepsItsNamespace() {
        PendingOperation op = new PendingOperation(USER, THERMOSTAT.endpointId(), "ct-1", "thermia", "th-1", null,
                new DeviceCommand.SetTargetSetpoint(Temperature.celsius(22)), "Alexa.ThermostatController", "SetTargetTemperature",
                T0, T0.plusSeconds(15));
        pending.save(op);
        assertTrue(service.fail(op, AlexaError.thermostat(AlexaError.ThermostatErrorType.THERMOSTAT_IS_OFF, "off")));
        assertEquals("Alexa.ThermostatController", header(only()).path("namespace").asText());
    }

    @Test
    void succeedRefusesAnotherEndpoint() {
        PendingOperation op = pendingLock("ct-1", LockState.LOCKED, "op-1", T0);
        assertThrows(IllegalArgumentException.class, () -> service.succeed(op, THERMOSTAT, lock(LockState.LOCKED, T0)));
        assertEquals(List.of(op), pending.forEndpoint(USER, LOCK.endpointId()));
    }

    @Test
    void anAnswerTheQueueRefusesPutsTheOperationBack() {
        OutboundQueue down = event -> {
            throw new IllegalStateException("SQS unavailable");
        };
        DeviceUpdateService failing = new DeviceUpdateService(endpoints, states, pending, down, CapabilityRegistry.standard(), clock);
        storeLock(LockState.UNLOCKED);
        PendingOperation op = pendingLock("ct-1", LockState.LOCKED, "op-1", T0.minusSeconds(2));

        assertThrows(IllegalStateException.class, () -> failing.apply(LOCK, result("op-1", lock(LockState.LOCKED, T0))));

        assertEquals(List.of(op), pending.forEndpoint(USER, LOCK.endpointId()), "a redelivery can still answer it");
        UpdateOutcome retried = service.apply(LOCK, result("op-1", lock(LockState.LOCKED, T0)));
        assertEquals(List.of(op), retried.completed());
        assertEquals("Response", name(only()));
    }

    @Test
    void reconcileAnswersAnOperationWhoseOutcomeArrivedFirst() {
        states.put(USER, LOCK.endpointId(), lock(LockState.LOCKED, T0.plusMillis(300)));
        PendingOperation op = pendingLock("ct-1", LockState.LOCKED, "op-1", T0.plusMillis(500));
        assertTrue(service.reconcile(op, LOCK, T0));
        assertEquals("Response", name(only()));
        assertFalse(service.reconcile(op, LOCK, T0), "already answered");
    }

    @Test
    void reconcileIgnoresStatesFromBeforeTheCommandAndUnsatisfyingOnes() {
        states.put(USER, LOCK.endpointId(), lock(LockState.LOCKED, T0.minusSeconds(1)));
        PendingOperation lockOp = pendingLock("ct-1", LockState.LOCKED, "op-1", T0);
        assertFalse(service.reconcile(lockOp, LOCK, T0));
        states.put(USER, LOCK.endpointId(), lock(LockState.UNLOCKED, T0.plusSeconds(1)));
        assertFalse(service.reconcile(lockOp, LOCK, T0));
        states.put(USER, LOCK.endpointId(), lock(LockState.JAMMED, T0.plusSeconds(2)));
        assertTrue(service.reconcile(lockOp, LOCK, T0), "a jam is the lock operation's outcome");
        assertEquals("JAMMED", property(only().message().at("/context/properties"), "Alexa.LockController", "lockState").asText());
    }

    // --- routing ------------------------------------------------------------------------------------

    @Test
    void newsForAnEndpointByIdResolvesItOrIsDropped() {
        storeLock(LockState.LOCKED);
        DeviceUpdate update = DeviceUpdate.state(ACCOUNT, "lock-1", lock(LockState.UNLOCKED, T0), UpdateCause.PHYSICAL_INTERACTION);
        assertTrue(service.apply(USER, "latchkey#unknown", update).isEmpty());
        assertTrue(service.apply("user-2", LOCK.endpointId(), update).isEmpty());
        assertTrue(outbound.published.isEmpty());
        assertTrue(service.apply(USER, LOCK.endpointId(), update).orElseThrow().changeReportSent());
    }

    @Test
    void newsForAnotherDeviceIsRefused() {
        DeviceUpdate update = DeviceUpdate.state(ACCOUNT, "th-1", lock(LockState.UNLOCKED, T0), UpdateCause.PHYSICAL_INTERACTION);
        assertThrows(IllegalArgumentException.class, () -> service.apply(LOCK, update));
        assertNull(states.get(USER, LOCK.endpointId()).orElse(null));
    }

    @Test
    void expiredOperationsAreNotAnswered() {
        InMemoryPendingOperationStore expiring = new InMemoryPendingOperationStore(clock);
        DeviceUpdateService withTtl = new DeviceUpdateService(endpoints, states, expiring, outbound, CapabilityRegistry.standard(), clock);
        storeLock(LockState.UNLOCKED);
        expiring.save(new PendingOperation(USER, LOCK.endpointId(), "ct-old", "latchkey", "lock-1", "op-1",
                new DeviceCommand.SetLockState(LockState.LOCKED), "Alexa.LockController", "Lock", T0.minus(Duration.ofHours(2)),
                T0.minus(Duration.ofHours(2)).plusSeconds(20)));

        UpdateOutcome outcome = withTtl.apply(LOCK, result("op-1", lock(LockState.LOCKED, T0)));

        assertTrue(outcome.completed().isEmpty());
        assertEquals("ChangeReport", name(only()));
    }
}
