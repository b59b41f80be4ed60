package dev.homewire.devstack;

import static dev.homewire.devstack.DevstackClient.acceptGrant;
import static dev.homewire.devstack.DevstackClient.newCorrelationToken;
import static dev.homewire.devstack.DevstackClient.sample;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.capability.CapabilityRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conformance walk: every official sample directive in {@code ../shared/alexa-smarthome}
 * (new samples are picked up) goes through the devstack's real path — entrypoint, queue,
 * processor, vendor simulator, dispatcher, simulated gateway — to a demo device of alice's that
 * declares the sample's interface, and the answer's content is checked against what the directive
 * asked for (the value asked for is the value reported; a relative change moved the value from
 * where ReportState saw it). Prints a coverage table; any sample not handled fails the build.
 */
class OfficialSamplesIT {
    private static final String ALICE = "linktoken-alice";
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

    private static Devstack devstack;
    private static DevstackClient client;
    private static List<JsonNode> endpoints;

    @BeforeAll
    static void start() throws Exception {
        AlexaSchema.assumeAvailable();
        devstack = Devstack.start(DevstackOptions.anyPort().withSyncInterval(Duration.ofSeconds(5)));
        client = new DevstackClient(devstack.baseUrl());
        endpoints = new ArrayList<>();
        client.alexa(sample("Discovery/Discovery.request.json", ALICE, null, null)).at("/event/payload/endpoints")
                .forEach(endpoints::add);
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

    /** One sample's run: where it went and what came back. */
    private record Row(String sample, String directive, String endpoint, String answer, String problem) {
        boolean handled() {
            return problem == null;
        }
    }

    @Test
    void everyOfficialSampleDirectiveIsHandledEndToEndWithTheValueItAskedFor() {
        Map<String, ObjectNode> samples = AlexaSamples.directives();
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> sample : samples.entrySet()) {
            Row row;
            try {
                row = run(sample.getKey(), sample.getValue());
            } catch (AssertionError | RuntimeException e) {
                JsonNode header = sample.getValue().at("/directive/header");
                row = new Row(sample.getKey(), header.path("namespace").asText() + "." + header.path("name").asText(), "-", "-",
                        String.valueOf(e.getMessage()).lines().findFirst().orElse(e.toString()));
            }
            rows.add(row);
        }
        printTable(rows);
        List<Row> failed = rows.stream().filter(r -> !r.handled()).toList();
        assertTrue(failed.isEmpty(), failed.size() + " of " + rows.size() + " official samples not handled (see the table): "
                + failed.stream().map(Row::sample).toList());
    }

    private Row run(String path, ObjectNode official) {
        JsonNode header = official.at("/directive/header");
        String namespace = header.path("namespace").asText();
        String name = header.path("name").asText();
        String directiveName = namespace + "." + name;
        if (namespace.equals("Alexa.Discovery")) {
            JsonNode answer = client.alexa(sample(path, ALICE, null, null));
            int count = answer.at("/event/payload/endpoints").size();
            return new Row(path, directiveName, "(alice)", answer.at("/event/header/name").asText() + " " + count + " endpoints",
                    count >= endpoints.size() && count > 0 ? null : "discovered " + count + " endpoints");
        }
        if (namespace.equals("Alexa.Authorization")) {
            ObjectNode directive = sample(path, ALICE, null, null);
            ((ObjectNode) directive.at("/directive/payload/grant")).put("code", "sample-code-" + UUID.randomUUID());
            JsonNode answer = client.alexa(directive);
            String got = answer.at("/event/header/name").asText();
            return new Row(path, directiveName, "(alice)", got, got.equals("AcceptGrant.Response") ? null : "answered " + answer);
        }
        if (namespace.equals("Alexa") && name.equals("ReportState")) {
            String endpointId = reachable(candidates("Alexa.BrightnessController", c -> true)).path("endpointId").asText();
            JsonNode answer = client.alexa(sample(path, ALICE, endpointId, newCorrelationToken()));
            boolean ok = answer.at("/event/header/name").asText().equals("StateReport")
                    && answer.at("/event/endpoint/endpointId").asText().equals(endpointId)
                    && !answer.at("/context/properties").isEmpty();
            return new Row(path, directiveName, endpointId, "StateReport " + answer.at("/context/properties").size() + " properties",
                    ok ? null : "answered " + answer);
        }
        JsonNode endpoint = reachable(candidates(namespace, capability -> suits(official, capability)));
        String endpointId = endpoint.path("endpointId").asText();
        prepare(official, endpoint);
        JsonNode before = reportState(endpointId);
        ObjectNode sent = sample(path, ALICE, endpointId, newCorrelationToken());
        JsonNode answer = control(sent);
        String summary = answer.at("/event/header/namespace").asText() + "." + answer.at("/event/header/name").asText();
        return new Row(path, directiveName, endpointId, summary, Checks.check(sent.get("directive"), before, answer));
    }

    // --- choosing and preparing an endpoint -------------------------------------------------------

