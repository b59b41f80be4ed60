package dev.homewire.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.Json;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.capability.AlexaLimits;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.testing.InMemoryEndpointRegistry;
import dev.homewire.core.testing.RecordingQueues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EndpointInventoryTest {
    private static final String USER = "user-1";
    private static final VendorAccount ACCOUNT = new VendorAccount("sensors", "acct-1", java.util.Map.of());

    private final ListingAdapter vendor = new ListingAdapter();
    private final InMemoryEndpointRegistry endpoints = new InMemoryEndpointRegistry();
    private final RecordingQueues.Outbound outbound = new RecordingQueues.Outbound();
    private final EndpointInventory inventory = new EndpointInventory(endpoints, new AdapterRegistry(List.of(vendor)),
            CapabilityRegistry.standard(), outbound);

    private static Device contact(String id, String name) {
        return new Device(id, name, null, "Aegis", "C-1", DeviceKind.CONTACT_SENSOR, List.of(new Trait.ContactSensor()));
    }

    /** A vendor whose device list the test sets. */
    private static class ListingAdapter implements DeviceAdapter {
        final List<Device> devices = new CopyOnWriteArrayList<>();

        public String id() { return "sensors"; }
        public InteractionStyle interactionStyle() { return InteractionStyle.ASYNC_PUSH; }
        public Duration stateFreshness() { return Duration.ofMinutes(5); }
        public Duration typicalCommandLatency() { return Duration.ofSeconds(1); }
        public List<Device> discover(VendorAccount account) { return List.copyOf(devices); }
        public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) {
            throw new UnsupportedOperationException();
        }
        public DeviceState queryState(VendorAccount account, String deviceId) {
            throw new UnsupportedOperationException();
        }
    }

    private JsonNode sent(int i) {
        return AlexaEvent.withGatewayToken(outbound.published.get(i).message(), "lwa-token");
    }

    @Test
    void anAddedDeviceIsAnnouncedWithAnAddOrUpdateReport() {
        vendor.devices.add(contact("c-1", "Front Door"));
        endpoints.replaceAll(USER, List.of(new EndpointRecord(USER, "lumio#lamp", "lumio", "lamp",
                new Device("lamp", "Lamp", null, null, null, DeviceKind.LIGHT, List.of(new Trait.Power())))));
        vendor.devices.add(contact("c-2", "Garage Side Door"));

        EndpointInventory.Changes changes = inventory.refresh(USER, ACCOUNT);

        assertEquals(new EndpointInventory.Changes(2, 0, 0, 1), changes);
        JsonNode report = sent(0);
        AlexaSchema.assertValid(report);
        assertEquals("AddOrUpdateReport", report.at("/event/header/name").asText());
        assertEquals("lwa-token", report.at("/event/payload/scope/token").asText(), "the dispatcher puts the token in the payload");
        assertEquals(2, report.at("/event/payload/endpoints").size());
        assertEquals("sensors#c-2", report.at("/event/payload/endpoints/1/endpointId").asText());
        assertEquals(List.of("lumio#lamp", "sensors#c-1", "sensors#c-2"),
                endpoints.list(USER).stream().map(EndpointRecord::endpointId).sorted().toList(), "other vendors' endpoints kept");
        System.out.printf("added %d, updated %d, removed %d, reports %d%n", changes.added(), changes.updated(), changes.removed(),
                changes.reports());
    }

    @Test
    void aRenameIsAnUpdateAndARemovalADeleteReport() {
        vendor.devices.addAll(List.of(contact("c-1", "Front Door"), contact("c-2", "Back Door")));
        inventory.refresh(USER, ACCOUNT);
        outbound.published.clear();

        vendor.devices.clear();
        vendor.devices.add(contact("c-1", "Front Entrance"));
        EndpointInventory.Changes changes = inventory.refresh(USER, ACCOUNT);

        assertEquals(new EndpointInventory.Changes(0, 1, 1, 2), changes);
        JsonNode update = sent(0);
        AlexaSchema.assertValid(update);
        assertEquals("Front Entrance", update.at("/event/payload/endpoints/0/friendlyName").asText());
        JsonNode delete = sent(1);
        AlexaSchema.assertDeleteReportValid(delete);
        assertEquals("[{\"endpointId\":\"sensors#c-2\"}]", delete.at("/event/payload/endpoints").toString());
        assertEquals(List.of("sensors#c-1"), endpoints.list(USER).stream().map(EndpointRecord::endpointId).toList());
    }

    @Test
    void nothingChangedSendsNothing() {
        vendor.devices.add(contact("c-1", "Front Door"));
        inventory.refresh(USER, ACCOUNT);
        outbound.published.clear();
        assertEquals(EndpointInventory.Changes.NONE, inventory.refresh(USER, ACCOUNT));
        assertTrue(outbound.published.isEmpty());
    }

    @Test
    void aVendorThatCannotListChangesNothing() {
        vendor.devices.add(contact("c-1", "Front Door"));
        inventory.refresh(USER, ACCOUNT);
        DeviceAdapter down = new ListingAdapter() {
            @Override
            public List<Device> discover(VendorAccount account) {
                throw new AdapterException(AdapterException.Reason.VENDOR_UNAVAILABLE, "503");
            }
        };
        EndpointInventory failing = new EndpointInventory(endpoints, new AdapterRegistry(List.of(down)), CapabilityRegistry.standard(),
                outbound);
        outbound.published.clear();
        assertThrows(AdapterException.class, () -> failing.refresh(USER, ACCOUNT));
        assertEquals(1, endpoints.list(USER).size(), "a vendor outage never makes devices disappear");
        assertTrue(outbound.published.isEmpty());
    }

    @Test
    void reportsAreSplitAt300EndpointsAnd256Kilobytes() {
        for (int i = 0; i < 300; i++) {
            vendor.devices.add(contact("c-" + i, "Sensor " + i));
        }
        EndpointInventory.Changes changes = inventory.refresh(USER, ACCOUNT);
        assertEquals(300, changes.added());
        int announced = 0;
        for (OutboundEvent event : outbound.published) {
            JsonNode report = AlexaEvent.withGatewayToken(event.message(), "lwa-token");
            int bytes = Json.writeBytes(report).length;
            assertTrue(bytes <= AlexaLimits.MAX_REPORT_BYTES, "report of " + bytes + " bytes");
            AlexaSchema.assertValid(report);
            announced += report.at("/event/payload/endpoints").size();
        }
        assertEquals(300, announced);
        System.out.printf("300 endpoints announced in %d reports%n", outbound.published.size());

        List<ObjectNode> big = new ArrayList<>();
        for (int i = 0; i < 700; i++) {
            ObjectNode endpoint = Json.object();
            endpoint.put("endpointId", "x#" + i).put("description", "d".repeat(900));
            big.add(endpoint);
        }
        List<List<ObjectNode>> chunks = EndpointInventory.chunks(big, 256 * 1024);
        assertEquals(700, chunks.stream().mapToInt(List::size).sum());
        for (List<ObjectNode> chunk : chunks) {
            assertTrue(chunk.size() <= 300);
            assertTrue(Json.writeBytes(chunk).length <= 256 * 1024);
        }
        assertTrue(chunks.size() >= 3, "700 endpoints of ~1 KB need at least three reports, got " + chunks.size());
        assertEquals(List.of(300, 300, 100), EndpointInventory.chunks(big.subList(0, 700).stream()
                .map(e -> (ObjectNode) Json.object().put("endpointId", e.get("endpointId").asText())).toList(), 256 * 1024)
                .stream().map(List::size).toList());
    }
}
