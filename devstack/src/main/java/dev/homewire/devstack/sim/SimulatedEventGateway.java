package dev.homewire.devstack.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.homewire.devstack.http.Http;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The Alexa event gateway ({@code POST /v3/events}) as the dispatcher sees it: 202 for a JSON
 * event with a valid LWA bearer token (header and {@code scope} in the body), 401
 * {@code INVALID_ACCESS_TOKEN_EXCEPTION} for unknown or expired tokens, 400
 * {@code INVALID_REQUEST_EXCEPTION} for bodies that are not an event. Accepted events are kept
 * for {@code GET /gateway/events}.
 */
public final class SimulatedEventGateway {

    /** One accepted event. */
    public record ReceivedEvent(String region, String receivedAt, String authorization, JsonNode body) {
    }

    private final Predicate<String> validToken;
    private final Clock clock;
    private final List<ReceivedEvent> events = new CopyOnWriteArrayList<>();

    public SimulatedEventGateway(Predicate<String> validToken, Clock clock) {
        this.validToken = validToken;
        this.clock = clock;
    }

    public void handlePost(HttpExchange exchange, String region) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            Http.error(exchange, 405, "POST only");
            return;
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        JsonNode body;
        try {
            body = Http.JSON.readTree(Http.body(exchange));
        } catch (IOException e) {
            exception(exchange, 400, "INVALID_REQUEST_EXCEPTION", "body is not JSON");
            return;
        }
        if (!validToken.test(token)) {
            exception(exchange, 401, "INVALID_ACCESS_TOKEN_EXCEPTION", "the access token is invalid or expired");
            return;
        }
        JsonNode event = body == null ? null : body.get("event");
        if (event == null || !event.path("header").isObject()) {
            exception(exchange, 400, "INVALID_REQUEST_EXCEPTION", "body has no event header");
            return;
        }
        String scopeToken = event.path("endpoint").path("scope").path("token").asText(
                event.path("payload").path("scope").path("token").asText(null));
        if (!token.equals(scopeToken)) {
            exception(exchange, 401, "INVALID_ACCESS_TOKEN_EXCEPTION", "the body's scope token does not match the Authorization header");
            return;
        }
        events.add(new ReceivedEvent(region, clock.instant().toString(), authorization, body));
        Http.send(exchange, 202, "application/json", new byte[0]);
    }

    private static void exception(HttpExchange exchange, int status, String code, String description) throws IOException {
        ObjectNode body = Http.JSON.createObjectNode();
        ObjectNode header = body.putObject("header");
        header.put("namespace", "System");
        header.put("name", "Exception");
        header.put("messageId", java.util.UUID.randomUUID().toString());
        ObjectNode payload = body.putObject("payload");
        payload.put("code", code);
        payload.put("description", description);
        Http.json(exchange, status, body);
    }

    public List<ReceivedEvent> events() {
        return List.copyOf(events);
    }

    /** {@code GET /gateway/events[?correlationToken=]}. */
    public ArrayNode eventsJson(Map<String, String> query) {
        String correlationToken = query.get("correlationToken");
        ArrayNode array = Http.JSON.createArrayNode();
        for (ReceivedEvent e : events) {
            if (correlationToken != null
                    && !correlationToken.equals(e.body().path("event").path("header").path("correlationToken").asText(null))) {
                continue;
            }
            ObjectNode node = array.addObject();
            node.put("receivedAt", e.receivedAt());
            node.put("region", e.region());
            node.put("authorization", e.authorization());
            node.set("body", e.body());
        }
        return array;
    }
}
