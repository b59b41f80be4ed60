package dev.homewire.devstack;

import static dev.homewire.devstack.DevstackClient.acceptGrant;
import static dev.homewire.devstack.DevstackClient.newCorrelationToken;
import static dev.homewire.devstack.DevstackClient.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.simulator.lumio.LumioCloudSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Delivery guarantees proven on the devstack (real ElasticMQ, dynalite, simulated clouds and
 * gateway): one device command and one final answer per directive through crashes after the
 * vendor call (with the SQS redelivery after the visibility timeout) and concurrent duplicate
 * deliveries. Prints the counts it proves.
 */
class ProcessingGuaranteesIT {
    private static final String ALICE = "linktoken-alice";
    private static final String KITCHEN = "lumio#lm-alice-kitchen";
    private static final List<String> LIGHTS = List.of("lumio#lm-alice-hallway", "lumio#lm-alice-desk-plug");
    /** The visibility timeout (30 s) brings a crashed batch back; then the answer follows. */
    private static final Duration AFTER_REDELIVERY = Duration.ofSeconds(60);

    private static Devstack devstack;
    private static DevstackClient client;

    @BeforeAll
    static void start() throws Exception {
        AlexaSchema.assumeAvailable();
        devstack = Devstack.start(DevstackOptions.anyPort());
        client = new DevstackClient(devstack.baseUrl());
        client.alexa(sample("Discovery/Discovery.request.json", ALICE, null, null));
        client.alexa(acceptGrant(ALICE));
    }

    @AfterEach
    void disarm() {
        client.delete("/faults/crash");
    }

    @AfterAll
    static void stop() {
        if (devstack != null) {
            DevstackClient.assertEveryGatewayEventValid(client);
            devstack.close();
        }
    }

    private static LumioCloudSimulator lumio() {
        return (LumioCloudSimulator) devstack.simulators().get("lumio");
    }

    private static int kitchenBrightness() {
        for (JsonNode device : client.get("/vendors/lumio/devices")) {
            if (device.path("deviceId").asText().equals("lm-alice-kitchen")) {
                return device.findValue("brightness").asInt();
            }
        }
        throw new AssertionError("no kitchen light at the Lumio simulator");
    }

    private static ObjectNode adjustKitchen(String correlationToken, int delta) {
        ObjectNode directive = sample("BrightnessController/BrightnessController.AdjustBrightness.request.json", ALICE,
                KITCHEN, correlationToken);
        ((ObjectNode) directive.at("/directive/payload")).put("brightnessDelta", delta);
        return directive;
    }

