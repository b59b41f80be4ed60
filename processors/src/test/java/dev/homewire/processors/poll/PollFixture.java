package dev.homewire.processors.poll;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.inventory.EndpointInventory;
import dev.homewire.core.capability.EndpointIds;
import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.pending.PollRequest;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.OutboundQueue;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.testing.InMemoryDeviceStateStore;
import dev.homewire.core.testing.InMemoryEndpointRegistry;
import dev.homewire.core.testing.InMemoryLinkedAccountStore;
import dev.homewire.core.testing.InMemoryPendingOperationStore;
import dev.homewire.core.testing.MutableClock;
import dev.homewire.core.testing.RecordingPollQueue;
import dev.homewire.core.updates.DeviceUpdateService;
import dev.homewire.processors.testing.FakeAdapter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One user with a lamp and a thermostat behind the poll-only fake vendor (and a lamp behind the
 * SYNC fake adapter), our ports as in-memory fakes and the real {@link DeviceUpdateService}: what
 * reaches the outbound queue is what Alexa would get, each with the test-clock time it was published.
 */
final class PollFixture {
    static final String USER = "user-1";
    static final String LAMP = "lamp-1";
    static final String THERMOSTAT = "thermo-1";
    static final String SYNC_LAMP = "sync-lamp";
    static final String LAMP_ENDPOINT = EndpointIds.of(FakePollingVendor.ID, LAMP);
    static final String THERMOSTAT_ENDPOINT = EndpointIds.of(FakePollingVendor.ID, THERMOSTAT);
    static final String SYNC_LAMP_ENDPOINT = EndpointIds.of(FakeAdapter.ID, SYNC_LAMP);
    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    static final Device LAMP_DEVICE = new Device(LAMP, "Porch lamp", null, "Poll Co", "PL-1", DeviceKind.LIGHT,
            List.of(new Trait.Power(), new Trait.Brightness()));
    static final Device THERMOSTAT_DEVICE = new Device(THERMOSTAT, "Hall thermostat", null, "Poll Co", "PT-1",
            DeviceKind.THERMOSTAT, List.of(new Trait.Thermostat(new ThermostatProfile(EnumSet.of(ThermostatMode.HEAT, ThermostatMode.OFF), Temperature.celsius(5), Temperature.celsius(30))), new Trait.TemperatureSensor()));
    static final Device SYNC_LAMP_DEVICE = new Device(SYNC_LAMP, "Desk lamp", null, "Fake Co", "FL-1", DeviceKind.LIGHT,
            List.of(new Trait.Power()));

    /** An outbound event and when (test clock) it was published. */
    record Published(OutboundEvent event, Instant at) {
        JsonNode header() {
            return event.message().path("event").path("header");
        }

        String name() {
            return header().path("name").asText();
        }
    }

    final MutableClock clock = new MutableClock(START);
    final FakePollingVendor vendor = new FakePollingVendor(clock);
    final FakeAdapter syncAdapter = new FakeAdapter(clock);
    final InMemoryEndpointRegistry endpoints = new InMemoryEndpointRegistry();
    final InMemoryLinkedAccountStore accounts = new InMemoryLinkedAccountStore();
    final InMemoryDeviceStateStore states = new InMemoryDeviceStateStore();
    final InMemoryPendingOperationStore pending = new InMemoryPendingOperationStore();
    final RecordingPollQueue pollQueue = new RecordingPollQueue();
    final List<Published> published = new CopyOnWriteArrayList<>();
    final OutboundQueue outbound = event -> published.add(new Published(event, clock.instant()));
    final DeviceUpdateService deviceUpdates = new DeviceUpdateService(endpoints, states, pending, outbound,
            CapabilityRegistry.standard(), clock);
    final PollBackoff backoff = PollBackoff.DEFAULT.withRandom(() -> 0.5);
    final AdapterRegistry adapters = new AdapterRegistry(List.of(vendor, syncAdapter));

