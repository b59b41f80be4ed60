package dev.homewire.entrypoint;

import dev.homewire.core.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.Json;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.capability.EndpointIds;
import dev.homewire.core.config.AlexaRegion;
import dev.homewire.core.lwa.LoginWithAmazonClient;
import dev.homewire.core.queue.DirectiveQueue;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.store.EndpointRegistry;
import dev.homewire.core.store.Grant;
import dev.homewire.core.store.GrantStore;
import dev.homewire.core.testing.InMemoryDeviceStateStore;
import dev.homewire.core.testing.InMemoryEndpointRegistry;
import dev.homewire.core.testing.InMemoryGrantStore;
import dev.homewire.core.testing.InMemoryLinkedAccountStore;
import dev.homewire.core.testing.RecordingQueues;
import dev.homewire.core.testing.RecordingSyncScheduler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.impl.classic.HttpClients;

/**
 * One entrypoint over in-memory fakes of our ports and two fake adapters ({@code acme}, {@code globex}).
 * Alice has accounts at both, Bob at acme. Every answer goes through {@link #answer(byte[], Duration)},
 * which checks it against the official schema, so no test can forget to.
 */
final class Fixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");
    static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9-]{1,127}");
    static final String SAMPLE_CORRELATION_TOKEN = "dFMb0z+PgpgdDmluhJ1LddFvSqZ/jCc8ptlAKulUj90jSqg==";

    final MutableClock clock = new MutableClock(T0);
    final TestUsers users = new TestUsers();
    final InMemoryLinkedAccountStore linkedAccounts = new InMemoryLinkedAccountStore();
    final FlakyEndpoints endpoints = new FlakyEndpoints();
    final InMemoryDeviceStateStore states = new InMemoryDeviceStateStore();
    final FlakyGrants grants = new FlakyGrants();
    final FlakyQueue directives = new FlakyQueue();
    final RecordingSyncScheduler syncScheduler = new RecordingSyncScheduler();
    final FakeAdapter acme = new FakeAdapter("acme");
    final FakeAdapter globex = new FakeAdapter("globex");
    final SkillEntrypoint entrypoint;

    Fixture() {
        this(URI.create("http://127.0.0.1:9/auth/o2/token"));
    }

    Fixture(URI lwaTokenUrl) {
        linkedAccounts.save("alice", new VendorAccount("acme", "acme-account-a", Map.of("apiKey", "acme-secret-key-a")));
        linkedAccounts.save("alice", new VendorAccount("globex", "globex-account-a", Map.of("apiKey", "globex-secret-a")));
        linkedAccounts.save("bob", new VendorAccount("acme", "acme-account-b", Map.of("apiKey", "acme-secret-key-b")));
        LoginWithAmazonClient lwa = new LoginWithAmazonClient(HttpClients.createDefault(), lwaTokenUrl, "id", "secret", clock);
        entrypoint = new SkillEntrypoint(new EntrypointDependencies(users, linkedAccounts, endpoints, states, grants,
                directives, new AdapterRegistry(List.of(acme, globex)), CapabilityRegistry.standard(), lwa,
                AlexaRegion.EU, Duration.ofSeconds(3), clock, syncScheduler));
    }

    static Device lamp(String deviceId, String name) {
        return new Device(deviceId, name, "A colour lamp", "Acme", "L-100", DeviceKind.LIGHT,
                List.of(new Trait.Power(), new Trait.Brightness(), new Trait.Color(), new Trait.ColorTemperature(new Device.KelvinRange(2700, 6500))));
    }

    static Device plug(String deviceId, String name) {
        return new Device(deviceId, name, null, "Globex", "P-1", DeviceKind.PLUG, List.of(new Trait.Power()));
    }

    /** Registers a device of an adapter as the user's endpoint, as a past discovery would have; returns its endpoint id. */
    String register(String userId, String adapterId, Device device) {
        String endpointId = EndpointIds.of(adapterId, device.deviceId());
        List<EndpointRecord> records = new java.util.ArrayList<>(endpoints.list(userId));
        records.add(new EndpointRecord(userId, endpointId, adapterId, device.deviceId(), device));
        endpoints.replaceAll(userId, records);
        return endpointId;
    }

    /** Sends a directive with the full 8 s and returns the checked answer. */
    JsonNode send(ObjectNode directive) {
        return send(directive, Duration.ofSeconds(8));
    }

    JsonNode send(ObjectNode directive, Duration timeLeft) {
        return answer(Json.writeBytes(directive), timeLeft);
    }

    JsonNode send(String body) {
        return answer(body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(8));
    }

    /** Runs the entrypoint; the answer must be schema-valid JSON with a fresh messageId and no stack trace. */
    JsonNode answer(byte[] body, Duration timeLeft) {
        byte[] bytes = entrypoint.handle(body, timeLeft);
        assertNotNull(bytes, "handle returned null");
        String text = new String(bytes, StandardCharsets.UTF_8);
        AlexaSchema.assertValid(text);
        assertFalse(text.contains("Exception") || text.contains("\tat ") || text.contains("at dev.homewire"),
                "the answer must not carry a stack trace: " + text);
        JsonNode json = Json.read(text);
        JsonNode header = json.path("event").path("header");
        assertEquals("3", header.path("payloadVersion").asText());
        assertTrue(MESSAGE_ID.matcher(header.path("messageId").asText()).matches(), "messageId " + header);
        return json;
    }

    /** Asserts an ErrorResponse of the namespace and type; returns its event. */
    static JsonNode assertError(JsonNode answer, String namespace, String type) {
        JsonNode event = answer.path("event");
        assertEquals(namespace, event.path("header").path("namespace").asText(), answer.toString());
        assertEquals("ErrorResponse", event.path("header").path("name").asText(), answer.toString());
        assertEquals(type, event.path("payload").path("type").asText(), answer.toString());
        assertFalse(event.path("payload").path("message").asText().isBlank(), "an error message");
        return event;
    }

    static JsonNode assertError(JsonNode answer, String type) {
        return assertError(answer, "Alexa", type);
    }

    @Override
    public void close() {
        acme.release();
        globex.release();
        entrypoint.close();
    }

    /** The endpoint registry, failing writes on demand. */
    static final class FlakyEndpoints implements EndpointRegistry {
        final InMemoryEndpointRegistry store = new InMemoryEndpointRegistry();
        volatile boolean failWrites;

        @Override
        public void replaceAll(String userId, List<EndpointRecord> records) {
            if (failWrites) {
                throw new IllegalStateException("endpoints table unavailable");
            }
            store.replaceAll(userId, records);
        }

        @Override
        public void replaceAdapter(String userId, String adapterId, List<EndpointRecord> records) {
            if (failWrites) {
                throw new IllegalStateException("endpoints table unavailable");
            }
            store.replaceAdapter(userId, adapterId, records);
        }

        @Override
        public Optional<EndpointRecord> find(String userId, String endpointId) {
            return store.find(userId, endpointId);
        }

        @Override
        public List<EndpointRecord> list(String userId) {
            return store.list(userId);
        }
    }

    /** The grant store, failing on demand. */
    static final class FlakyGrants implements GrantStore {
        final InMemoryGrantStore store = new InMemoryGrantStore();
        volatile boolean fail;

        @Override
        public Optional<Grant> find(String userId) {
            return store.find(userId);
        }

        @Override
        public void save(Grant grant) {
            if (fail) {
                throw new IllegalStateException("grants table unavailable");
            }
            store.save(grant);
        }

        @Override
        public void delete(String userId) {
            store.delete(userId);
        }
    }

    /** The directive queue, failing on demand. */
    static final class FlakyQueue implements DirectiveQueue {
        final RecordingQueues.Directives recorded = new RecordingQueues.Directives();
        volatile boolean fail;

        @Override
        public void enqueue(QueuedDirective directive) {
            if (fail) {
                throw new IllegalStateException("queue unavailable");
            }
            recorded.enqueue(directive);
        }

        List<QueuedDirective> enqueued() {
            return recorded.enqueued;
        }
    }
}
