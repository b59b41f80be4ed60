package dev.homewire.devstack;

import static dev.homewire.devstack.DevstackClient.acceptGrant;
import static dev.homewire.devstack.DevstackClient.newCorrelationToken;
import static dev.homewire.devstack.DevstackClient.property;
import static dev.homewire.devstack.DevstackClient.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.conformance.AlexaSchema;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path on real local servers: entrypoint → SQS (ElasticMQ) → sync processor → Lumio
 * cloud simulator → outbound SQS → dispatcher → LWA → simulated gateway, with DynamoDB (dynalite)
 * underneath, driven through the devstack's HTTP contract with the official sample directives.
 */
class WalkingSkeletonIT {
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(15);
    private static final String ALICE = "linktoken-alice";
    private static final String BOB = "linktoken-bob";
    private static final String KITCHEN = "lumio#lm-alice-kitchen";
    private static final String HALLWAY = "lumio#lm-alice-hallway";
    private static final String DESK_PLUG = "lumio#lm-alice-desk-plug";
    private static final String GARAGE = "lumio#lm-alice-garage";
    private static final String BOBS_LAMP = "lumio#lm-bob-living-room";

    private static Devstack devstack;
    private static DevstackClient client;

    @BeforeAll
    static void start() throws Exception {
        AlexaSchema.assumeAvailable();
        devstack = Devstack.start(DevstackOptions.anyPort());
        client = new DevstackClient(devstack.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (devstack != null) {
            devstack.close();
        }
    }

    /** Every test starts from discovered endpoints and an accepted grant, as a linked user would. */
    @BeforeEach
    void discoverAndGrant() {
        JsonNode discovered = client.alexa(sample("Discovery/Discovery.request.json", ALICE, null, null));
        assertEquals("Discover.Response", discovered.at("/event/header/name").asText());
        JsonNode grant = client.alexa(acceptGrant(ALICE));
        assertEquals("AcceptGrant.Response", grant.at("/event/header/name").asText(), grant.toString());
        client.alexa(sample("Discovery/Discovery.request.json", BOB, null, null));
    }


    @Test
    void discoveryAnswersAliceDevicesWithTheirInterfaces() {
        JsonNode answer = client.alexa(sample("Discovery/Discovery.request.json", ALICE, null, null));
        Map<String, Set<String>> interfaces = new java.util.HashMap<>();
        answer.at("/event/payload/endpoints").forEach(e -> {
            if (!e.get("endpointId").asText().startsWith("lumio#")) {
                return; // alice's lock and thermostat are covered by AsyncVendorsIT
            }
            Set<String> names = new HashSet<>();
            e.get("capabilities").forEach(c -> names.add(c.get("interface").asText()));
            interfaces.put(e.get("endpointId").asText(), names);
            assertEquals("Lumio", e.at("/additionalAttributes/manufacturer").asText());
        });
        assertEquals(Set.of(KITCHEN, HALLWAY, DESK_PLUG, GARAGE), interfaces.keySet());
        assertEquals(Set.of("Alexa", "Alexa.PowerController", "Alexa.BrightnessController", "Alexa.ColorController",
                "Alexa.ColorTemperatureController", "Alexa.EndpointHealth"), interfaces.get(KITCHEN));
        assertEquals(Set.of("Alexa", "Alexa.PowerController", "Alexa.EndpointHealth"), interfaces.get(DESK_PLUG));
    }

    @Test
    void turnOnGivesDeferredResponseThenOneResponseWithAnAcceptedLwaToken() {
        String corr = newCorrelationToken();
        JsonNode deferred = client.alexa(sample("PowerController/PowerController.TurnOn.request.json", ALICE, HALLWAY, corr));
        assertEquals("DeferredResponse", deferred.at("/event/header/name").asText());
        assertEquals(corr, deferred.at("/event/header/correlationToken").asText());
        assertTrue(deferred.at("/event/payload/estimatedDeferralInSeconds").asInt() >= 1);

        JsonNode event = client.awaitEvents(corr, 1, EVENT_TIMEOUT).get(0);
        JsonNode body = event.get("body");
        assertEquals("Response", body.at("/event/header/name").asText());
        assertEquals(HALLWAY, body.at("/event/endpoint/endpointId").asText());
        assertEquals("ON", property(body, "Alexa.PowerController", "powerState").asText());
        assertEquals("OK", property(body, "Alexa.EndpointHealth", "connectivity").get("value").asText());
        assertTrue(property(body, "Alexa.BrightnessController", "brightness").isInt(), "full context, not only the change");
        String token = body.at("/event/endpoint/scope/token").asText();
        assertEquals("Bearer " + token, event.get("authorization").asText());
        assertTrue(devstack.lwa().isValidAccessToken(token), "the gateway got a token LWA issued");
        assertTrue(vendorDevice("lm-alice-hallway").get("on").asBoolean(), "the simulated bulb is on");
    }

    @Test
    void officialControlSamplesChangeTheKitchenLight() {
        JsonNode on = control("PowerController/PowerController.TurnOn.request.json", KITCHEN);
        assertEquals("ON", property(on, "Alexa.PowerController", "powerState").asText());

        JsonNode set = control("BrightnessController/BrightnessController.SetBrightness.request.json", KITCHEN);
        assertEquals(75, property(set, "Alexa.BrightnessController", "brightness").asInt());
        JsonNode adjusted = control("BrightnessController/BrightnessController.AdjustBrightness.request.json", KITCHEN);
        assertEquals(50, property(adjusted, "Alexa.BrightnessController", "brightness").asInt(), "75 - 25");

        JsonNode colored = control("ColorController/ColorController.SetColor.request.json", KITCHEN);
        JsonNode color = property(colored, "Alexa.ColorController", "color");
        assertEquals(350.5, color.get("hue").asDouble(), 0.01);
        assertEquals(0.7138, color.get("saturation").asDouble(), 0.001);

        JsonNode white = control("ColorTemperatureController/ColorTemperatureController.SetColorTemperature.request.json", KITCHEN);
        assertEquals(5000, property(white, "Alexa.ColorTemperatureController", "colorTemperatureInKelvin").asInt());
        JsonNode cooler = control("ColorTemperatureController/ColorTemperatureController.IncreaseColorTemperature.request.json", KITCHEN);
        assertEquals(5500, property(cooler, "Alexa.ColorTemperatureController", "colorTemperatureInKelvin").asInt());
        JsonNode warmer = control("ColorTemperatureController/ColorTemperatureController.DecreaseColorTemperature.request.json", KITCHEN);
        assertEquals(5000, property(warmer, "Alexa.ColorTemperatureController", "colorTemperatureInKelvin").asInt());

        JsonNode off = control("PowerController/PowerController.TurnOff.request.json", KITCHEN);
        assertEquals("OFF", property(off, "Alexa.PowerController", "powerState").asText());
        JsonNode device = vendorDevice("lm-alice-kitchen");
        assertEquals(false, device.get("on").asBoolean());
        assertEquals(50, device.get("brightness").asInt());
        assertEquals(5000, device.get("kelvin").asInt());
    }

    @Test
    void reportStateAnswersFromTheStoreOrTheVendor() {
        String corr = newCorrelationToken();
        JsonNode report = client.alexa(sample("StateReport/ReportState.json", ALICE, DESK_PLUG, corr));
        assertEquals("StateReport", report.at("/event/header/name").asText());
        assertEquals(corr, report.at("/event/header/correlationToken").asText());
        assertEquals(DESK_PLUG, report.at("/event/endpoint/endpointId").asText());
        boolean plugOn = vendorDevice("lm-alice-desk-plug").get("on").asBoolean();
        assertEquals(plugOn ? "ON" : "OFF", property(report, "Alexa.PowerController", "powerState").asText());
        assertEquals("OK", property(report, "Alexa.EndpointHealth", "connectivity").get("value").asText());

        JsonNode offline = client.alexa(sample("StateReport/ReportState.json", ALICE, GARAGE, newCorrelationToken()));
        assertEquals("StateReport", offline.at("/event/header/name").asText());
        assertEquals("UNREACHABLE", property(offline, "Alexa.EndpointHealth", "connectivity").get("value").asText());
    }

    @Test
    void badDirectivesGetSchemaValidErrorsAndNothingIsQueued() {
        long before = devstack.deliveredRecords().get("directives");
        String foreign = newCorrelationToken();
        String badToken = newCorrelationToken();
        String expired = newCorrelationToken();

        assertError(client.alexa("{not json"), "INVALID_DIRECTIVE");
        assertError(client.alexa("{\"directive\":{\"header\":{\"namespace\":\"Alexa.Foo\",\"name\":\"Bar\",\"payloadVersion\":\"3\","
                + "\"messageId\":\"m-1\"},\"payload\":{}}}"), "INVALID_DIRECTIVE");
        ObjectNode oldVersion = sample("PowerController/PowerController.TurnOn.request.json", ALICE, KITCHEN, newCorrelationToken());
        ((ObjectNode) oldVersion.at("/directive/header")).put("payloadVersion", "2");
        assertError(client.alexa(oldVersion), "INVALID_DIRECTIVE");
        ObjectNode noMessageId = sample("PowerController/PowerController.TurnOn.request.json", ALICE, KITCHEN, newCorrelationToken());
        ((ObjectNode) noMessageId.at("/directive/header")).remove("messageId");
        assertError(client.alexa(noMessageId), "INVALID_DIRECTIVE");
        assertError(client.alexa(sample("PowerController/PowerController.TurnOn.request.json", ALICE, BOBS_LAMP, foreign)),
                "NO_SUCH_ENDPOINT");
        assertError(client.alexa(sample("PowerController/PowerController.TurnOn.request.json", "not-a-token", KITCHEN, badToken)),
                "INVALID_AUTHORIZATION_CREDENTIAL");
        assertError(client.alexa(sample("PowerController/PowerController.TurnOn.request.json", "linktoken-expired", KITCHEN, expired)),
                "EXPIRED_AUTHORIZATION_CREDENTIAL");

        DevstackClient.sleep(2000);
        assertEquals(before, devstack.deliveredRecords().get("directives"), "nothing was enqueued for bad directives");
        for (String corr : List.of(foreign, badToken, expired)) {
            assertEquals(0, client.events(corr).size(), "no gateway event for " + corr);
        }
    }

    @Test
    void aFailingVendorCloudEndsAsAnErrorResponseAtTheGateway() {
        JsonNode first = control("PowerController/PowerController.TurnOn.request.json", DESK_PLUG);
        assertEquals("ON", property(first, "Alexa.PowerController", "powerState").asText());

        assertEquals(200, client.post("/vendors/lumio/faults", "{\"failureRate\": 1.0, \"status\": 503, \"latencyMs\": 0}"));
        try {
            String corr = newCorrelationToken();
            JsonNode deferred = client.alexa(sample("PowerController/PowerController.TurnOn.request.json", ALICE, DESK_PLUG, corr));
            assertEquals("DeferredResponse", deferred.at("/event/header/name").asText());
            JsonNode body = client.awaitEvents(corr, 1, EVENT_TIMEOUT).get(0).get("body");
            assertEquals("ErrorResponse", body.at("/event/header/name").asText());
            assertEquals("ENDPOINT_UNREACHABLE", body.at("/event/payload/type").asText());
            assertEquals(DESK_PLUG, body.at("/event/endpoint/endpointId").asText());
        } finally {
            assertEquals(204, client.delete("/vendors/lumio/faults"));
        }
    }

    @Test
    void anOfflineDeviceEndsAsEndpointUnreachable() {
        String corr = newCorrelationToken();
        client.alexa(sample("PowerController/PowerController.TurnOn.request.json", ALICE, GARAGE, corr));
        JsonNode body = client.awaitEvents(corr, 1, EVENT_TIMEOUT).get(0).get("body");
        assertEquals("ErrorResponse", body.at("/event/header/name").asText());
        assertEquals("ENDPOINT_UNREACHABLE", body.at("/event/payload/type").asText());
    }

    @Test
    void anAuthorizationCodeWorksOnlyOnce() {
        ObjectNode directive = acceptGrant(ALICE);
        assertEquals("AcceptGrant.Response", client.alexa(directive).at("/event/header/name").asText());
        JsonNode again = client.alexa(directive);
        assertEquals("Alexa.Authorization", again.at("/event/header/namespace").asText());
        assertEquals("ErrorResponse", again.at("/event/header/name").asText());
        assertEquals("ACCEPT_GRANT_FAILED", again.at("/event/payload/type").asText());
    }

    /** Sends an official control sample and returns the one gateway event answering it. */
    private static JsonNode control(String samplePath, String endpointId) {
        String corr = newCorrelationToken();
        JsonNode deferred = client.alexa(sample(samplePath, ALICE, endpointId, corr));
        assertEquals("DeferredResponse", deferred.at("/event/header/name").asText(), deferred.toString());
        JsonNode body = client.awaitEvents(corr, 1, EVENT_TIMEOUT).get(0).get("body");
        assertEquals("Response", body.at("/event/header/name").asText(), body.toString());
        assertEquals(endpointId, body.at("/event/endpoint/endpointId").asText());
        return body;
    }

    private static void assertError(JsonNode answer, String type) {
        assertEquals("ErrorResponse", answer.at("/event/header/name").asText(), answer.toString());
        assertEquals(type, answer.at("/event/payload/type").asText(), answer.toString());
        assertTrue(!answer.toString().contains("Exception") && !answer.toString().contains("\tat "), "no stack trace: " + answer);
    }


    private static JsonNode vendorDevice(String deviceId) {
        for (JsonNode d : client.get("/vendors/lumio/devices")) {
            if (d.get("deviceId").asText().equals(deviceId)) {
                return d;
            }
        }
        throw new AssertionError("no simulated device " + deviceId);
    }
}
