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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous vendors end to end on the devstack: the Latchkey lock cloud (202 + signed webhook)
 * and the Thermia thermostat cloud (202, poll-only), with ChangeReports for changes made outside
 * Alexa, found by push or by background sync.
 */
class AsyncVendorsIT {
    private static final Duration SYNC_INTERVAL = Duration.ofSeconds(2);
    private static final String ALICE = "linktoken-alice";
    private static final String FRONT_DOOR = "latchkey#lk-alice-front-door";
    private static final String BACK_DOOR = "latchkey#lk-alice-back-door";
    private static final String LIVING_ROOM = "thermia#th-alice-living-room";

    private static Devstack devstack;
    private static DevstackClient client;

    @BeforeAll
    static void start() throws Exception {
        AlexaSchema.assumeAvailable();
        devstack = Devstack.start(DevstackOptions.anyPort().withSyncInterval(SYNC_INTERVAL));
        client = new DevstackClient(devstack.baseUrl());
    }

    @AfterAll
    static void stop() {
        if (devstack != null) {
            devstack.close();
        }
    }

    @BeforeEach
    void discoverAndGrant() {
        JsonNode discovered = client.alexa(sample("Discovery/Discovery.request.json", ALICE, null, null));
        List<String> ids = discovered.at("/event/payload/endpoints").findValuesAsText("endpointId");
        assertTrue(ids.containsAll(List.of(FRONT_DOOR, BACK_DOOR, LIVING_ROOM)), "alice's lock and thermostat: " + ids);
        assertEquals("AcceptGrant.Response", client.alexa(acceptGrant(ALICE)).at("/event/header/name").asText());
    }

    @AfterEach
    void clearFaults() {
        client.delete("/vendors/latchkey/faults");
        client.delete("/vendors/thermia/faults");
    }

    @Test
    void lockAnswersOnceTheSignedWebhookArrives() {
        ensureLock(BACK_DOOR, "lk-alice-back-door", "unlocked");
        String corr = newCorrelationToken();
        JsonNode deferred = client.alexa(sample("LockController/LockController.Lock.request.json", ALICE, BACK_DOOR, corr));
        assertEquals("DeferredResponse", deferred.at("/event/header/name").asText());
        JsonNode body = client.awaitEvents(corr, 1, Duration.ofSeconds(15)).get(0).get("body");
        assertEquals("Response", body.at("/event/header/name").asText(), body.toString());
        assertEquals("LOCKED", property(body, "Alexa.LockController", "lockState").asText());
        assertEquals("OK", property(body, "Alexa.EndpointHealth", "connectivity").get("value").asText());
    }

    @Test
    void aJammedLockIsReportedAsJammedNotLocked() {
        ensureLock(FRONT_DOOR, "lk-alice-front-door", "unlocked");
        assertEquals(200, client.post("/vendors/latchkey/devices/lk-alice-front-door/state", "{\"jamOnNextOperation\": true}"));
        String corr = newCorrelationToken();
        client.alexa(sample("LockController/LockController.Lock.request.json", ALICE, FRONT_DOOR, corr));
        JsonNode body = client.awaitEvents(corr, 1, Duration.ofSeconds(15)).get(0).get("body");
        assertEquals("Response", body.at("/event/header/name").asText(), body.toString());
        assertEquals("JAMMED", property(body, "Alexa.LockController", "lockState").asText());
        client.post("/vendors/latchkey/devices/lk-alice-front-door/state", "{\"state\": \"locked\"}");
    }

    @Test
    void setTargetTemperatureIsConfirmedByPolling() {
        String corr = newCorrelationToken();
        ObjectNode directive = sample("ThermostatController/ThermostatController.SetTargetTemperature.SingleMode.request.json",
                ALICE, LIVING_ROOM, corr);
        double target = 21.5 + (System.nanoTime() % 4);
        ((ObjectNode) directive.at("/directive/payload/targetSetpoint")).put("value", target);
        JsonNode deferred = client.alexa(directive);
        assertEquals("DeferredResponse", deferred.at("/event/header/name").asText(), deferred.toString());
        JsonNode body = client.awaitEvents(corr, 1, Duration.ofSeconds(20)).get(0).get("body");
        assertEquals("Response", body.at("/event/header/name").asText(), body.toString());
        JsonNode setpoint = property(body, "Alexa.ThermostatController", "targetSetpoint");
        assertEquals(target, setpoint.get("value").asDouble(), 0.05);
        assertEquals("CELSIUS", setpoint.get("scale").asText());
        assertTrue(property(body, "Alexa.TemperatureSensor", "temperature").has("value"), "full context");
    }

    @Test
    void aThermostatThatNeverAppliesGetsOneErrorBeforeTheDeadline() {
        assertEquals(200, client.post("/vendors/thermia/faults", "{\"failureRate\": 0.0, \"status\": 503, \"latencyMs\": 0, \"dropCommands\": true}"));
        String corr = newCorrelationToken();
        ObjectNode directive = sample("ThermostatController/ThermostatController.SetTargetTemperature.SingleMode.request.json",
                ALICE, LIVING_ROOM, corr);
        Instant sent = Instant.now();
        JsonNode deferred = client.alexa(directive);
        int promised = deferred.at("/event/payload/estimatedDeferralInSeconds").asInt();
        assertTrue(promised > 0, deferred.toString());
        JsonNode event = client.awaitEvents(corr, 1, Duration.ofSeconds(promised + 10)).get(0);
        JsonNode body = event.get("body");
        assertEquals("ErrorResponse", body.at("/event/header/name").asText(), body.toString());
        assertEquals("ENDPOINT_UNREACHABLE", body.at("/event/payload/type").asText());
        Instant received = Instant.parse(event.get("receivedAt").asText());
        assertTrue(received.isBefore(sent.plusSeconds(promised)),
                "the error reached Alexa at " + received + ", within the promised " + promised + " s from " + sent);
    }

