package dev.homewire.devstack;

import static dev.homewire.devstack.DevstackClient.acceptGrant;
import static dev.homewire.devstack.DevstackClient.newCorrelationToken;
import static dev.homewire.devstack.DevstackClient.property;
import static dev.homewire.devstack.DevstackClient.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.alexa.Json;
import dev.homewire.conformance.AlexaSchema;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three newer reference vendors end to end on the devstack: the Aegis security cloud (only
 * signed webhooks: sensor changes, doorbell presses, person detection, arming with an exit delay,
 * PINs, paired and removed devices), the Vistara media cloud (wake-on-LAN before TurnOn) and the
 * Arbor appliance cloud (poll-only: blinds and a garage door through instance controllers, a
 * removed appliance noticed by background sync). Times are printed; proactive events must reach
 * the gateway within Alexa's 3 s.
 */
class SecurityMediaAppliancesIT {
    private static final String ALICE = "linktoken-alice";
    private static final Duration PROACTIVE_BUDGET = Duration.ofSeconds(3);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

    private static Devstack devstack;
    private static DevstackClient client;

    @BeforeAll
    static void start() throws Exception {
        AlexaSchema.assumeAvailable();
        devstack = Devstack.start(DevstackOptions.anyPort().withSyncInterval(Duration.ofSeconds(2))
                .withRediscoveryInterval(Duration.ofMinutes(10)));
        client = new DevstackClient(devstack.baseUrl());
        client.alexa(sample("Discovery/Discovery.request.json", ALICE, null, null));
        client.alexa(acceptGrant(ALICE));
    }

    @AfterAll
    static void stop() {
        if (devstack != null) {
            try {
                DevstackClient.assertEveryGatewayEventValid(client);
            } finally {
                devstack.close();
            }
        }
    }

    /** A directive of alice's with this header and payload, built on an official sample's envelope. */
    private static ObjectNode directive(String namespace, String name, String instance, String endpointId, String payload) {
        ObjectNode directive = sample("PowerController/PowerController.TurnOn.request.json", ALICE, endpointId, newCorrelationToken());
        ObjectNode header = (ObjectNode) directive.at("/directive/header");
        header.put("namespace", namespace).put("name", name);
        if (instance != null) {
            header.put("instance", instance);
        }
        ((ObjectNode) directive.get("directive")).set("payload", Json.read(payload));
        return directive;
    }

