package dev.homewire.processors.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.inventory.EndpointInventory;
import dev.homewire.core.capability.EndpointIds;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.testing.InMemoryDeviceStateStore;
import dev.homewire.core.testing.InMemoryEndpointRegistry;
import dev.homewire.core.testing.InMemoryLinkedAccountStore;
import dev.homewire.core.testing.InMemoryPendingOperationStore;
import dev.homewire.core.testing.InMemoryDirectiveClaims;
import dev.homewire.core.testing.MutableClock;
import dev.homewire.core.testing.RecordingDeadlineQueue;
import dev.homewire.core.testing.RecordingPollQueue;
import dev.homewire.processors.async.DeadlineSweeper;
import dev.homewire.core.testing.RecordingQueues;
import dev.homewire.core.updates.DeviceUpdateService;
import dev.homewire.processors.RetryPolicy;
import dev.homewire.processors.async.AsyncDirectiveProcessor;
import dev.homewire.processors.push.WebhookReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One user with one lock behind the {@link FakeLockCloud}, the async processor and the webhook
 * receiver wired to fakes of our ports and the real {@link DeviceUpdateService}.
 */
public final class AsyncFixture {
    public static final String USER = "user-1";
    public static final String ACCOUNT = "acct-1";
    public static final String DEVICE_ID = "lock-1";
    public static final String ENDPOINT = EndpointIds.of(FakeLockCloud.ID, DEVICE_ID);
    public static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    public static final Device LOCK = new Device(DEVICE_ID, "Front door", null, "Lockco", "LC-1", DeviceKind.SMARTLOCK,
            List.of(new Trait.Lock()));
    public static final String LOCK_SAMPLE = "LockController/LockController.Lock.request.json";
    public static final String UNLOCK_SAMPLE = "LockController/LockController.Unlock.request.json";

    public final MutableClock clock = new MutableClock(START);
    public final FakeLockCloud cloud;
    public final InMemoryEndpointRegistry endpoints = new InMemoryEndpointRegistry();
    public final InMemoryLinkedAccountStore accounts = new InMemoryLinkedAccountStore();
    public final InMemoryDeviceStateStore states = new InMemoryDeviceStateStore();
    public final InMemoryDirectiveClaims claims = new InMemoryDirectiveClaims(clock);
    public final InMemoryPendingOperationStore pending = new InMemoryPendingOperationStore();
    public final RecordingPollQueue polls = new RecordingPollQueue();
    public final RecordingDeadlineQueue deadlineQueue = new RecordingDeadlineQueue();
    public final RecordingQueues.Outbound outbound = new RecordingQueues.Outbound();
    public final RetryPolicy retry = RetryPolicy.DEFAULT.withSleeper(clock::advance).withRandom(() -> 0.5);
    public final AdapterRegistry adapters;
    public final DeviceUpdateService updates;
    public final DeadlineSweeper deadlines;

    public AsyncFixture(InteractionStyle style) {
        cloud = new FakeLockCloud(clock, style);
        adapters = new AdapterRegistry(List.of(cloud));
        updates = new DeviceUpdateService(endpoints, states, pending, outbound, CapabilityRegistry.standard(), clock);
        deadlines = new DeadlineSweeper(pending, updates, deadlineQueue, clock);
        endpoints.replaceAll(USER, List.of(new EndpointRecord(USER, ENDPOINT, FakeLockCloud.ID, DEVICE_ID, LOCK)));
        accounts.save(USER, new VendorAccount(FakeLockCloud.ID, ACCOUNT, Map.of("apiKey", "secret")));
        cloud.setDevice(DEVICE_ID, lock(LockState.UNLOCKED, START.minusSeconds(3600)));
    }

    public static DeviceState lock(LockState state, Instant observedAt) {
        return DeviceState.builder().connectivity(Connectivity.OK).lockState(state).observedAt(observedAt).build();
    }

    public AsyncDirectiveProcessor processor() {
        return new AsyncDirectiveProcessor(endpoints, accounts, states, claims, pending, polls, deadlines, updates, outbound, adapters,
                CapabilityRegistry.standard(), clock, retry);
    }

    public WebhookReceiver receiver() {
        return new WebhookReceiver(adapters, accounts, endpoints, updates, inventory(adapters));
    }

    /** The endpoint inventory over this fixture's registry and outbound queue. */
    public EndpointInventory inventory(AdapterRegistry registry) {
        return new EndpointInventory(endpoints, registry, CapabilityRegistry.standard(), outbound);
    }

    /** An official sample directive for our endpoint, as the entrypoint queues it (linking token removed). */
    public static ObjectNode sample(String path, String correlationToken) {
        ObjectNode directive = AlexaSamples.directive(path, "linking-token", ENDPOINT);
        ((ObjectNode) directive.path("directive").path("endpoint")).remove("scope");
        ObjectNode header = (ObjectNode) directive.path("directive").path("header");
        header.put("correlationToken", correlationToken);
        header.put("messageId", "msg-" + correlationToken);
        return directive;
    }

    public QueuedDirective queued(String samplePath, String correlationToken) {
        return new QueuedDirective(USER, ENDPOINT, FakeLockCloud.ID, DEVICE_ID, sample(samplePath, correlationToken),
                clock.instant(), clock.instant().plus(Duration.ofSeconds(20)));
    }

    public void assertAllPublishedValidate() {
        for (OutboundEvent event : outbound.published) {
            AlexaSchema.assertValidEvent(AlexaEvent.withGatewayToken(event.message(), "some-token"));
        }
    }

    public static JsonNode header(OutboundEvent event) {
        return event.message().path("event").path("header");
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
