package dev.homewire.entrypoint;

import dev.homewire.core.capability.EndpointIds;
import static dev.homewire.entrypoint.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.Device;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.core.store.EndpointRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscoveryTest {
    private static final String SAMPLE = "Discovery/Discovery.request.json";
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static List<String> endpointIds(JsonNode answer) {
        return StreamSupport.stream(answer.path("event").path("payload").path("endpoints").spliterator(), false)
                .map(e -> e.path("endpointId").asText()).collect(Collectors.toList());
    }

    private JsonNode discover(String token) {
        return f.send(AlexaSamples.directive(SAMPLE, token, null));
    }

    @Test
    void answersEveryLinkedAdaptersDevicesAndStoresTheRegistry() {
        f.acme.devices = List.of(Fixture.lamp("lamp-1", "Desk lamp"), Fixture.lamp("lamp/2", "Hall lamp"));
        f.globex.devices = List.of(Fixture.plug("plug-7", "Kettle"));

        JsonNode answer = discover(TestUsers.ALICE_TOKEN);

        JsonNode header = answer.path("event").path("header");
        assertEquals("Alexa.Discovery", header.path("namespace").asText());
        assertEquals("Discover.Response", header.path("name").asText());
        assertFalse(header.has("correlationToken"));
        assertFalse(answer.path("event").has("endpoint"));
        assertEquals(List.of("acme#lamp-1", EndpointIds.of("acme", "lamp/2"), "globex#plug-7"), endpointIds(answer));

        JsonNode lamp = answer.path("event").path("payload").path("endpoints").get(0);
        assertEquals("Desk lamp", lamp.path("friendlyName").asText());
        assertEquals("Acme", lamp.path("manufacturerName").asText());
        assertEquals("LIGHT", lamp.path("displayCategories").get(0).asText());
        assertEquals("L-100", lamp.path("additionalAttributes").path("model").asText());
        List<String> interfaces = StreamSupport.stream(lamp.path("capabilities").spliterator(), false)
                .map(c -> c.path("interface").asText()).collect(Collectors.toList());
        assertEquals(List.of("Alexa", "Alexa.PowerController", "Alexa.BrightnessController", "Alexa.ColorController",
                "Alexa.ColorTemperatureController", "Alexa.EndpointHealth"), interfaces);
        JsonNode plug = answer.path("event").path("payload").path("endpoints").get(2);
        assertEquals("SMARTPLUG", plug.path("displayCategories").get(0).asText());
        assertEquals(3, plug.path("capabilities").size(), "Alexa, PowerController, EndpointHealth");

        List<EndpointRecord> stored = f.endpoints.list("alice");
        assertEquals(List.of("acme#lamp-1", EndpointIds.of("acme", "lamp/2"), "globex#plug-7"),
                stored.stream().map(EndpointRecord::endpointId).collect(Collectors.toList()));
        assertEquals("lamp/2", stored.get(1).deviceId());
        assertEquals("acme", stored.get(1).adapterId());
        assertEquals("globex", stored.get(2).adapterId());
        assertTrue(f.endpoints.list("bob").isEmpty(), "only the caller's registry is written");
        assertTrue(f.directives.enqueued().isEmpty());
    }

    @Test
    void rediscoveryDropsEndpointsTheVendorNoLongerHas() {
        f.register("alice", "acme", Fixture.lamp("gone", "Old lamp"));
        f.acme.devices = List.of(Fixture.lamp("lamp-1", "Desk lamp"));

        assertEquals(List.of("acme#lamp-1"), endpointIds(discover(TestUsers.ALICE_TOKEN)));
        assertEquals(List.of("acme#lamp-1"),
                f.endpoints.list("alice").stream().map(EndpointRecord::endpointId).collect(Collectors.toList()));
    }

    @Test
    void aFailingAdapterKeepsItsPreviousEndpointsWhileTheOthersAnswer() {
        f.register("alice", "acme", Fixture.lamp("lamp-old", "Old lamp"));
        f.register("alice", "globex", Fixture.plug("plug-old", "Old plug"));
        f.acme.discoverFailure = new AdapterException(AdapterException.Reason.VENDOR_UNAVAILABLE, "acme cloud 503");
        f.globex.devices = List.of(Fixture.plug("plug-7", "Kettle"));

        JsonNode answer = discover(TestUsers.ALICE_TOKEN);

        assertEquals(List.of("acme#lamp-old", "globex#plug-7"), endpointIds(answer));
        assertEquals(List.of("acme#lamp-old", "globex#plug-7"),
                f.endpoints.list("alice").stream().map(EndpointRecord::endpointId).collect(Collectors.toList()));
    }

    @Test
    void anAdapterThatThrowsSomethingUnexpectedIsSkippedToo() {
        f.acme.discoverFailure = new IllegalStateException("bug in adapter");
        f.globex.devices = List.of(Fixture.plug("plug-7", "Kettle"));

        assertEquals(List.of("globex#plug-7"), endpointIds(discover(TestUsers.ALICE_TOKEN)));
    }

    @Test
    void aHangingAdapterDoesNotMakeDiscoveryExceedItsBudget() {
        f.register("alice", "acme", Fixture.lamp("lamp-old", "Old lamp"));
        f.acme.hangOnDiscover = true;
        f.globex.devices = List.of(Fixture.plug("plug-7", "Kettle"));

        long start = System.nanoTime();
        JsonNode answer = f.send(AlexaSamples.directive(SAMPLE, TestUsers.ALICE_TOKEN, null), Duration.ofMillis(2500));
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertTrue(ms >= 1400 && ms < 2500, "Discover must answer within the budget (2.5 s - 1 s margin), took " + ms + " ms");
        assertEquals(List.of("acme#lamp-old", "globex#plug-7"), endpointIds(answer));
        assertEquals(1, f.acme.discoverCalls.get());
    }

    @Test
    void theFullEightSecondsAreCappedAtAlexasTimeout() {
        assertEquals(Duration.ofSeconds(7), SkillEntrypoint.budget(Duration.ofSeconds(900)));
        assertEquals(Duration.ofSeconds(7), SkillEntrypoint.budget(null));
        assertEquals(Duration.ofMillis(1500), SkillEntrypoint.budget(Duration.ofMillis(2500)));
        assertEquals(Duration.ZERO, SkillEntrypoint.budget(Duration.ofMillis(300)));
    }

    @Test
    void atMostThreeHundredEndpointsAreAnswered() {
        List<Device> many = new ArrayList<>();
        for (int i = 0; i < 320; i++) {
            many.add(Fixture.lamp("lamp-" + i, "Lamp " + i));
        }
        f.acme.devices = many;

        JsonNode answer = discover(TestUsers.ALICE_TOKEN);

        List<String> ids = endpointIds(answer);
        assertEquals(300, ids.size());
        assertEquals("acme#lamp-0", ids.get(0));
        assertEquals("acme#lamp-299", ids.get(299));
        assertEquals(300, f.endpoints.list("alice").size());
    }

    @Test
    void aDeviceAlexaCannotBeToldAboutIsNeitherAnsweredNorStored() {
        List<dev.homewire.adapter.spi.Trait> toggles = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            toggles.add(new dev.homewire.adapter.spi.Trait.Toggle("Switch." + i, dev.homewire.adapter.spi.FriendlyNames.text("Switch " + i)));
        }
        Device panel = new Device("panel-1", "Switch panel", null, "Acme", "SP-101", dev.homewire.adapter.spi.DeviceKind.OTHER, toggles);
        f.acme.devices = List.of(Fixture.lamp("lamp-1", "Desk lamp"), panel);

        List<String> answered = endpointIds(discover(TestUsers.ALICE_TOKEN));
        List<String> stored = f.endpoints.list("alice").stream().map(EndpointRecord::endpointId).toList();
        System.out.printf("discovery with a 101-capability device: answered %s, stored %s%n", answered, stored);
        assertEquals(List.of("acme#lamp-1"), answered);
        assertEquals(List.of("acme#lamp-1"), stored, "an endpoint Alexa never heard of is not stored either");
    }

    @Test
    void overlongNamesAreCutToWhatAlexaAccepts() {
        f.acme.devices = List.of(Fixture.lamp("lamp-1", "L".repeat(200)));

        JsonNode lamp = discover(TestUsers.ALICE_TOKEN).path("event").path("payload").path("endpoints").get(0);

        assertEquals(128, lamp.path("friendlyName").asText().length());
    }

    @Test
    void aRegistryThatCannotBeStoredIsAnInternalErrorRatherThanEndpointsAlexaCouldNotUse() {
        f.acme.devices = List.of(Fixture.lamp("lamp-1", "Desk lamp"));
        f.endpoints.failWrites = true;

        JsonNode event = assertError(discover(TestUsers.ALICE_TOKEN), "INTERNAL_ERROR");

        assertFalse(event.has("endpoint"));
        assertFalse(event.path("header").has("correlationToken"));
    }

    @Test
    void aUserWithoutLinkedAccountsGetsNoEndpoints() {
        f.users.users.put("Atza|carol-token", "carol");
        f.register("carol", "acme", Fixture.lamp("stale", "Stale lamp"));

        assertEquals(List.of(), endpointIds(discover("Atza|carol-token")));
        assertTrue(f.endpoints.list("carol").isEmpty());
    }

    @Test
    void anUnknownLinkingTokenIsAnInvalidCredential() {
        JsonNode event = assertError(discover(TestUsers.UNKNOWN), "INVALID_AUTHORIZATION_CREDENTIAL");
        assertFalse(event.has("endpoint"));
        assertEquals(0, f.acme.discoverCalls.get());
    }

    @Test
    void anExpiredLinkingTokenIsAnExpiredCredential() {
        assertError(discover(TestUsers.EXPIRED), "EXPIRED_AUTHORIZATION_CREDENTIAL");
        assertEquals(0, f.acme.discoverCalls.get());
    }
}
