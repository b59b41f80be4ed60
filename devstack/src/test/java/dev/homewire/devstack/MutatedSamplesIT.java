package dev.homewire.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.devstack.Mutations.Input;
import dev.homewire.devstack.Mutations.Seed;
import dev.homewire.simulator.VendorCloudSimulator;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fuzz test of issue 8: over 2,000 directives mutated from the official samples go to the
 * devstack's {@code POST /alexa}, addressed to alice's real endpoints. Every answer must be HTTP
 * 200 and valid against the official schema; the cases fuzzing found must get their answer
 * (INVALID_DIRECTIVE, VALUE_OUT_OF_RANGE, TEMPERATURE_VALUE_OUT_OF_RANGE, the auth error); no client
 * mistake may be an INTERNAL_ERROR; every DeferredResponse must be followed by exactly one final
 * event at the simulated gateway; nothing refused may be executed — no gateway event carries a
 * refused input's correlationToken, and replaying refused inputs on a quiet devstack changes no
 * vendor's command counter and queues nothing. Prints the figures it proves.
 */
class MutatedSamplesIT {
    private static final String ALICE = "linktoken-alice";
    private static final int TOTAL = 2_100;
    private static final int SENDERS = 4;
    private static final int REPLAYED = 300;
    /** How long after the last input a DeferredResponse's answer may take: the longest deferral promised plus slack, at most a minute. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(60);
    private static final Duration ANSWER_SLACK = Duration.ofSeconds(15);

    private static Devstack devstack;
    private static DevstackClient client;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        AlexaSchema.assumeAvailable();
        devstack = Devstack.start(DevstackOptions.anyPort().withSyncInterval(Duration.ofSeconds(30)));
        client = new DevstackClient(devstack.baseUrl());
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

    /** What came back for one input. */
    private record Outcome(Input input, int status, String body, String answer, String errorType, String echoedToken,
                           List<String> schemaErrors) {
        boolean deferred() {
            return "Alexa.DeferredResponse".equals(answer);
        }

        boolean refused() {
            return answer.endsWith(".ErrorResponse");
        }

        String label() {
            return errorType == null ? answer : answer + ":" + errorType;
        }
    }

