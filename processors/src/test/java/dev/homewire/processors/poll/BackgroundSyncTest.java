package dev.homewire.processors.poll;

import static dev.homewire.processors.poll.PollFixture.LAMP;
import static dev.homewire.processors.poll.PollFixture.LAMP_ENDPOINT;
import static dev.homewire.processors.poll.PollFixture.THERMOSTAT;
import static dev.homewire.processors.poll.PollFixture.THERMOSTAT_ENDPOINT;
import static dev.homewire.processors.poll.PollFixture.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.schedule.SyncMessage;
import dev.homewire.core.store.EndpointRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackgroundSyncTest {
    private final PollFixture f = new PollFixture();
    private final BackgroundSync sync = f.backgroundSync();

    @AfterEach
    void everyPublishedMessageValidates() {
        f.assertAllPublishedValidate();
    }

    private void ambientTemperatureBecomes(double celsius) {
        f.vendor.setDevice(THERMOSTAT, f.vendor.device(THERMOSTAT).toBuilder().temperature(Temperature.celsius(celsius)).build());
    }

    @Test
    void aDeviceTheVendorStopsReportingIsRediscoveredAndDeletedFromAlexa() {
        f.vendor.catalogue.add(PollFixture.THERMOSTAT_DEVICE);
        f.vendor.removeDevice(LAMP);
        f.clock.advance(Duration.ofMinutes(5));

        BackgroundSync.SyncReport report = sync.syncUser(USER);

        assertEquals(1, report.devicesMissing());
        assertEquals(1, report.rediscovered());
        List<String> names = f.published.stream().map(PollFixture.Published::name).toList();
        assertEquals(List.of("DeleteReport"), names);
        assertEquals(LAMP_ENDPOINT, f.published.get(0).event().message().at("/event/payload/endpoints/0/endpointId").asText());
        assertTrue(f.endpoints.find(USER, LAMP_ENDPOINT).isEmpty());
        System.out.printf("missing %d, rediscovered %d, published %s%n", report.devicesMissing(), report.rediscovered(), names);
    }

    @Test
    void accountsAreRediscoveredOncePerIntervalToFindNewDevices() {
        f.vendor.catalogue.addAll(List.of(PollFixture.LAMP_DEVICE, PollFixture.THERMOSTAT_DEVICE));
        assertEquals(0, sync.syncUser(USER).rediscovered(), "the first run only starts the clock");
        f.clock.advance(Duration.ofMinutes(10));
        assertEquals(0, sync.syncUser(USER).rediscovered());
        dev.homewire.adapter.spi.Device porch = new dev.homewire.adapter.spi.Device("porch-2", "Porch lamp 2", null, "Poll Co",
                "PL-1", dev.homewire.adapter.spi.DeviceKind.LIGHT, List.of(new dev.homewire.adapter.spi.Trait.Power()));
        f.vendor.catalogue.add(porch);
        f.clock.advance(Duration.ofMinutes(6));

        BackgroundSync.SyncReport report = sync.syncUser(USER);

        assertEquals(1, report.rediscovered());
        assertEquals(List.of("AddOrUpdateReport"), f.published.stream().map(PollFixture.Published::name).toList());
        assertTrue(f.endpoints.find(USER, "pollco#porch-2").isPresent() || f.endpoints.list(USER).stream()
                .anyMatch(r -> r.deviceId().equals("porch-2")));
    }

    @Test
    void aChangedAmbientTemperatureIsOneChangeReportWithCausePeriodicPoll() {
        f.clock.advance(Duration.ofMinutes(5));
        ambientTemperatureBecomes(21.5);

        BackgroundSync.SyncReport report = sync.syncUser(USER);

        assertEquals(new BackgroundSync.SyncReport(USER, 1, 0, 2, 0, 0, 0), report);
        assertEquals(1, f.vendor.batchQueries, "one queryStates call for the user's devices at the vendor");
        assertEquals(List.of(LAMP, THERMOSTAT), f.vendor.queried.stream().sorted().toList());
        PollFixture.Published only = f.published.get(0);
        assertEquals(1, f.published.size(), () -> f.published.toString());
        JsonNode event = only.event().message().path("event");
        assertEquals(USER, only.event().userId());
        assertEquals("Alexa", event.path("header").path("namespace").asText());
        assertEquals("ChangeReport", event.path("header").path("name").asText());
        assertEquals(THERMOSTAT_ENDPOINT, event.path("endpoint").path("endpointId").asText());
        JsonNode change = event.path("payload").path("change");
        assertEquals("PERIODIC_POLL", change.path("cause").path("type").asText());
        assertEquals(1, change.path("properties").size(), change.toString());
        JsonNode temperature = change.path("properties").get(0);
        assertEquals("Alexa.TemperatureSensor", temperature.path("namespace").asText());
        assertEquals("temperature", temperature.path("name").asText());
        assertEquals(21.5, temperature.path("value").path("value").asDouble());
        assertEquals("CELSIUS", temperature.path("value").path("scale").asText());
        assertEquals(21.5, f.states.get(USER, THERMOSTAT_ENDPOINT).orElseThrow().temperature().value());
    }

    @Test
    void anUnchangedStateReportsNothing() {
        f.clock.advance(Duration.ofMinutes(5));

        BackgroundSync.SyncReport report = sync.syncUser(USER);

        assertEquals(2, report.devicesUpdated());
        assertTrue(f.published.isEmpty(), () -> f.published.toString());
        assertTrue(f.states.get(USER, LAMP_ENDPOINT).orElseThrow().observedAt().isAfter(PollFixture.START.plus(Duration.ofMinutes(5))),
                "the fresh state is stored");
    }

    @Test
    void onlyPollOnlyVendorsAreAsked() {
        sync.syncUser(USER);

        assertTrue(f.syncAdapter.queried.isEmpty(), "the SYNC adapter's lamp is not polled in the background");
    }

    @Test
    void aFailingVendorIsSkippedAndTheOthersAreStillSynced() {
        FakePollingVendor other = new FakePollingVendor("other-poller", f.clock);
        other.setDevice("heater-1", f.vendor.device(THERMOSTAT));
        f.accounts.save(USER, new VendorAccount("other-poller", "other-account", Map.of()));
        List<EndpointRecord> records = new ArrayList<>(f.endpoints.list(USER));
        records.add(new EndpointRecord(USER, "other-poller#heater-1", "other-poller", "heater-1", PollFixture.THERMOSTAT_DEVICE));
        f.endpoints.replaceAll(USER, records);
        f.states.put(USER, "other-poller#heater-1", f.vendor.device(THERMOSTAT));
        f.vendor.failAlways(new AdapterException(AdapterException.Reason.VENDOR_UNAVAILABLE, "vendor 503"));
        AdapterRegistry registry = new AdapterRegistry(List.of(f.vendor, other, f.syncAdapter));
        BackgroundSync both = new BackgroundSync(f.accounts, f.endpoints, registry, f.deviceUpdates, f.inventory(registry), f.clock,
                Duration.ofMinutes(15));
        f.clock.advance(Duration.ofMinutes(5));
        other.setDevice("heater-1", other.device("heater-1").toBuilder().temperature(Temperature.celsius(23)).build());

        BackgroundSync.SyncReport report = both.syncUser(USER);

        assertEquals(new BackgroundSync.SyncReport(USER, 1, 1, 1, 0, 0, 0), report);
        assertEquals(1, f.published.size());
        assertEquals("other-poller#heater-1", f.published.get(0).event().message().path("event").path("endpoint")
                .path("endpointId").asText());
    }

    @Test
    void devicesTheVendorNoLongerKnowsAreLeftOut() {
        List<EndpointRecord> records = new ArrayList<>(f.endpoints.list(USER));
        records.add(new EndpointRecord(USER, "poller#gone", FakePollingVendor.ID, "gone", PollFixture.LAMP_DEVICE));
        f.endpoints.replaceAll(USER, records);

        BackgroundSync.SyncReport report = sync.syncUser(USER);

        assertEquals(2, report.devicesUpdated());
        assertEquals(1, report.devicesMissing());
    }

    @Test
    void aUserWithoutPollOnlyDevicesHasNothingToSync() {
        BackgroundSync.SyncReport report = sync.syncUser("someone-else");

        assertTrue(report.nothingToSync());
        assertTrue(f.vendor.queried.isEmpty());
    }

    @Test
    void theSyncBatchHandlerDrivesTheRealSync() {
        f.clock.advance(Duration.ofMinutes(5));
        ambientTemperatureBecomes(18.0);
        SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
        record.setMessageId("m1");
        record.setBody(SyncMessage.toJson(USER));
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(record));

        SQSBatchResponse response = new SyncBatchHandler(sync).handle(event);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(1, f.published.size());
        assertEquals("ChangeReport", f.published.get(0).name());
    }
}
