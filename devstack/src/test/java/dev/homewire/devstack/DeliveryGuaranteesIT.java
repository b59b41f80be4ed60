package dev.homewire.devstack;

import static dev.homewire.devstack.DevstackClient.acceptGrant;
import static dev.homewire.devstack.DevstackClient.newCorrelationToken;
import static dev.homewire.devstack.DevstackClient.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.schedule.InProcessSyncScheduler;
import dev.homewire.devstack.sim.GatewayFaults;
import dev.homewire.devstack.sim.SimulatedEventGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's delivery guarantees on the devstack (ElasticMQ, dynalite, the simulated
 * gateway and LWA with injected faults, the real dispatcher and batch handler): retried bursts
 * arrive once each, a 400 is dead-lettered at once with its reason, a revoked or disabled grant
 * stops everything for the user, and a dead-letter replay after an outage delivers each held event
 * exactly once. Each test prints the counts it proves.
 */
class DeliveryGuaranteesIT {
    private static final String ALICE = "linktoken-alice";
    private static final String ALICE_ID = "alice";
    private static final String OUTBOUND_DLQ = "homewire-outbound-dlq";
    private static final List<String> LIGHTS = List.of("lumio#lm-alice-kitchen", "lumio#lm-alice-hallway", "lumio#lm-alice-desk-plug",
            "lumio#lm-alice-garage");
    private static final Duration WAIT = Duration.ofSeconds(40);

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

    @BeforeEach
    void discoverAndGrant() {
        client.delete("/gateway/faults");
        client.delete("/lwa/faults");
        client.alexa(sample("Discovery/Discovery.request.json", ALICE, null, null));
        JsonNode grant = client.alexa(acceptGrant(ALICE));
        assertEquals("AcceptGrant.Response", grant.at("/event/header/name").asText(), grant.toString());
    }

    @AfterEach
    void clearFaults() {
        devstack.gateway().clearFaults();
        devstack.lwa().clearFaults();
    }

    @Test
    void bursts503And429AreDeliveredAfterRetriesEachExactlyOnce() {
        SimulatedEventGateway.Stats before = devstack.gateway().stats();
        assertEquals(200, client.postStatus("/gateway/faults", "{\"failureRate\":1.0,\"status\":503,\"code\":\"SERVICE_UNAVAILABLE_EXCEPTION\"}"));
        List<String> corrs = turnOnAll();
        await("every event refused once with 503", () -> refused(503) - before.refusedByStatus().getOrDefault(503, 0L) >= corrs.size());
        devstack.gateway().setFaults(new GatewayFaults(1.0, 429, "THROTTLING_EXCEPTION", 0, 1));
        await("every event refused once more with 429", () -> refused(429) - before.refusedByStatus().getOrDefault(429, 0L) >= corrs.size());
        client.delete("/gateway/faults");

        for (String corr : corrs) {
            client.awaitEvents(corr, 1, WAIT);
        }
        SimulatedEventGateway.Stats after = devstack.gateway().stats();
        JsonNode stats = client.get("/gateway/stats");
        System.out.printf("503+429 burst: %d events, refused %s, delivered %d (each exactly once), duplicate messageIds %d; "
                        + "GET /gateway/stats %s%n", corrs.size(), delta(before, after), after.accepted() - before.accepted(),
                after.duplicateMessageIds() - before.duplicateMessageIds(), stats);
        assertEquals(0, after.duplicateMessageIds() - before.duplicateMessageIds());
        assertEquals(0, stats.path("duplicateMessageIds").asLong());
        assertTrue(deadLettersFor(corrs).isEmpty(), "nothing dead-lettered");
    }