    @Test
    void everyMutatedSampleGetsOneSchemaValidAnswerAndNothingRefusedIsExecuted() throws Exception {
        long started = System.nanoTime();
        List<JsonNode> endpoints = new ArrayList<>();
        client.alexa(DevstackClient.sample("Discovery/Discovery.request.json", ALICE, null, null)).at("/event/payload/endpoints")
                .forEach(endpoints::add);
        client.alexa(DevstackClient.acceptGrant(ALICE));

        List<Seed> seeds = seeds(endpoints);
        Mutations mutations = new Mutations(seeds);
        Map<Seed, Input> pristine = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (Seed seed : seeds) {
            Input input = mutations.pristine(seed);
            pristine.put(seed, input);
            outcomes.add(send(input)); // first, so the reused-messageId cases come after the messageId was accepted
        }
        List<Input> inputs = mutations.generate(TOTAL, pristine);
        outcomes.addAll(sendAll(inputs.subList(pristine.size(), inputs.size())));
        long sent = System.nanoTime();

        // --- the synchronous answers ---
        List<Outcome> invalid = outcomes.stream().filter(o -> o.status() != 200 || !o.schemaErrors().isEmpty()).toList();
        List<Outcome> internal = outcomes.stream().filter(o -> "INTERNAL_ERROR".equals(o.errorType())).toList();
        List<Outcome> unexpected = outcomes.stream().filter(o -> o.input().expected() != null
                && !o.input().expected().equals(o.errorType())).toList();
        long specific = outcomes.stream().filter(o -> o.input().expected() != null).count();

        // --- the gateway: one final event per DeferredResponse, none for refused inputs ---
        List<Outcome> deferred = outcomes.stream().filter(Outcome::deferred).toList();
        Map<String, List<JsonNode>> finals = awaitFinalEvents(deferred);
        List<Outcome> unanswered = new ArrayList<>();
        List<Outcome> answeredTwice = new ArrayList<>();
        Map<String, Integer> finalTypes = new TreeMap<>();
        for (Outcome o : deferred) {
            List<JsonNode> events = finals.getOrDefault(o.echoedToken(), List.of());
            if (events.isEmpty()) {
                unanswered.add(o);
            } else if (events.size() > 1) {
                answeredTwice.add(o);
            }
            events.forEach(e -> finalTypes.merge(label(e.get("body")), 1, Integer::sum));
        }
        List<Outcome> refused = outcomes.stream().filter(Outcome::refused).toList();
        List<Outcome> refusedButExecuted = refused.stream().filter(o -> executed(o, finals)).toList();
        List<Outcome> unansweredReuse = unanswered.stream().filter(o -> o.input().reusesMessageId()).toList();
        List<String> finalInternal = new ArrayList<>();
        for (Outcome o : deferred) {
            for (JsonNode e : finals.getOrDefault(o.echoedToken(), List.of())) {
                if ("INTERNAL_ERROR".equals(e.at("/body/event/payload/type").asText(null))) {
                    finalInternal.add(o.input().describe());
                }
            }
        }

        // --- replay refused inputs on a quiet devstack: no vendor command, nothing queued ---
        Replay replay = replay(refused);
        long finished = System.nanoTime();

        Map<String, Integer> byAnswer = new TreeMap<>();
        outcomes.forEach(o -> byAnswer.merge(o.label(), 1, Integer::sum));
        Map<String, int[]> byKind = new TreeMap<>();
        outcomes.forEach(o -> byKind.computeIfAbsent(kindGroup(o.input().kind()), k -> new int[2])[o.refused() ? 0 : 1]++);

        StringBuilder report = new StringBuilder("\nMutated official samples through the devstack (POST /alexa)\n");
        report.append(String.format("  seeds (official sample directives): %d; inputs sent: %d in %d s (%d senders)%n", seeds.size(),
                outcomes.size(), (sent - started) / 1_000_000_000, SENDERS));
        report.append(String.format("  answers not HTTP 200 + schema-valid:        %d%n", invalid.size()));
        report.append(String.format("  specific cases answered as expected:        %d/%d%n", specific - unexpected.size(), specific));
        report.append(String.format("  INTERNAL_ERROR answers to client mistakes:  %d (synchronous) + %d (final events)%n", internal.size(),
                finalInternal.size()));
        report.append(String.format("  inputs refused but still executed:          %d of %d refused (gateway events with their"
                + " correlationToken)%n", refusedButExecuted.size(), refused.size()));
        report.append(String.format("  replay of %d refused inputs: vendor commands %d, directives queued %d, answers changed %d%n",
                replay.count, replay.vendorCommands, replay.directivesQueued, replay.changedAnswers));
        report.append(String.format("  DeferredResponses: %d; answered exactly once: %d; never answered: %d; answered more than once: %d%n",
                deferred.size(), deferred.size() - unanswered.size() - answeredTwice.size(), unanswered.size(), answeredTwice.size()));
        report.append(String.format("    of the never answered, reusing a messageId with a new correlationToken: %d"
                + " (claims key on messageId and correlationToken)%n", unansweredReuse.size()));
        report.append("  answers by type:\n");
        byAnswer.forEach((k, v) -> report.append(String.format("    %-62s %5d%n", k, v)));
        report.append("  final gateway events of the DeferredResponses by type:\n");
        finalTypes.forEach((k, v) -> report.append(String.format("    %-62s %5d%n", k, v)));
        report.append("  inputs by mutation (refused / accepted or answered):\n");
        byKind.forEach((k, v) -> report.append(String.format("    %-62s %5d / %d%n", k, v[0], v[1])));
        report.append(String.format("  total time %d s%n", (finished - started) / 1_000_000_000));
        appendExamples(report, "answer not schema-valid", invalid);
        appendExamples(report, "unexpected answer", unexpected);
        appendExamples(report, "INTERNAL_ERROR", internal);
        appendExamples(report, "refused but executed", refusedButExecuted);
        appendExamples(report, "never answered", unanswered);
        appendExamples(report, "answered more than once", answeredTwice);
        finalInternal.stream().limit(5).forEach(d -> report.append("  final INTERNAL_ERROR for: ").append(d).append('\n'));
        System.out.println(report);

        assertTrue(outcomes.size() >= 2_000, "at least 2,000 inputs");
        assertEquals(0, invalid.size(), "answers not schema-valid");
        assertEquals(0, unexpected.size(), "specific cases with another answer");
        assertEquals(0, internal.size(), "INTERNAL_ERROR answers to client mistakes");
        assertEquals(0, refusedButExecuted.size(), "refused inputs executed");
        assertEquals(0, replay.vendorCommands + replay.directivesQueued + replay.changedAnswers, "replayed refused inputs had effects");
        assertEquals(0, answeredTwice.size(), "DeferredResponses answered more than once");
        assertEquals(0, unanswered.size(), "DeferredResponses never answered");
    }

