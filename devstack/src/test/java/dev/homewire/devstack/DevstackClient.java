package dev.homewire.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.conformance.AlexaSchema;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Talks to a running devstack over its HTTP contract, as a manufacturer's or CI script would.
 * Every answer of {@code POST /alexa} and every event the gateway accepted is checked against the
 * official Alexa schema before a test sees it.
 */
final class DevstackClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    DevstackClient(URI base) {
        this.base = base;
    }

    /** POSTs a directive to {@code /alexa}; the answer must be HTTP 200 and schema-valid. */
    JsonNode alexa(String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/alexa"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json"));
        assertEquals(200, response.statusCode(), "POST /alexa must answer 200 like Lambda: " + response.body());
        AlexaSchema.assertValid(response.body());
        return read(response.body());
    }

    JsonNode alexa(JsonNode directive) {
        return alexa(directive.toString());
    }

    JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path)).GET());
        assertEquals(200, response.statusCode(), "GET " + path + ": " + response.body());
        return read(response.body());
    }

    /** POSTs a JSON body and answers the status. */
    int postStatus(String path, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json")).statusCode();
    }

    int post(String path, String body) {
        return send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body))).statusCode();
    }

    /** POSTs a body and returns the answer's body, which must come with a 2xx status. */
    String postForBody(String path, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
        assertTrue(response.statusCode() / 100 == 2, "POST " + path + ": " + response.statusCode() + " " + response.body());
        return response.body();
    }

    int delete(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE()).statusCode();
    }

    /** The gateway's accepted events for a correlationToken, each body schema-valid. */
    List<JsonNode> events(String correlationToken) {
        JsonNode events = get("/gateway/events?correlationToken=" + URLEncoder.encode(correlationToken, StandardCharsets.UTF_8));
        List<JsonNode> list = new ArrayList<>();
        events.forEach(e -> {
            AlexaSchema.assertValidEvent(e.get("body"));
            list.add(e);
        });
        return list;
    }

    /** Every event the gateway accepted so far for an endpoint with this header name, each body schema-valid. */
    List<JsonNode> events(String name, String endpointId) {
        List<JsonNode> list = new ArrayList<>();
        get("/gateway/events").forEach(e -> {
            JsonNode header = e.at("/body/event/header");
            if (header.path("name").asText().equals(name)
                    && e.at("/body/event/endpoint/endpointId").asText().equals(endpointId)) {
                AlexaSchema.assertValidEvent(e.get("body"));
                list.add(e);
            }
        });
        return list;
    }

    /** Waits until exactly {@code count} events with this correlationToken arrived, then a little longer to catch extras. */
    List<JsonNode> awaitEvents(String correlationToken, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> events = events(correlationToken);
        while (events.size() < count && System.nanoTime() < deadline) {
            sleep(100);
            events = events(correlationToken);
        }
        if (events.size() < count) {
            fail("expected " + count + " gateway event(s) for " + correlationToken + " within " + timeout + ", got " + events);
        }
        sleep(500);
        events = events(correlationToken);
        assertEquals(count, events.size(), "exactly " + count + " event(s) for " + correlationToken + ": " + events);
        return events;
    }

    /** Every event the gateway accepted validates (DeleteReports by their documented shape); prints the count by name. */
    static void assertEveryGatewayEventValid(DevstackClient client) {
        java.util.Map<String, Integer> byName = new java.util.TreeMap<>();
        for (JsonNode event : client.get("/gateway/events")) {
            AlexaSchema.assertValidEvent(event.get("body"));
            byName.merge(event.at("/body/event/header/namespace").asText() + "." + event.at("/body/event/header/name").asText(), 1,
                    Integer::sum);
        }
        System.out.printf("%d events accepted by the gateway, every one schema-valid: %s%n",
                byName.values().stream().mapToInt(Integer::intValue).sum(), byName);
    }

    /** An official sample directive addressed to a demo user and endpoint, with a fresh correlationToken. */
    static ObjectNode sample(String path, String linkingToken, String endpointId, String correlationToken) {
        ObjectNode directive = AlexaSamples.directive(path, linkingToken, endpointId);
        ObjectNode header = (ObjectNode) directive.get("directive").get("header");
        header.put("messageId", UUID.randomUUID().toString());
        if (header.has("correlationToken")) {
            header.put("correlationToken", correlationToken);
        }
        return directive;
    }

    /** An AcceptGrant for the user with a fresh authorization code (the simulated LWA takes each code once). */
    static ObjectNode acceptGrant(String linkingToken) {
        ObjectNode directive = sample("Authorization/Authorization.AcceptGrant.request.json", linkingToken, null, null);
        ((ObjectNode) directive.at("/directive/payload/grant")).put("code", "code-" + UUID.randomUUID());
        return directive;
    }

    /** The value of a context property of a message, failing when the message does not report it. */
    static JsonNode property(JsonNode message, String namespace, String name) {
        JsonNode value = propertyOrMissing(message, namespace, name);
        if (value.isMissingNode()) {
            throw new AssertionError("no " + namespace + "." + name + " in " + message);
        }
        return value;
    }

    /** The value of a context property of a message, or a missing node when the message does not report it. */
    static JsonNode propertyOrMissing(JsonNode message, String namespace, String name) {
        for (JsonNode p : message.at("/context/properties")) {
            if (p.path("namespace").asText().equals(namespace) && p.path("name").asText().equals(name)) {
                return p.path("value");
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static String newCorrelationToken() {
        return "corr-" + UUID.randomUUID();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("devstack request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