    @Test
    void a400IsDeadLetteredAtOnceWithItsReason() {
        SimulatedEventGateway.Stats before = devstack.gateway().stats();
        client.postStatus("/gateway/faults", "{\"failureRate\":1.0,\"status\":400,\"code\":\"INVALID_REQUEST_EXCEPTION\"}");
        String corr = newCorrelationToken();
        long started = System.nanoTime();
        client.alexa(sample("PowerController/PowerController.TurnOn.request.json", ALICE, LIGHTS.get(0), corr));

        await("the event in " + OUTBOUND_DLQ, () -> !deadLettersFor(List.of(corr)).isEmpty());
        long ms = (System.nanoTime() - started) / 1_000_000;
        JsonNode dead = deadLettersFor(List.of(corr)).get(0);
        long refused400 = refused(400) - before.refusedByStatus().getOrDefault(400, 0L);
        System.out.printf("400: dead-lettered after %d ms and %d gateway attempt(s), reason \"%s\", attributes %s%n", ms, refused400,
                dead.path("reason").asText(), dead.path("attributes"));
        assertEquals(1, refused400, "not retried");
        assertTrue(dead.path("reason").asText().contains("400 INVALID_REQUEST_EXCEPTION"), dead.toString());
        assertEquals("1", dead.at("/attributes/attempts").asText());
        assertTrue(client.events(corr).isEmpty());
        assertFalse(dead.toString().contains("Atza|"), "no token in the listing");
    }

    @Test
    void a401WithARevokedGrantDropsTheGrant() {
        assertTrue(devstack.runtime().grants().find(ALICE_ID).isPresent());
        SimulatedEventGateway.Stats before = devstack.gateway().stats();
        long refreshesBefore = devstack.lwa().refreshCalls();
        client.postStatus("/gateway/faults", "{\"failureRate\":1.0,\"status\":401,\"code\":\"INVALID_ACCESS_TOKEN_EXCEPTION\"}");
        client.postStatus("/lwa/faults", "{\"failureRate\":1.0,\"status\":400,\"error\":\"invalid_grant\"}");
        String corr = newCorrelationToken();
        client.alexa(sample("PowerController/PowerController.TurnOn.request.json", ALICE, LIGHTS.get(1), corr));

        await("alice's grant dropped", () -> devstack.runtime().grants().find(ALICE_ID).isEmpty());
        await("alice's sync schedule dropped", () -> !scheduler().scheduledUsers().contains(ALICE_ID));
        System.out.printf("401 + LWA invalid_grant: gateway refused %d x 401, LWA refresh calls %d, grant present %s, schedule present %s%n",
                refused(401) - before.refusedByStatus().getOrDefault(401, 0L), devstack.lwa().refreshCalls() - refreshesBefore,
                devstack.runtime().grants().find(ALICE_ID).isPresent(), scheduler().scheduledUsers().contains(ALICE_ID));
        assertTrue(client.events(corr).isEmpty());
        assertTrue(deadLettersFor(List.of(corr)).isEmpty(), "dropped, not dead-lettered");
    }

    @Test
    void skillDisabledDropsTheGrantAndTheScheduleAndLaterEvents() {
        assertTrue(scheduler().scheduledUsers().contains(ALICE_ID), "discovery scheduled alice's background sync");
        SimulatedEventGateway.Stats before = devstack.gateway().stats();
        client.postStatus("/gateway/faults", "{\"failureRate\":1.0,\"status\":403,\"code\":\"SKILL_DISABLED_EXCEPTION\"}");
        String corr = newCorrelationToken();
        client.alexa(sample("PowerController/PowerController.TurnOn.request.json", ALICE, LIGHTS.get(2), corr));

        await("alice's grant and schedule dropped", () -> devstack.runtime().grants().find(ALICE_ID).isEmpty()
                && !scheduler().scheduledUsers().contains(ALICE_ID));
        client.delete("/gateway/faults");
        String later = newCorrelationToken();
        client.alexa(sample("PowerController/PowerController.TurnOn.request.json", ALICE, LIGHTS.get(3), later));
        DevstackClient.sleep(3000);

        SimulatedEventGateway.Stats after = devstack.gateway().stats();
        System.out.printf("403 SKILL_DISABLED: refused %s, grant present %s, schedule present %s; a later event: %d delivered, "
                        + "%d more refused (dropped: no grant)%n", delta(before, after), devstack.runtime().grants().find(ALICE_ID).isPresent(),
                scheduler().scheduledUsers().contains(ALICE_ID), client.events(later).size(),
                after.refused() - before.refused() - 1);
        assertEquals(1, after.refused() - before.refused(), "one 403, nothing sent for alice afterwards");
        assertTrue(client.events(corr).isEmpty() && client.events(later).isEmpty());
    }