    /** Sends a control directive and returns its final event at the gateway (not a WakeUp before it). */
    private static JsonNode answer(ObjectNode directive) {
        String corr = directive.at("/directive/header/correlationToken").asText();
        JsonNode deferred = client.alexa(directive);
        assertEquals("DeferredResponse", deferred.at("/event/header/name").asText(), deferred.toString());
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode event : client.events(corr)) {
                if (!event.at("/body/event/header/name").asText().equals("WakeUp")) {
                    return event.get("body");
                }
            }
            DevstackClient.sleep(50);
        }
        return fail("no answer for " + directive.at("/directive/header/name").asText() + " within " + ANSWER_TIMEOUT);
    }

    /** Where the gateway's event list stands: take it before causing what an {@link #awaitEvent} then waits for. */
    private static int mark() {
        return client.get("/gateway/events").size();
    }

    /**
     * Waits for the first gateway event after the {@link #mark()} {@code seen} that matches, and
     * prints how long after {@code since} it arrived.
     */
    private static JsonNode awaitEvent(String what, Predicate<JsonNode> matches, int seen, long since, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode all = client.get("/gateway/events");
            for (int i = seen; i < all.size(); i++) {
                JsonNode body = all.get(i).get("body");
                if (matches.test(body)) {
                    AlexaSchema.assertValidEvent(body);
                    System.out.printf("%s reached the gateway %d ms after the change%n", what, (System.nanoTime() - since) / 1_000_000);
                    return body;
                }
            }
            DevstackClient.sleep(25);
        }
        return fail(what + " did not reach the gateway within " + timeout);
    }

    private static Predicate<JsonNode> named(String name, String endpointId) {
        return body -> body.at("/event/header/name").asText().equals(name)
                && (endpointId == null || body.at("/event/endpoint/endpointId").asText().equals(endpointId));
    }

    private static long startTiming() {
        return System.nanoTime();
    }

    private static void assertWithin(Duration budget, long since, String what) {
        long ms = (System.nanoTime() - since) / 1_000_000;
        assertTrue(ms <= budget.toMillis(), what + " took " + ms + " ms, Alexa wants it within " + budget.toMillis() + " ms");
    }

    // --- Aegis: everything by signed webhook --------------------------------------------------------

    @Test
    void aDoorbellPressArrivesAsDoorbellPressWithinThreeSeconds() {
        int seen = mark();
        long started = startTiming();
        assertEquals(200, client.post("/vendors/aegis/devices/ag-alice-front-doorbell/state", "{\"press\": true}"));
        JsonNode press = awaitEvent("DoorbellPress", named("DoorbellPress", "aegis#ag-alice-front-doorbell"), seen, started,
                Duration.ofSeconds(10));
        assertWithin(PROACTIVE_BUDGET, started, "the DoorbellPress");
        assertEquals("Alexa.DoorbellEventSource", press.at("/event/header/namespace").asText());
        assertEquals("PHYSICAL_INTERACTION", press.at("/event/payload/cause/type").asText());
    }

    @Test
    void aPersonSeenAndADoorOpenedBecomeChangeReportsWithinThreeSeconds() {
        int seen = mark();
        long started = startTiming();
        client.post("/vendors/aegis/devices/ag-alice-driveway-camera/state", "{\"person\": true}");
        JsonNode person = awaitEvent("person detection ChangeReport", named("ChangeReport", "aegis#ag-alice-driveway-camera"),
                seen, started, Duration.ofSeconds(10));
        assertWithin(PROACTIVE_BUDGET, started, "the person ChangeReport");
        JsonNode changed = null;
        for (JsonNode p : person.at("/event/payload/change/properties")) {
            if (p.path("namespace").asText().equals("Alexa.EventDetectionSensor")) {
                changed = p;
            }
        }
        assertTrue(changed != null, "humanPresenceDetectionState is among the changed properties: " + person);
        assertEquals("DETECTED", changed.at("/value/value").asText());

        seen = mark();
        started = startTiming();
        client.post("/vendors/aegis/devices/ag-alice-front-door/state", "{\"contact\": \"OPEN\"}");
        JsonNode door = awaitEvent("contact ChangeReport", named("ChangeReport", "aegis#ag-alice-front-door"), seen, started,
                Duration.ofSeconds(10));
        assertWithin(PROACTIVE_BUDGET, started, "the contact ChangeReport");
        assertEquals("DETECTED", door.at("/event/payload/change/properties/0/value").asText());
        client.post("/vendors/aegis/devices/ag-alice-front-door/state", "{\"contact\": \"CLOSED\"}");
        client.post("/vendors/aegis/devices/ag-alice-driveway-camera/state", "{\"person\": false}");
    }

    @Test
    void armingAnswersWithTheExitDelayAndDisarmingTakesThePin() {
        String panel = "aegis#ag-alice-alarm-panel";
        client.post("/vendors/aegis/devices/ag-alice-front-door/state", "{\"contact\": \"CLOSED\"}");
        JsonNode armed = answer(directive("Alexa.SecurityPanelController", "Arm", null, panel, "{\"armState\":\"ARMED_AWAY\"}"));
        assertEquals("Arm.Response", armed.at("/event/header/name").asText(), armed.toString());
        assertEquals(30, armed.at("/event/payload/exitDelayInSeconds").asInt());
        assertEquals("ARMED_AWAY", property(armed, "Alexa.SecurityPanelController", "armState").asText());

        JsonNode noPin = client.alexa(directive("Alexa.SecurityPanelController", "Disarm", null, panel, "{}"));
        assertEquals("Alexa.SecurityPanelController", noPin.at("/event/header/namespace").asText(), "refused before queueing");
        assertEquals("AUTHORIZATION_REQUIRED", noPin.at("/event/payload/type").asText());

        JsonNode wrong = answer(directive("Alexa.SecurityPanelController", "Disarm", null, panel,
                "{\"authorization\":{\"type\":\"FOUR_DIGIT_PIN\",\"value\":\"1111\"}}"));
        assertEquals("Alexa.SecurityPanelController", wrong.at("/event/header/namespace").asText());
        assertEquals("UNAUTHORIZED", wrong.at("/event/payload/type").asText());
        assertTrue(!wrong.toString().contains("1111"), "the PIN is never echoed");

        JsonNode disarmed = answer(directive("Alexa.SecurityPanelController", "Disarm", null, panel,
                "{\"authorization\":{\"type\":\"FOUR_DIGIT_PIN\",\"value\":\"2468\"}}"));
        assertEquals("Response", disarmed.at("/event/header/name").asText(), disarmed.toString());
        assertEquals("DISARMED", property(disarmed, "Alexa.SecurityPanelController", "armState").asText());
    }

    @Test
    void pairingAndRemovingADeviceAreReportedToAlexa() {
        int seen = mark();
        long started = startTiming();
        JsonNode added = DevstackClient.read(client.postForBody("/vendors/aegis/devices",
                "{\"user\":\"alice\",\"type\":\"contact\",\"name\":\"Garage Side Door\"}"));
        String endpointId = "aegis#" + added.path("deviceId").asText();
        JsonNode report = awaitEvent("AddOrUpdateReport", body -> named("AddOrUpdateReport", null).test(body)
                && body.at("/event/payload/endpoints").findValuesAsText("endpointId").contains(endpointId), seen, started, Duration.ofSeconds(10));
        assertEquals("Garage Side Door", report.at("/event/payload/endpoints/0/friendlyName").asText());

        seen = mark();
        started = startTiming();
        assertEquals(204, client.delete("/vendors/aegis/devices/" + added.path("deviceId").asText()));
        JsonNode deleted = awaitEvent("DeleteReport", body -> named("DeleteReport", null).test(body)
                && body.at("/event/payload/endpoints").findValuesAsText("endpointId").contains(endpointId), seen, started, Duration.ofSeconds(10));
        AlexaSchema.assertDeleteReportValid(deleted);
        JsonNode state = client.alexa(sample("StateReport/ReportState.json", ALICE, endpointId, newCorrelationToken()));
        assertEquals("NO_SUCH_ENDPOINT", state.at("/event/payload/type").asText(), "the endpoint is gone for Alexa too");
    }

    // --- Vistara: wake-on-LAN --------------------------------------------------------------------

    @Test
    void turningOnTheTvSendsWakeUpBeforeTheResponse() {
        ObjectNode turnOn = sample("PowerController/PowerController.TurnOn.request.json", ALICE, "vistara#vt-alice-living-room-tv",
                newCorrelationToken());
        String corr = turnOn.at("/directive/header/correlationToken").asText();
        answer(turnOn);
        List<JsonNode> events = client.events(corr);
        assertEquals(List.of("WakeUp", "Response"), events.stream().map(e -> e.at("/body/event/header/name").asText()).toList());
        assertEquals("Alexa.WakeOnLANController", events.get(0).at("/body/event/header/namespace").asText());
        assertEquals("ON", property(events.get(1).get("body"), "Alexa.PowerController", "powerState").asText());
    }

    // --- Arbor: instance controllers on a poll-only cloud --------------------------------------------

    @Test
    void openTheBlindsHalfwayAndTheGarageDoor() {
        JsonNode blinds = answer(directive("Alexa.RangeController", "SetRangeValue", "Blind.Lift", "arbor#ar-alice-living-room-blinds",
                "{\"rangeValue\":50}"));
        assertEquals("Response", blinds.at("/event/header/name").asText(), blinds.toString());
        JsonNode lift = null;
        for (JsonNode p : blinds.at("/context/properties")) {
            if (p.path("namespace").asText().equals("Alexa.RangeController") && p.path("instance").asText().equals("Blind.Lift")) {
                lift = p;
            }
        }
        assertEquals(50.0, lift.path("value").asDouble(), "the blinds are half open: " + blinds);

        JsonNode garage = answer(directive("Alexa.ModeController", "SetMode", "GarageDoor.Position", "arbor#ar-alice-garage-door",
                "{\"mode\":\"Position.Up\"}"));
        assertEquals("Response", garage.at("/event/header/name").asText(), garage.toString());
        assertEquals("Position.Up", property(garage, "Alexa.ModeController", "mode").asText());
    }

    @Test
    void anApplianceRemovedAtThePollOnlyCloudIsDeletedByBackgroundSync() {
        int seen = mark();
        long started = startTiming();
        assertEquals(204, client.delete("/vendors/arbor/devices/ar-alice-washer"));
        JsonNode deleted = awaitEvent("DeleteReport (background sync)", body -> named("DeleteReport", null).test(body)
                && body.at("/event/payload/endpoints").findValuesAsText("endpointId").contains("arbor#ar-alice-washer"), seen, started,
                Duration.ofSeconds(15));
        AlexaSchema.assertDeleteReportValid(deleted);
    }
}