    /** Alice's endpoints whose capability of the namespace passes the filter, in discovery order. */
    private static List<JsonNode> candidates(String namespace, java.util.function.Predicate<JsonNode> filter) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode endpoint : endpoints) {
            for (JsonNode capability : endpoint.path("capabilities")) {
                if (capability.path("interface").asText().equals(namespace) && filter.test(capability)) {
                    found.add(endpoint);
                    break;
                }
            }
        }
        if (found.isEmpty()) {
            throw new AssertionError("no demo device of alice declares " + namespace + " as this sample needs");
        }
        return found;
    }

    /** The capability can take the sample: dual/triple setpoints, deactivatable scenes, the playback operation. */
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

    /** The first candidate the vendor reports reachable. */
    private static JsonNode reachable(List<JsonNode> candidates) {
        for (JsonNode endpoint : candidates) {
            JsonNode state = reportState(endpoint.path("endpointId").asText());
            if (state.at("/event/header/name").asText().equals("StateReport")
                    && "OK".equals(DevstackClient.propertyOrMissing(state, "Alexa.EndpointHealth", "connectivity").path("value").asText())) {
                return endpoint;
            }
        }
        throw new AssertionError("none of " + candidates.stream().map(e -> e.path("endpointId").asText()).toList() + " is reachable");
    }

    /**
     * Puts the device where the sample makes sense, as a user would first: a media device or
     * appliance on (unless the sample is about power), a thermostat out of OFF and in AUTO for
     * two setpoints.
     */
    private static void prepare(ObjectNode official, JsonNode endpoint) {
        String namespace = official.at("/directive/header/namespace").asText();
        String endpointId = endpoint.path("endpointId").asText();
        Set<String> interfaces = new TreeSet<>();
        endpoint.path("capabilities").forEach(c -> interfaces.add(c.path("interface").asText()));
        if (interfaces.contains("Alexa.PowerController") && !namespace.equals("Alexa.PowerController")) {
            control(sample("PowerController/PowerController.TurnOn.request.json", ALICE, endpointId, newCorrelationToken()));
        }
        if (namespace.equals("Alexa.ThermostatController") && !official.at("/directive/header/name").asText().equals("SetThermostatMode")) {
            JsonNode payload = official.at("/directive/payload");
            String mode = payload.has("lowerSetpoint") || payload.has("upperSetpoint") ? "AUTO" : "HEAT";
            String current = DevstackClient.propertyOrMissing(reportState(endpointId), "Alexa.ThermostatController", "thermostatMode").asText("");
            if (mode.equals("AUTO") ? !current.equals("AUTO") : current.equals("OFF") || current.equals("AUTO")) {
                ObjectNode setMode = sample("ThermostatController/ThermostatController.SetThermostatMode.request.json", ALICE,
                        endpointId, newCorrelationToken());
                ((ObjectNode) setMode.at("/directive/payload/thermostatMode")).put("value", mode);
                control(setMode);
            }
        }
    }

    // --- the real path --------------------------------------------------------------------------

    private static JsonNode reportState(String endpointId) {
        return client.alexa(sample("StateReport/ReportState.json", ALICE, endpointId, newCorrelationToken()));
    }

    /** Sends a control directive: a DeferredResponse now, then the final event (a WakeUp may come first). */
    private static JsonNode control(ObjectNode directive) {
        String corr = directive.at("/directive/header/correlationToken").asText();
        JsonNode deferred = client.alexa(directive);
        if (!deferred.at("/event/header/name").asText().equals("DeferredResponse")) {
            return deferred; // refused at once: an ErrorResponse
        }
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode event : client.events(corr)) {
                if (!event.at("/body/event/header/name").asText().equals("WakeUp")) {
                    return event.get("body");
                }
            }
            DevstackClient.sleep(100);
        }
        throw new AssertionError("no answer at the gateway within " + ANSWER_TIMEOUT + " for " + corr);
    }

    // --- the table --------------------------------------------------------------------------------

    private static void printTable(List<Row> rows) {
        CapabilityRegistry registry = CapabilityRegistry.standard();
        Map<String, String> styles = new LinkedHashMap<>();
        client.get("/vendors").forEach(v -> styles.put(v.path("adapterId").asText(), v.path("interactionStyle").asText()));
        int directiveTypes = registry.controlDirectives().size() + 3; // + Discover, AcceptGrant, ReportState
        Map<String, Integer> byInterface = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder("\nOfficial sample directives through the devstack\n");
        table.append(String.format("%-58s %-40s %-11s %-40s %s%n", "directive", "endpoint", "network", "answer", "result"));
        Map<String, Integer> byStyle = new LinkedHashMap<>();
        for (Row row : rows) {
            String adapter = row.endpoint().contains("#") ? row.endpoint().substring(0, row.endpoint().indexOf('#')) : "";
            String style = styles.getOrDefault(adapter, "-");
            if (row.handled() && !style.equals("-")) {
                byStyle.merge(style, 1, Integer::sum);
            }
            table.append(String.format("%-58s %-40s %-11s %-40s %s%n", row.directive(), row.endpoint(), style, row.answer(),
                    row.handled() ? "ok" : "FAILED: " + row.problem()));
            byInterface.merge(row.directive().substring(0, row.directive().lastIndexOf('.')), 1, Integer::sum);
        }
        long handled = rows.stream().filter(Row::handled).count();
        table.append(String.format("samples handled end to end with content checks: %d/%d (control samples by network: %s)%n",
                handled, rows.size(), byStyle));
        table.append(String.format("interfaces supported: %d; directive types supported: %d (control %d + Discover, AcceptGrant,"
                + " ReportState); sample interfaces covered: %d%n", registry.interfaces().size(), directiveTypes,
                registry.controlDirectives().size(), byInterface.size()));
        System.out.println(table);
        assertTrue(registry.interfaces().size() >= 33, "at least 33 interfaces");
        assertTrue(directiveTypes >= 55, "at least 55 directive types, got " + directiveTypes);
    }
}