    // --- seeds ------------------------------------------------------------------------------------

    /** Every official sample directive, addressed to an endpoint of alice that can take it (as in OfficialSamplesIT). */
    private static List<Seed> seeds(List<JsonNode> endpoints) {
        List<Seed> seeds = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> sample : AlexaSamples.directives().entrySet()) {
            ObjectNode official = sample.getValue();
            String namespace = official.at("/directive/header/namespace").asText();
            String name = official.at("/directive/header/name").asText();
            if (namespace.equals("Alexa.Discovery") || namespace.equals("Alexa.Authorization")) {
                seeds.add(new Seed(sample.getKey(), AlexaSamples.directive(sample.getKey(), ALICE, null), false));
                continue;
            }
            String wanted = name.equals("ReportState") ? "Alexa.PowerController" : namespace;
            JsonNode capability = null;
            JsonNode endpoint = null;
            for (JsonNode e : endpoints) {
                for (JsonNode c : e.path("capabilities")) {
                    if (c.path("interface").asText().equals(wanted) && suits(official, c)) {
                        capability = c;
                        endpoint = e;
                        break;
                    }
                }
                if (endpoint != null) {
                    break;
                }
            }
            if (endpoint == null) {
                continue;
            }
            ObjectNode base = AlexaSamples.directive(sample.getKey(), ALICE, endpoint.path("endpointId").asText());
            if (capability.has("instance")) {
                ((ObjectNode) base.at("/directive/header")).put("instance", capability.path("instance").asText());
            }
            seeds.add(new Seed(sample.getKey(), base, !name.equals("ReportState")));
        }
        return seeds;
    }

    private static boolean suits(ObjectNode official, JsonNode capability) {
        JsonNode payload = official.at("/directive/payload");
        String name = official.at("/directive/header/name").asText();
        String supported = capability.at("/properties/supported").toString();
        if (payload.has("lowerSetpoint") || payload.has("upperSetpoint")) {
            return supported.contains("upperSetpoint");
        }
        if (name.equals("Deactivate")) {
            return capability.path("supportsDeactivation").asBoolean(false);
        }
        if (capability.has("supportedOperations")) {
            return capability.get("supportedOperations").toString().contains("\"" + name + "\"");
        }
        return true;
    }

    // --- sending ------------------------------------------------------------------------------------

    private static List<Outcome> sendAll(List<Input> inputs) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Input input : inputs) {
                futures.add(pool.submit(() -> send(input)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome send(Input input) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(devstack.baseUrl().resolve("/alexa"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(input.body())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Outcome(input, -1, e.toString(), "no answer", null, null, List.of("no HTTP answer: " + e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        String body = response.body();
        List<String> errors;
        JsonNode answer;
        try {
            answer = DevstackClient.JSON.readTree(body);
            errors = AlexaSchema.validate(body);
        } catch (IOException | RuntimeException e) {
            return new Outcome(input, response.statusCode(), body, "not JSON", null, null, List.of("not JSON"));
        }
        JsonNode header = answer.at("/event/header");
        String label = header.path("namespace").asText() + "." + header.path("name").asText();
        String type = label.endsWith(".ErrorResponse") ? answer.at("/event/payload/type").asText() : null;
        return new Outcome(input, response.statusCode(), body, label, type, header.path("correlationToken").asText(null), errors);
    }

    // --- the gateway --------------------------------------------------------------------------------

    /** Final events (not WakeUp) by correlationToken, once every DeferredResponse has one or the wait is over. */
    private static Map<String, List<JsonNode>> awaitFinalEvents(List<Outcome> deferred) {
        int promised = deferred.stream().mapToInt(o -> DevstackClient.read(o.body()).at("/event/payload/estimatedDeferralInSeconds")
                .asInt(0)).max().orElse(0);
        long deadline = System.nanoTime() + Math.min(ANSWER_WAIT.toNanos(), Duration.ofSeconds(promised).plus(ANSWER_SLACK).toNanos());
        Map<String, List<JsonNode>> finals = finalEvents();
        while (System.nanoTime() < deadline && deferred.stream().anyMatch(o -> !finals.containsKey(o.echoedToken()))) {
            DevstackClient.sleep(500);
            finals.clear();
            finals.putAll(finalEvents());
        }
        DevstackClient.sleep(1500); // time for a second answer, which must not come
        return finalEvents();
    }

    private static Map<String, List<JsonNode>> finalEvents() {
        Map<String, List<JsonNode>> byToken = new HashMap<>();
        for (JsonNode event : client.get("/gateway/events")) {
            JsonNode header = event.at("/body/event/header");
            String token = header.path("correlationToken").asText(null);
            if (token != null && !header.path("name").asText().equals("WakeUp")) {
                byToken.computeIfAbsent(token, t -> new ArrayList<>()).add(event);
            }
        }
        return byToken;
    }

    /** A refused input was executed if an event at the gateway carries its correlationToken (or the one its answer echoed). */
    private static boolean executed(Outcome o, Map<String, List<JsonNode>> finals) {
        return (o.input().trackedToken() != null && finals.containsKey(o.input().trackedToken()))
                || (o.echoedToken() != null && finals.containsKey(o.echoedToken()));
    }

    // --- replay -------------------------------------------------------------------------------------

    private record Replay(int count, long vendorCommands, long directivesQueued, int changedAnswers) {
    }

    /**
     * Sends up to {@value #REPLAYED} refused inputs again once the devstack is quiet (every
     * DeferredResponse answered): the vendors' command counters and the directive queue's deliveries
     * must not move, and each must be refused the same way again.
     */
    private static Replay replay(List<Outcome> refused) throws Exception {
        List<Outcome> sample = new ArrayList<>(refused);
        Collections.shuffle(sample, new java.util.Random(8));
        sample = sample.subList(0, Math.min(REPLAYED, sample.size()));
        long commandsBefore = vendorCommands();
        long queuedBefore = devstack.deliveredRecords().getOrDefault("directives", 0L);
        List<Outcome> again = sendAll(sample.stream().map(Outcome::input).toList());
        DevstackClient.sleep(3000);
        long commands = vendorCommands() - commandsBefore;
        long queued = devstack.deliveredRecords().getOrDefault("directives", 0L) - queuedBefore;
        int changed = 0;
        for (int i = 0; i < sample.size(); i++) {
            if (!sample.get(i).label().equals(again.get(i).label())) {
                changed++;
                System.out.println("replayed input answered differently: " + sample.get(i).label() + " then " + again.get(i).label()
                        + " for " + sample.get(i).input().describe());
            }
        }
        return new Replay(sample.size(), commands, queued, changed);
    }

    /** The sum of every simulated cloud's command (or operation) calls. */
    private static long vendorCommands() {
        long total = 0;
        for (VendorCloudSimulator simulator : devstack.simulators().values()) {
            for (String name : new String[] {"commandCalls", "operationCalls"}) {
                try {
                    Method m = simulator.getClass().getMethod(name);
                    total += ((Number) m.invoke(simulator)).longValue();
                } catch (NoSuchMethodException e) {
                    // this cloud counts the other way
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return total;
    }

    // --- report -------------------------------------------------------------------------------------

    private static String label(JsonNode message) {
        JsonNode header = message.at("/event/header");
        String label = header.path("namespace").asText() + "." + header.path("name").asText();
        return label.endsWith(".ErrorResponse") ? label + ":" + message.at("/event/payload/type").asText() : label;
    }

    private static String kindGroup(String kind) {
        return kind.replaceAll("(directive\\.|payload\\.)[A-Za-z0-9.]+", "$1…").replaceAll(" of [A-Za-z/.]+json", " of another sample")
                .replaceAll("\\\\u[0-9a-fA-F]{4}", "\\\\uXXXX").replaceAll("retyped (\\S+) to .*", "retyped $1")
                .replaceAll("namespace/name of .*", "namespace/name of another sample")
                .replaceAll("concatenated with .*", "concatenated with another sample");
    }

    private static void appendExamples(StringBuilder report, String what, List<Outcome> outcomes) {
        outcomes.stream().limit(8).forEach(o -> report.append("  ").append(what).append(": ").append(o.label()).append(" (status ")
                .append(o.status()).append(") ").append(o.schemaErrors().stream().limit(2).toList()).append(" answer ")
                .append(o.body().length() > 300 ? o.body().substring(0, 300) : o.body()).append(" for ")
                .append(o.input().describe()).append('\n'));
    }
}
