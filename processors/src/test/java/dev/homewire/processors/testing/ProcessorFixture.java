package dev.homewire.processors.testing;

import dev.homewire.core.testing.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.capability.EndpointIds;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.store.DeviceStateStore;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.testing.InMemoryDeviceStateStore;
import dev.homewire.core.testing.InMemoryEndpointRegistry;
import dev.homewire.core.testing.InMemoryLinkedAccountStore;
import dev.homewire.core.testing.InMemoryDirectiveClaims;
import dev.homewire.core.testing.RecordingQueues;
import dev.homewire.processors.RetryPolicy;
import dev.homewire.processors.sync.SyncDirectiveProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/** One user with one colour light behind the fake adapter, and the processor wired to fakes of our ports. */
public final class ProcessorFixture {
    public static final String USER = "user-1";
    public static final String DEVICE_ID = "lamp-1";
    public static final String ENDPOINT = EndpointIds.of(FakeAdapter.ID, DEVICE_ID);
    public static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    public static final Device LIGHT = new Device(DEVICE_ID, "Desk lamp", null, "Fake Co", "FL-1", DeviceKind.LIGHT,
            List.of(new Trait.Power(), new Trait.Brightness(), new Trait.Color(), new Trait.ColorTemperature(new Device.KelvinRange(2200, 6500))));

    public final MutableClock clock = new MutableClock(START);
    public final FakeAdapter adapter = new FakeAdapter(clock);
    public final InMemoryEndpointRegistry endpoints = new InMemoryEndpointRegistry();
    public final InMemoryLinkedAccountStore accounts = new InMemoryLinkedAccountStore();
    public final InMemoryDeviceStateStore states = new InMemoryDeviceStateStore();
    public final InMemoryDirectiveClaims claims = new InMemoryDirectiveClaims(clock);
    public final RecordingQueues.Outbound outbound = new RecordingQueues.Outbound();
    public final RetryPolicy retry = RetryPolicy.DEFAULT.withSleeper(clock::advance).withRandom(() -> 0.5);

    public ProcessorFixture() {
        endpoints.replaceAll(USER, List.of(new EndpointRecord(USER, ENDPOINT, FakeAdapter.ID, DEVICE_ID, LIGHT)));
        accounts.save(USER, new VendorAccount(FakeAdapter.ID, "acct-1", Map.of("apiKey", "secret")));
        adapter.setDevice(DEVICE_ID, DeviceState.builder().connectivity(Connectivity.OK).power(PowerState.OFF).brightness(40)
                .color(new Hsb(120, 0.5, 0.4)).colorTemperatureKelvin(4000).observedAt(START.minusSeconds(3600)).build());
    }

    public SyncDirectiveProcessor processor() {
        return processor(states);
    }

    public SyncDirectiveProcessor processor(DeviceStateStore stateStore) {
        return new SyncDirectiveProcessor(endpoints, accounts, stateStore, claims, outbound,
                new AdapterRegistry(List.of(adapter)), CapabilityRegistry.standard(), clock, retry);
    }

    /** An official sample directive for our endpoint, as the entrypoint queues it (linking token removed). */
    public static ObjectNode sample(String path) {
        ObjectNode directive = AlexaSamples.directive(path, "linking-token", ENDPOINT);
        ((ObjectNode) directive.path("directive").path("endpoint")).remove("scope");
        return directive;
    }

    public QueuedDirective queued(ObjectNode directive, Duration deadlineIn) {
        return new QueuedDirective(USER, ENDPOINT, FakeAdapter.ID, DEVICE_ID, directive, clock.instant(),
                clock.instant().plus(deadlineIn));
    }

    public QueuedDirective queued(String samplePath) {
        return queued(sample(samplePath), Duration.ofSeconds(10));
    }

    public List<OutboundEvent> published() {
        return outbound.published;
    }

    public OutboundEvent onlyPublished() {
        if (outbound.published.size() != 1) {
            throw new AssertionError("expected exactly one published answer, got " + outbound.published.size());
        }
        return outbound.published.get(0);
    }

    /** What the dispatcher will post: every published message must validate once the LWA token is in. */
    public void assertAllPublishedValidate() {
        for (OutboundEvent event : outbound.published) {
            AlexaSchema.assertValid(AlexaEvent.withGatewayToken(event.message(), "some-token"));
        }
    }

    /** The context property {@code namespace.name}, or null. */
    public static JsonNode property(JsonNode message, String namespace, String name) {
        for (JsonNode p : message.path("context").path("properties")) {
            if (p.path("namespace").asText().equals(namespace) && p.path("name").asText().equals(name)) {
                return p.get("value");
            }
        }
        return null;
    }
}