    @Test
    void aManualUnlockIsPushedAsAChangeReportWithinThreeSeconds() {
        ensureLock(BACK_DOOR, "lk-alice-back-door", "locked");
        int before = client.events("ChangeReport", BACK_DOOR).size();
        Instant changed = Instant.now();
        assertEquals(200, client.post("/vendors/latchkey/devices/lk-alice-back-door/state", "{\"state\": \"unlocked\"}"));
        JsonNode report = awaitChangeReport(BACK_DOOR, before, Duration.ofSeconds(5));
        Instant received = Instant.parse(report.get("receivedAt").asText());
        assertTrue(Duration.between(changed, received).compareTo(Duration.ofSeconds(3)) < 0,
                "ChangeReport within 3 s of the change, took " + Duration.between(changed, received));
        JsonNode body = report.get("body");
        assertEquals("PHYSICAL_INTERACTION", body.at("/event/payload/change/cause/type").asText());
        JsonNode changedProperty = body.at("/event/payload/change/properties/0");
        assertEquals("Alexa.LockController", changedProperty.get("namespace").asText());
        assertEquals("UNLOCKED", changedProperty.get("value").asText());
        assertEquals("OK", property(body, "Alexa.EndpointHealth", "connectivity").get("value").asText(), "connectivity in context");
    }

    @Test
    void aWarmerRoomIsFoundByBackgroundSyncAndUnchangedStateYieldsNoReport() {
        // ReportState stores the current state, so the background sync has something to compare with.
        client.alexa(sample("StateReport/ReportState.json", ALICE, LIVING_ROOM, newCorrelationToken()));
        sleep(SYNC_INTERVAL.multipliedBy(2));
        int before = client.events("ChangeReport", LIVING_ROOM).size();
        double ambient = 23.0 + (System.nanoTime() % 5);
        assertEquals(200, client.post("/vendors/thermia/devices/th-alice-living-room/state", "{\"ambient\": " + ambient + "}"));
        JsonNode report = awaitChangeReport(LIVING_ROOM, before, SYNC_INTERVAL.multipliedBy(3));
        JsonNode body = report.get("body");
        assertEquals("PERIODIC_POLL", body.at("/event/payload/change/cause/type").asText());
        JsonNode changed = body.at("/event/payload/change/properties/0");
        assertEquals("Alexa.TemperatureSensor", changed.get("namespace").asText());
        assertEquals(ambient, changed.at("/value/value").asDouble(), 0.05);

        sleep(SYNC_INTERVAL.multipliedBy(3));
        assertEquals(before + 1, client.events("ChangeReport", LIVING_ROOM).size(), "no ChangeReport while nothing changes");
    }

    @Test
    void forgedAndUnsignedWebhooksAreRefusedAndChangeNothing() throws Exception {
        ensureLock(FRONT_DOOR, "lk-alice-front-door", "locked");
        int before = client.events("ChangeReport", FRONT_DOOR).size();
        String body = "{\"event_id\":\"evt-forged\",\"type\":\"lock.state.changed\",\"account_id\":\"latchkey-acct-alice\","
                + "\"lock_id\":\"lk-alice-front-door\",\"state\":\"unlocked\",\"source\":\"manual\",\"occurred_at\":\""
                + Instant.now() + "\"}";
        String now = Long.toString(Instant.now().getEpochSecond());
        assertEquals(401, postWebhook(body, now, "v1=" + "ab".repeat(32)), "forged signature");
        assertEquals(401, postWebhook(body, null, null), "unsigned");
        sleep(Duration.ofSeconds(1));
        assertEquals(before, client.events("ChangeReport", FRONT_DOOR).size(), "no ChangeReport from a refused webhook");
        JsonNode state = client.alexa(sample("StateReport/ReportState.json", ALICE, FRONT_DOOR, newCorrelationToken()));
        assertEquals("LOCKED", property(state, "Alexa.LockController", "lockState").asText(), "stored state unchanged");
    }

    /** Brings a lock to a state through the simulator (as a person would) and waits until we know it. */
    private static void ensureLock(String endpointId, String lockId, String state) {
        client.post("/vendors/latchkey/devices/" + lockId + "/state", "{\"state\": \"" + state + "\"}");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode report = client.alexa(sample("StateReport/ReportState.json", ALICE, endpointId, newCorrelationToken()));
            if (property(report, "Alexa.LockController", "lockState").asText().equalsIgnoreCase(state)) {
                return;
            }
            sleep(Duration.ofMillis(200));
        }
        throw new AssertionError(endpointId + " did not become " + state);
    }

    private static JsonNode awaitChangeReport(String endpointId, int before, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<JsonNode> reports = client.events("ChangeReport", endpointId);
            if (reports.size() > before) {
                return reports.get(before);
            }
            sleep(Duration.ofMillis(100));
        }
        throw new AssertionError("no ChangeReport for " + endpointId + " within " + timeout);
    }

    private static int postWebhook(String body, String timestamp, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(devstack.baseUrl() + "/webhooks/latchkey"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (timestamp != null) {
            request.header("Latchkey-Timestamp", timestamp);
        }
        if (signature != null) {
            request.header("Latchkey-Signature", signature);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }


    private static void sleep(Duration d) {
        DevstackClient.sleep(d.toMillis());
    }
}