    @Test
    void aReplayAfterAnOutageDeliversEveryHeldEventExactlyOnce() {
        SimulatedEventGateway.Stats before = devstack.gateway().stats();
        devstack.gateway().setFaults(GatewayFaults.always(503, "SERVICE_UNAVAILABLE_EXCEPTION"));
        List<String> corrs = turnOnAll();
        await("every event dead-lettered after its last retry", () -> deadLettersFor(corrs).size() == corrs.size());
        List<JsonNode> held = deadLettersFor(corrs);
        long attempts503 = refused(503) - before.refusedByStatus().getOrDefault(503, 0L);
        client.delete("/gateway/faults");

        String answer = client.postForBody("/dlq/" + OUTBOUND_DLQ + "/replay", "");
        for (String corr : corrs) {
            client.awaitEvents(corr, 1, WAIT);
        }
        await("the replayed DLQ is empty", () -> deadLettersFor(corrs).isEmpty());
        SimulatedEventGateway.Stats after = devstack.gateway().stats();
        System.out.printf("outage then replay: %d events, %d refused 503 attempts, %d dead-lettered (reason \"%s\"), replay %s, "
                        + "delivered %d, each exactly once, duplicate messageIds %d%n", corrs.size(), attempts503, held.size(),
                held.get(0).path("reason").asText(), DevstackClient.read(answer).path("taskHandle").asText(),
                corrs.stream().mapToInt(c -> client.events(c).size()).sum(), after.duplicateMessageIds() - before.duplicateMessageIds());
        assertEquals(corrs.size() * 4L, attempts503, "4 attempts each (the first and 3 retries)");
        held.forEach(d -> assertTrue(d.path("reason").asText().contains("after 4 attempt(s)"), d.toString()));
        assertEquals(0, after.duplicateMessageIds() - before.duplicateMessageIds());
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static List<String> turnOnAll() {
        List<String> corrs = new ArrayList<>();
        for (String light : LIGHTS) {
            String corr = newCorrelationToken();
            client.alexa(sample("PowerController/PowerController.TurnOn.request.json", ALICE, light, corr));
            corrs.add(corr);
        }
        return corrs;
    }

    /** The outbound DLQ's messages (as {@code GET /dlq} lists them) of events with these correlationTokens. */
    private static List<JsonNode> deadLettersFor(List<String> corrs) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode queue : client.get("/dlq")) {
            if (!queue.path("name").asText().equals(OUTBOUND_DLQ)) {
                continue;
            }
            for (JsonNode m : queue.path("messages")) {
                if (corrs.contains(m.at("/body/message/event/header/correlationToken").asText())) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    private static long refused(int status) {
        return devstack.gateway().stats().refusedByStatus().getOrDefault(status, 0L);
    }

    private static String delta(SimulatedEventGateway.Stats before, SimulatedEventGateway.Stats after) {
        StringBuilder b = new StringBuilder("{");
        after.refusedByStatus().forEach((status, count) -> {
            long d = count - before.refusedByStatus().getOrDefault(status, 0L);
            if (d > 0) {
                b.append(b.length() > 1 ? ", " : "").append(status).append('=').append(d);
            }
        });
        return b.append('}').toString();
    }

    private static InProcessSyncScheduler scheduler() {
        return (InProcessSyncScheduler) devstack.runtime().syncScheduler();
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + WAIT + ": " + what);
            }
            DevstackClient.sleep(200);
        }
    }
}
