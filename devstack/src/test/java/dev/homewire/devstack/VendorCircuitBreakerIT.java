package dev.homewire.devstack;

import static dev.homewire.devstack.DevstackClient.acceptGrant;
import static dev.homewire.devstack.DevstackClient.newCorrelationToken;
import static dev.homewire.devstack.DevstackClient.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.simulator.http.SimulatedCloud;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-vendor circuit breaker on the devstack (ElasticMQ, dynalite, the real Lumio simulator
 * down for good, the real processors, dispatcher and gateway): directives one after another open
 * the breaker after the configured failures; later ones are answered ENDPOINT_UNREACHABLE fast,
 * far under the deadline promised in the DeferredResponse, without one call reaching the cloud;
 * discovery meanwhile keeps Lumio's endpoints without calling; once the cloud is back and the open
 * interval over, one probe closes it and directives succeed again. Prints the counts and latencies.
 */
class VendorCircuitBreakerIT {
    private static final String ALICE = "linktoken-alice";
    private static final List<String> LIGHTS = List.of("lumio#lm-alice-kitchen", "lumio#lm-alice-hallway", "lumio#lm-alice-desk-plug");
    private static final Duration OPEN = Duration.ofSeconds(12);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Devstack devstack;
    private static DevstackClient client;

    @BeforeAll
    static void start() throws Exception {
        AlexaSchema.assumeAvailable();
        devstack = Devstack.start(DevstackOptions.anyPort().withBreakerOpenInterval(OPEN));
        client = new DevstackClient(devstack.baseUrl());
        client.alexa(sample("Discovery/Discovery.request.json", ALICE, null, null));
        client.alexa(acceptGrant(ALICE));
    }

    @AfterAll
    static void stop() {
        if (devstack != null) {
            client.delete("/vendors/lumio/faults");
            DevstackClient.assertEveryGatewayEventValid(client);
            devstack.close();
        }
    }

    private static SimulatedCloud lumio() {
        return (SimulatedCloud) devstack.simulators().get("lumio");
    }

    private static JsonNode breaker(String adapterId) {
        for (JsonNode b : client.get("/breakers")) {
            if (b.path("adapterId").asText().equals(adapterId)) {
                return b;
            }
        }
        throw new AssertionError("GET /breakers lists no " + adapterId + ": " + client.get("/breakers"));
    }

    /** One directive, sent and answered: its final event, the promised deadline and the latency to the gateway. */
    private record Answer(String name, String type, String message, long deferralSeconds, long latencyMs, int vendorCalls) {
    }

    private static Answer turnOn(int i) {
        String corr = newCorrelationToken();
        String endpoint = LIGHTS.get(i % LIGHTS.size());
        String directive = i % 2 == 0 ? "PowerController/PowerController.TurnOn.request.json"
                : "PowerController/PowerController.TurnOff.request.json";
        int callsBefore = lumio().totalCalls();
        Instant sent = Instant.now();
        JsonNode deferred = client.alexa(sample(directive, ALICE, endpoint, corr));
        assertEquals("DeferredResponse", deferred.at("/event/header/name").asText(), deferred.toString());
        long deferral = deferred.at("/event/payload/estimatedDeferralInSeconds").asLong(-1);
        assertTrue(deferral > 0, "a DeferredResponse promises a deadline: " + deferred);
        JsonNode event = client.awaitEvents(corr, 1, WAIT).get(0);
        long latency = Duration.between(sent, Instant.parse(event.path("receivedAt").asText())).toMillis();
        JsonNode body = event.path("body");
        return new Answer(body.at("/event/header/name").asText(), body.at("/event/payload/type").asText(""),
                body.at("/event/payload/message").asText(""), deferral, latency, lumio().totalCalls() - callsBefore);
    }

