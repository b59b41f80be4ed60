package dev.homewire.devstack;

import static dev.homewire.devstack.DevstackClient.acceptGrant;
import static dev.homewire.devstack.DevstackClient.newCorrelationToken;
import static dev.homewire.devstack.DevstackClient.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.simulator.http.SimulatedCloud;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 500 directives under 30 % vendor failures (5xx, and time-outs at the media cloud) and 30 %
 * gateway 503s, on the devstack: every directive ends with exactly one final event (Response or
 * the right ErrorResponse), none lost (what the dispatcher dead-lettered after its attempts is
 * replayed from the DLQ, as an operator would), none duplicated, all schema-valid, and no vendor
 * applied a command twice. Prints the counts.
 */
class FaultsUnderLoadIT {
    private static final int DIRECTIVES = 500;
    private static final String ALICE = "linktoken-alice";
    private static final String BOB = "linktoken-bob";

    private static Devstack devstack;
    private static DevstackClient client;

    /** One kind of directive the load sends, to one endpoint. */
    private record Kind(String vendor, String linkingToken, String endpointId, String samplePath) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("lumio", ALICE, "lumio#lm-alice-hallway", "PowerController/PowerController.TurnOn.request.json"),
            new Kind("lumio", ALICE, "lumio#lm-alice-desk-plug", "PowerController/PowerController.TurnOff.request.json"),
            new Kind("lumio", ALICE, "lumio#lm-alice-kitchen", "BrightnessController/BrightnessController.SetBrightness.request.json"),
            new Kind("lumio", BOB, "lumio#lm-bob-living-room", "PowerController/PowerController.TurnOn.request.json"),
            new Kind("vistara", ALICE, "vistara#vt-alice-living-room-tv", "Speaker/Speaker.SetVolume.request.json"),
            new Kind("vistara", ALICE, "vistara#vt-alice-kitchen-tv", "Speaker/Speaker.SetVolume.request.json"),
            new Kind("latchkey", ALICE, "latchkey#lk-alice-back-door", "LockController/LockController.Lock.request.json"),
            new Kind("thermia", ALICE, "thermia#th-alice-living-room",
                    "ThermostatController/ThermostatController.SetTargetTemperature.SingleMode.request.json"));

    @BeforeAll
    static void start() throws Exception {
        AlexaSchema.assumeAvailable();
        devstack = Devstack.start(DevstackOptions.anyPort());
        client = new DevstackClient(devstack.baseUrl());
        for (String user : List.of(ALICE, BOB)) {
            client.alexa(sample("Discovery/Discovery.request.json", user, null, null));
            client.alexa(acceptGrant(user));
        }
    }

    @AfterAll
    static void stop() {
        if (devstack != null) {
            DevstackClient.assertEveryGatewayEventValid(client);
            devstack.close();
        }
    }

    private static SimulatedCloud cloud(String vendor) {
        return (SimulatedCloud) devstack.simulators().get(vendor);
    }

    /** Final events (Response, ErrorResponse and the interfaces' own responses) the gateway accepted per correlationToken. */
    private static Map<String, List<JsonNode>> finals(Map<String, Kind> tokens) {
        Map<String, List<JsonNode>> byToken = new TreeMap<>();
        tokens.keySet().forEach(token -> byToken.put(token, new ArrayList<>()));
        for (JsonNode event : client.get("/gateway/events")) {
            String token = event.at("/body/event/header/correlationToken").asText(null);
            String name = event.at("/body/event/header/name").asText();
            if (token != null && byToken.containsKey(token) && !name.equals("DeferredResponse")) {
                byToken.get(token).add(event);
            }
        }
        return byToken;
    }

    private static long missing(Map<String, List<JsonNode>> finals) {
        return finals.values().stream().filter(List::isEmpty).count();
    }

    @Test
    void everyDirectiveEndsWithExactlyOneFinalEventUnderVendorAndGatewayFaults() throws Exception {
        for (String vendor : List.of("lumio", "latchkey", "thermia")) {
            client.postForBody("/vendors/" + vendor + "/faults", "{\"failureRate\": 0.3, \"status\": 503}");
        }
        client.postForBody("/vendors/vistara/faults", "{\"failureRate\": 0.3, \"status\": 0}"); // time-outs
        client.postForBody("/gateway/faults", "{\"failureRate\": 0.3, \"status\": 503, \"code\": \"SERVICE_UNAVAILABLE_EXCEPTION\"}");
        Map<String, Integer> writesBefore = new TreeMap<>();
        KINDS.forEach(k -> writesBefore.put(k.vendor(), cloud(k.vendor()).acceptedWrites()));

        Map<String, Kind> tokens = new ConcurrentHashMap<>();
        Map<String, Integer> syncAnswers = new TreeMap<>();
        long started = System.nanoTime();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < DIRECTIVES; i++) {
                Kind kind = KINDS.get(i % KINDS.size());
                long due = started + i * 70_000_000L; // about 14 directives a second
                sent.add(senders.submit(() -> {
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        DevstackClient.sleep(wait / 1_000_000);
                    }
                    String token = newCorrelationToken();
                    ObjectNode directive = sample(kind.samplePath(), kind.linkingToken(), kind.endpointId(), token);
                    JsonNode answer = client.alexa(directive);
                    String name = answer.at("/event/header/name").asText();
                    if (name.equals("DeferredResponse")) {
                        tokens.put(token, kind);
                    }
                    synchronized (syncAnswers) {
                        syncAnswers.merge(name.equals("DeferredResponse") ? name
                                : name + " " + answer.at("/event/payload/type").asText("") + " (" + kind.endpointId() + ")", 1, Integer::sum);
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            senders.shutdownNow();
        }
        long sendSeconds = (System.nanoTime() - started) / 1_000_000_000;

        Map<String, List<JsonNode>> finals = finals(tokens);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (missing(finals) > 0 && System.nanoTime() < deadline) {
            DevstackClient.sleep(1000);
            finals = finals(tokens);
        }
        long missingBeforeReplay = missing(finals);
        JsonNode stats = client.get("/gateway/stats");
        client.delete("/gateway/faults");
        // what the dispatcher gave up on after its attempts waits in the outbound DLQ, with its reason: replay it
        int deadLettered = 0;
        for (JsonNode dlq : client.get("/dlq")) {
            if (dlq.path("name").asText().endsWith("-outbound-dlq") && dlq.path("count").asInt() > 0) {
                deadLettered = dlq.path("count").asInt();
                client.postForBody("/dlq/" + dlq.path("name").asText() + "/replay", "");
            }
        }
        deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (missing(finals) > 0 && System.nanoTime() < deadline) {
            DevstackClient.sleep(1000);
            finals = finals(tokens);
        }
        DevstackClient.sleep(2000); // room for a duplicate to show
        finals = finals(tokens);
        for (String vendor : List.of("lumio", "latchkey", "thermia", "vistara")) {
            client.delete("/vendors/" + vendor + "/faults");
        }

        Map<String, Integer> byType = new TreeMap<>();
        Map<String, Integer> responsesByVendor = new TreeMap<>();
        long exactlyOne = 0;
        long duplicated = 0;
        for (Map.Entry<String, List<JsonNode>> entry : finals.entrySet()) {
            List<JsonNode> events = entry.getValue();
            exactlyOne += events.size() == 1 ? 1 : 0;
            duplicated += events.size() > 1 ? 1 : 0;
            for (JsonNode event : events) {
                String name = event.at("/body/event/header/name").asText();
                String type = event.at("/body/event/payload/type").asText("");
                byType.merge(name + (type.isEmpty() ? "" : " " + type), 1, Integer::sum);
                if (name.equals("Response")) {
                    responsesByVendor.merge(tokens.get(entry.getKey()).vendor(), 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> applied = new TreeMap<>();
        writesBefore.forEach((vendor, before) -> applied.put(vendor, cloud(vendor).acceptedWrites() - before));
        long lost = missing(finals);
        System.out.printf("faults under load: %d directives sent in %d s (synchronous answers %s)%n", DIRECTIVES, sendSeconds, syncAnswers);
        System.out.printf("  gateway %s; outbound dead letters replayed: %d; missing before the replay: %d%n", stats, deadLettered,
                missingBeforeReplay);
        System.out.printf("  final events: exactly one %d, lost %d, duplicated %d; by type %s%n", exactlyOne, lost, duplicated, byType);
        System.out.printf("  commands the vendors applied %s; Responses by vendor %s%n", applied, responsesByVendor);

        assertEquals(DIRECTIVES, tokens.size(), "every directive accepted: " + syncAnswers);
        assertEquals(0, lost, "no directive without a final event");
        assertEquals(0, duplicated, "no directive with two final events");
        assertEquals(DIRECTIVES, exactlyOne);
        assertEquals(responsesByVendor.getOrDefault("lumio", 0), applied.get("lumio"),
                "each Lumio Response is one applied command; no command applied twice, none without its answer");
        assertEquals(responsesByVendor.getOrDefault("vistara", 0), applied.get("vistara"),
                "each Vistara Response is one applied command (time-outs applied nothing)");
    }
}