    /**
     * Final events (Response or ErrorResponse) per correlationToken, counted by distinct event
     * messageId: a redelivered directive sends its recorded answer again, the same event, which
     * the dispatcher delivers at most once per messageId.
     */
    private static Map<String, Integer> finalEvents(List<String> correlationTokens) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String token : correlationTokens) {
            java.util.Set<String> finals = new java.util.HashSet<>();
            for (JsonNode event : client.events(token)) {
                String name = event.at("/body/event/header/name").asText();
                if (name.equals("Response") || name.equals("ErrorResponse")) {
                    finals.add(event.at("/body/event/header/messageId").asText());
                }
            }
            counts.put(token, finals.size());
        }
        return counts;
    }

    private static int crashesSoFar() {
        return client.get("/faults/crash").at("/crashes/after-vendor-call").asInt(0);
    }

    /** Sends a directive and waits until its processing crashed after the vendor call, so each crash is one directive. */
    private static void sendAndAwaitCrash(JsonNode directive) {
        int before = crashesSoFar();
        assertEquals("DeferredResponse", client.alexa(directive).at("/event/header/name").asText());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (crashesSoFar() == before && System.nanoTime() < deadline) {
            DevstackClient.sleep(50);
        }
        assertTrue(crashesSoFar() > before, "the directive crashed after its vendor call");
    }

    private static Map<String, Integer> awaitFinalEvents(List<String> correlationTokens, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Integer> counts = finalEvents(correlationTokens);
        while (counts.containsValue(0) && System.nanoTime() < deadline) {
            DevstackClient.sleep(500);
            counts = finalEvents(correlationTokens);
        }
        DevstackClient.sleep(1500); // time for a duplicate to show up
        return finalEvents(correlationTokens);
    }

    @Test
    void crashesAfterTheVendorCallStillGiveOneCommandAndOneAnswerPerDirective() {
        client.postForBody("/vendors/lumio/devices/lm-alice-kitchen/state", "{\"brightness\": 50}");
        int commandsBefore = lumio().commandCalls();
        int crashesBefore = crashesSoFar();
        List<String> tokens = new ArrayList<>();
        int relative = 8;
        int crashes = 20;
        assertEquals(200, client.post("/faults/crash", "{\"point\": \"after-vendor-call\", \"count\": " + crashes + "}"));

        for (int i = 0; i < relative; i++) {
            String token = newCorrelationToken();
            tokens.add(token);
            sendAndAwaitCrash(adjustKitchen(token, 2));
        }
        for (int i = 0; i < crashes - relative; i++) {
            String token = newCorrelationToken();
            tokens.add(token);
            String sample = i % 2 == 0 ? "PowerController/PowerController.TurnOn.request.json"
                    : "PowerController/PowerController.TurnOff.request.json";
            sendAndAwaitCrash(sample(sample, ALICE, LIGHTS.get(i % LIGHTS.size()), token));
        }

        Map<String, Integer> finals = awaitFinalEvents(tokens, AFTER_REDELIVERY);
        int crashed = crashesSoFar() - crashesBefore;
        int commands = lumio().commandCalls() - commandsBefore;
        int brightness = kitchenBrightness();
        long answered = finals.values().stream().filter(n -> n == 1).count();
        long lost = finals.values().stream().filter(n -> n == 0).count();
        long duplicated = finals.values().stream().filter(n -> n > 1).count();
        Map<String, Integer> byType = new java.util.TreeMap<>();
        for (String token : tokens) {
            for (JsonNode event : client.events(token)) {
                byType.merge(event.at("/body/event/header/name").asText() + " " + event.at("/body/event/payload/type").asText(""), 1,
                        Integer::sum);
            }
        }
        System.out.printf("crash after vendor call: %d directives (%d relative), %d crashes; vendor commands %d; "
                        + "answered once %d, lost %d, duplicated %d (%s); kitchen brightness 50 + %d x 2 -> %d%n",
                tokens.size(), relative, crashed, commands, answered, lost, duplicated, byType, relative, brightness);
        assertEquals(crashes, crashed, "every directive crashed once after its vendor call");
        assertEquals(tokens.size(), commands, "one vendor command per directive, none sent again after the crash");
        // No change applied twice. (Each AdjustBrightness starts from the stored state while it is fresh
        // for the adapter; a crash leaves the stored state behind the device until the redelivery reads
        // it back, so a relative directive in that window starts from the older value: a lost update,
        // never a doubled one.)
        assertTrue(brightness > 50 && brightness <= 50 + relative * 2, "no relative change applied twice: " + brightness);
        assertEquals(tokens.size(), answered, "one final event per directive: " + finals);
        // the power commands' read-back shows them applied (a later directive may have changed the
        // kitchen's brightness before its read-back, so only those are checked by type)
        long powerResponses = tokens.subList(relative, tokens.size()).stream()
                .flatMap(token -> client.events(token).stream())
                .filter(e -> e.at("/body/event/header/name").asText().equals("Response")).count();
        assertTrue(powerResponses >= (crashes - relative) / 2, "read back and answered Response: " + byType);
    }

    @Test
    void fiveConcurrentDeliveriesOfOneDirectiveDriveTheDeviceOnceAndAnswerOnce() throws Exception {
        int commandsBefore = lumio().commandCalls();
        String token = newCorrelationToken();
        String directive = sample("PowerController/PowerController.TurnOn.request.json", ALICE, LIGHTS.get(0), token).toString();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(pool.submit(() -> client.alexa(directive)));
            }
            for (Future<JsonNode> answer : answers) {
                assertEquals("DeferredResponse", answer.get().at("/event/header/name").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Integer> finals = awaitFinalEvents(List.of(token), AFTER_REDELIVERY);
        int commands = lumio().commandCalls() - commandsBefore;
        System.out.printf("5 concurrent deliveries of one TurnOn: vendor commands %d, final events %d%n", commands, finals.get(token));
        assertEquals(1, commands);
        assertEquals(1, finals.get(token));
    }

    @Test
    void aDirectiveReplayedFromTheDeadLetterQueueAfterItsDeadlineNeverReachesTheVendor() {
        // an Unlock that was dead-lettered three hours ago (its deadline long past), replayed by an operator
        var latchkey = (dev.homewire.simulator.http.SimulatedCloud) devstack.simulators().get("latchkey");
        int callsBefore = latchkey.totalCalls();
        String token = newCorrelationToken();
        ObjectNode directive = sample("LockController/LockController.Unlock.request.json", ALICE, "latchkey#lk-alice-back-door", token);
        ((ObjectNode) directive.at("/directive/endpoint")).remove("scope");
        java.time.Instant received = java.time.Instant.now().minus(Duration.ofHours(3));
        var queued = new dev.homewire.core.queue.QueuedDirective(devstack.runtime().userResolver().resolveUserId(ALICE),
                "latchkey#lk-alice-back-door", "latchkey", "lk-alice-back-door", directive, received, received.plusSeconds(8));
        String dlq = "homewire-directives-dlq";
        String dlqUrl = devstack.runtime().sqs().getQueueUrl(b -> b.queueName(dlq)).queueUrl();
        devstack.runtime().sqs().sendMessage(b -> b.queueUrl(dlqUrl).messageBody(dev.homewire.core.queue.sqs.QueueMessages.toJson(queued)));
        assertTrue(client.get("/dlq").toString().contains(dlq));
        long deliveredBefore = devstack.deliveredRecords().get("directives");
        client.postForBody("/dlq/" + dlq + "/replay", "");
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (devstack.deadLetters().approximateCount(dlq) > 0 && System.nanoTime() < until) {
            DevstackClient.sleep(200);
        }
        DevstackClient.sleep(3000); // the processor's turn
        assertEquals(0, devstack.deadLetters().approximateCount(dlq), "replayed out of the DLQ");
        assertTrue(devstack.deliveredRecords().get("directives") > deliveredBefore, "the processor got the replayed directive");
        int calls = latchkey.totalCalls() - callsBefore;
        System.out.printf("an Unlock replayed from the DLQ 3 h after its deadline: vendor calls %d, gateway events %d%n", calls,
                client.events(token).size());
        assertEquals(0, calls, "a stale directive never reaches the vendor");
        assertTrue(client.events(token).isEmpty(), "Alexa stopped waiting: dropped with a logged reason");
    }

    /** The one final event for a correlationToken, waited for; and when the gateway got it against the promised deadline. */
    private static JsonNode awaitFinal(String token, java.time.Instant deadline) {
        Map<String, Integer> finals = awaitFinalEvents(List.of(token), Duration.ofSeconds(20));
        assertEquals(1, finals.get(token), "one final event for " + token);
        JsonNode event = client.events(token).stream()
                .filter(e -> e.at("/body/event/header/name").asText().endsWith("Response")).findFirst().orElseThrow();
        java.time.Instant received = java.time.Instant.parse(event.path("receivedAt").asText());
        System.out.printf("  final event %s %s at the gateway %d ms before the promised deadline%n",
                event.at("/body/event/header/name").asText(), event.at("/body/event/payload/type").asText(""),
                Duration.between(received, deadline).toMillis());
        assertTrue(received.isBefore(deadline), "answered before the promised deadline " + deadline + ": " + received);
        return event;
    }

    private static java.time.Instant promisedDeadline(java.time.Instant sent, JsonNode deferred) {
        assertEquals("DeferredResponse", deferred.at("/event/header/name").asText());
        return sent.plusSeconds(deferred.at("/event/payload/estimatedDeferralInSeconds").asLong());
    }

    @Test
    void aVendorThatNeverReportsTheOutcomeIsAnsweredBeforeTheDeadline() {
        client.postForBody("/vendors/latchkey/faults", "{\"failureRate\": 0, \"dropCommands\": true}");
        try {
            String token = newCorrelationToken();
            java.time.Instant sent = java.time.Instant.now();
            JsonNode deferred = client.alexa(sample("LockController/LockController.Lock.request.json", ALICE,
                    "latchkey#lk-alice-back-door", token));
            System.out.println("push vendor that accepts the Lock and never pushes:");
            JsonNode answer = awaitFinal(token, promisedDeadline(sent, deferred));
            assertEquals("ENDPOINT_UNREACHABLE", answer.at("/body/event/payload/type").asText());
        } finally {
            client.delete("/vendors/latchkey/faults");
        }
    }

    @Test
    void aLostPollMessageStillEndsWithAnErrorResponseBeforeTheDeadline() {
        client.postForBody("/vendors/thermia/faults", "{\"failureRate\": 0, \"dropCommands\": true}");
        devstack.pausePoller("polls", true);
        var sqs = devstack.runtime().sqs();
        String pollQueue = devstack.runtime().config().pollQueueUrl();
        try {
            String token = newCorrelationToken();
            java.time.Instant sent = java.time.Instant.now();
            ObjectNode directive = sample("ThermostatController/ThermostatController.SetTargetTemperature.SingleMode.request.json", ALICE,
                    "thermia#th-alice-living-room", token);
            JsonNode deferred = client.alexa(directive);
            java.time.Instant deadline = promisedDeadline(sent, deferred);
            // the poll messages are lost: received and deleted by no one who polls
            int lost = 0;
            while (java.time.Instant.now().isBefore(deadline) && client.events(token).isEmpty()) {
                var messages = sqs.receiveMessage(r -> r.queueUrl(pollQueue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                for (var m : messages) {
                    sqs.deleteMessage(r -> r.queueUrl(pollQueue).receiptHandle(m.receiptHandle()));
                    lost++;
                }
            }
            System.out.println("poll-only vendor whose " + lost + " poll message(s) were lost:");
            JsonNode answer = awaitFinal(token, deadline);
            assertTrue(lost >= 1, "the first poll was lost");
            assertEquals("ENDPOINT_UNREACHABLE", answer.at("/body/event/payload/type").asText());
        } finally {
            devstack.pausePoller("polls", false);
            client.delete("/vendors/thermia/faults");
        }
    }
}