    @Test
    void aVendorDownForGoodOpensTheBreakerThenIsNotCalledUntilAProbeClosesIt() {
        assertEquals("UP", breaker("lumio").path("status").asText(), "closed at the start: " + breaker("lumio"));
        int start = lumio().totalCalls();
        assertEquals(200, client.post("/vendors/lumio/faults", "{\"failureRate\": 1.0, \"status\": 503}"));

        // 1. the cloud fails every call: directives one after another until the breaker opens
        List<Answer> beforeOpen = new ArrayList<>();
        while (!breaker("lumio").path("status").asText().equals("DOWN")) {
            if (beforeOpen.size() >= 10) {
                fail("the breaker did not open after " + beforeOpen.size() + " failing directives: " + breaker("lumio"));
            }
            Answer a = turnOn(beforeOpen.size());
            assertEquals("ErrorResponse", a.name());
            assertEquals("ENDPOINT_UNREACHABLE", a.type());
            beforeOpen.add(a);
        }
        int callsToOpen = lumio().totalCalls() - start;
        JsonNode opened = breaker("lumio");
        Instant openUntil = Instant.parse(opened.path("openUntil").asText());
        System.out.printf("opening: %d failing directives, %d calls reached the cloud (503 each, retries included), latencies %s ms;"
                        + " then GET /breakers %s%n", beforeOpen.size(), callsToOpen,
                beforeOpen.stream().map(Answer::latencyMs).toList(), opened);

        // 2. open: directives answered fast, the cloud not called; discovery keeps Lumio's endpoints without calling
        int callsAtOpen = lumio().totalCalls();
        List<Answer> whileOpen = new ArrayList<>();
        for (int i = 0; i < 5 && Instant.now().isBefore(openUntil.minusSeconds(3)); i++) {
            Answer a = turnOn(i);
            assertEquals("ErrorResponse", a.name(), a.toString());
            assertEquals("ENDPOINT_UNREACHABLE", a.type(), a.toString());
            assertEquals("the lumio cloud is unavailable", a.message(), a.toString());
            assertTrue(a.latencyMs() < a.deferralSeconds() * 1000 / 2, "well under the promised " + a.deferralSeconds() + " s: " + a);
            whileOpen.add(a);
        }
        JsonNode discovered = client.alexa(sample("Discovery/Discovery.request.json", ALICE, null, null));
        Set<String> lumioEndpoints = new TreeSet<>();
        discovered.at("/event/payload/endpoints").forEach(e -> {
            if (e.path("endpointId").asText().startsWith("lumio#")) {
                lumioEndpoints.add(e.path("endpointId").asText());
            }
        });
        int callsWhileOpen = lumio().totalCalls() - callsAtOpen;
        long maxLatency = whileOpen.stream().mapToLong(Answer::latencyMs).max().orElse(-1);
        System.out.printf("open: %d directives answered ENDPOINT_UNREACHABLE \"the lumio cloud is unavailable\" in %s ms "
                        + "(max %d ms; promised deadline %d s), a Discover kept %d Lumio endpoints; cloud calls while open: %d%n",
                whileOpen.size(), whileOpen.stream().map(Answer::latencyMs).toList(), maxLatency,
                whileOpen.isEmpty() ? 0 : whileOpen.get(0).deferralSeconds(), lumioEndpoints.size(), callsWhileOpen);
        assertTrue(whileOpen.size() >= 3, "at least 3 directives while open, got " + whileOpen.size());
        assertEquals(0, callsWhileOpen, "the cloud is not called while the breaker is open");
        assertTrue(lumioEndpoints.containsAll(LIGHTS), "discovery keeps the stored Lumio endpoints: " + lumioEndpoints);
        assertTrue(whileOpen.stream().allMatch(a -> a.vendorCalls() == 0));

        // 3. the cloud is back; after the open interval one probe closes the breaker
        assertEquals(204, client.delete("/vendors/lumio/faults"));
        long waitMs = Math.max(0, Duration.between(Instant.now(), openUntil).toMillis()) + 500;
        DevstackClient.sleep(waitMs);
        int callsBeforeProbe = lumio().totalCalls();
        List<Answer> afterClose = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Answer a = turnOn(i);
            assertEquals("Response", a.name(), a.toString());
            afterClose.add(a);
        }
        JsonNode closed = breaker("lumio");
        System.out.printf("closing: cloud back, waited %d ms (to 0.5 s past openUntil); probe + 3 directives: %s "
                        + "(latencies %s ms), %d cloud calls; GET /breakers %s%n", waitMs,
                afterClose.stream().map(Answer::name).toList(), afterClose.stream().map(Answer::latencyMs).toList(),
                lumio().totalCalls() - callsBeforeProbe, closed);
        assertEquals("UP", closed.path("status").asText(), closed.toString());
        assertEquals(1, closed.path("probes").asLong(), "one probe closed it");
        assertEquals(1, closed.path("timesOpened").asLong(), closed.toString());
        System.out.printf("totals: %d directives (%d before opening, %d while open, %d after), cloud calls %d / 0 / %d%n",
                beforeOpen.size() + whileOpen.size() + afterClose.size(), beforeOpen.size(), whileOpen.size(), afterClose.size(),
                callsToOpen, lumio().totalCalls() - callsBeforeProbe);
    }
}