    PollFixture() {
        endpoints.replaceAll(USER, List.of(
                new EndpointRecord(USER, LAMP_ENDPOINT, FakePollingVendor.ID, LAMP, LAMP_DEVICE),
                new EndpointRecord(USER, THERMOSTAT_ENDPOINT, FakePollingVendor.ID, THERMOSTAT, THERMOSTAT_DEVICE),
                new EndpointRecord(USER, SYNC_LAMP_ENDPOINT, FakeAdapter.ID, SYNC_LAMP, SYNC_LAMP_DEVICE)));
        accounts.save(USER, new VendorAccount(FakePollingVendor.ID, "poll-account-1", Map.of("apiKey", "poll-secret")));
        accounts.save(USER, new VendorAccount(FakeAdapter.ID, "fake-account-1", Map.of("apiKey", "fake-secret")));
        Instant before = START.minusSeconds(600);
        DeviceState lamp = DeviceState.builder().connectivity(Connectivity.OK).power(PowerState.OFF).brightness(60)
                .observedAt(before).build();
        DeviceState thermostat = DeviceState.builder().connectivity(Connectivity.OK).targetSetpoint(Temperature.celsius(20))
                .thermostatMode(ThermostatMode.HEAT).temperature(Temperature.celsius(19.5)).observedAt(before).build();
        vendor.setDevice(LAMP, lamp);
        vendor.setDevice(THERMOSTAT, thermostat);
        states.put(USER, LAMP_ENDPOINT, lamp);
        states.put(USER, THERMOSTAT_ENDPOINT, thermostat);
        syncAdapter.setDevice(SYNC_LAMP, DeviceState.builder().power(PowerState.ON).observedAt(before).build());
    }

    PollingProcessor processor() {
        return new PollingProcessor(pending, endpoints, accounts, adapters, deviceUpdates, pollQueue, clock, backoff);
    }

    BackgroundSync backgroundSync() {
        return new BackgroundSync(accounts, endpoints, adapters, deviceUpdates, inventory(adapters), clock, Duration.ofMinutes(15));
    }

    EndpointInventory inventory(AdapterRegistry registry) {
        return new EndpointInventory(endpoints, registry, CapabilityRegistry.standard(), outbound);
    }

    /** A command to the lamp the vendor accepted now, as the asynchronous processor saves it. */
    PendingOperation lampOperation(String correlationToken, DeviceCommand command, Duration deadlineIn) {
        PendingOperation op = new PendingOperation(USER, LAMP_ENDPOINT, correlationToken, FakePollingVendor.ID, LAMP,
                "op-" + correlationToken, command, "Alexa.PowerController", "TurnOn", clock.instant(),
                clock.instant().plus(deadlineIn));
        pending.save(op);
        return op;
    }

    /** The poll times (test clock) of one operation's poll chain, run to its end. */
    record Run(List<Instant> polledAt, List<Instant> scheduledFor) {
    }

    /**
     * Runs an operation's poll chain as SQS and the Lambda would: the first poll 1 s after now (as
     * the asynchronous processor schedules it), then each scheduled poll after its delay, until no
     * further poll is scheduled.
     */
    Run pollUntilDone(PendingOperation op) {
        PollingProcessor processor = processor();
        List<Instant> polledAt = new ArrayList<>();
        List<Instant> scheduledFor = new ArrayList<>();
        clock.advance(Duration.ofSeconds(1));
        PollRequest next = new PollRequest(op.userId(), op.endpointId(), op.correlationToken(), 1);
        for (int guard = 0; guard < 100; guard++) {
            int scheduledBefore = pollQueue.scheduled.size();
            polledAt.add(clock.instant());
            processor.process(next);
            if (pollQueue.scheduled.size() == scheduledBefore) {
                return new Run(polledAt, scheduledFor);
            }
            RecordingPollQueue.Scheduled scheduled = pollQueue.scheduled.get(pollQueue.scheduled.size() - 1);
            if (scheduled.request().attempt() != next.attempt() + 1) {
                throw new AssertionError("poll " + next.attempt() + " scheduled attempt " + scheduled.request().attempt());
            }
            scheduledFor.add(clock.instant().plus(scheduled.delay()));
            clock.advance(scheduled.delay());
            next = scheduled.request();
        }
        throw new AssertionError("the poll chain did not end");
    }

    List<Published> named(String name) {
        return published.stream().filter(p -> p.name().equals(name)).toList();
    }

    /** What the dispatcher will post: every published message must validate once the LWA token is in. */
    void assertAllPublishedValidate() {
        for (Published p : published) {
            AlexaSchema.assertValidEvent(AlexaEvent.withGatewayToken(p.event().message(), "some-token"));
        }
    }

    /** The context property {@code namespace.name}, or null. */
    static JsonNode property(JsonNode message, String namespace, String name) {
        for (JsonNode p : message.path("context").path("properties")) {
            if (p.path("namespace").asText().equals(namespace) && p.path("name").asText().equals(name)) {
                return p.get("value");
            }
        }
        return null;
    }
}
