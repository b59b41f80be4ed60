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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The Alexa event gateway ({@code POST /v3/events}) as the dispatcher sees it: 202 for a JSON
 * event with a valid LWA bearer token (header and {@code scope} in the body), 401
 * {@code INVALID_ACCESS_TOKEN_EXCEPTION} for unknown or expired tokens, 400
 * {@code INVALID_REQUEST_EXCEPTION} for bodies that are not an event. Accepted events are kept
 * for {@code GET /gateway/events}; {@link #stats()} counts accepted posts, accepted posts whose
 * messageId was accepted before (duplicates), and refusals by status. {@link #setFaults} makes a
 * share of posts slow or refused (503, 429 with Retry-After, 403 SKILL_DISABLED, 400, 413 ...).
 */
public final class SimulatedEventGateway {

    /** One accepted event. */
    public record ReceivedEvent(String region, String receivedAt, String authorization, JsonNode body) {
    }

    /** What the gateway has seen so far. */
    public record Stats(long accepted, long duplicateMessageIds, Map<Integer, Long> refusedByStatus) {
        public long refused() {
            return refusedByStatus.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Predicate<String> validToken;
    private final Clock clock;
    private final List<ReceivedEvent> events = new CopyOnWriteArrayList<>();
    private final Set<String> acceptedMessageIds = ConcurrentHashMap.newKeySet();
    private final AtomicLong duplicates = new AtomicLong();
    private final Map<Integer, AtomicLong> refused = new ConcurrentSkipListMap<>();
    private volatile GatewayFaults faults;

    public SimulatedEventGateway(Predicate<String> validToken, Clock clock) {
        this.validToken = validToken;
        this.clock = clock;
    }

    public void handlePost(HttpExchange exchange, String region) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            Http.error(exchange, 405, "POST only");
            return;
        }
        GatewayFaults f = faults;
        if (f != null && ThreadLocalRandom.current().nextDouble() < f.failureRate()) {
            Http.body(exchange);
            sleep(f.latencyMs());
            if (f.status() != 202) {
                if (f.retryAfterSeconds() != null) {
                    exchange.getResponseHeaders().set("Retry-After", Integer.toString(f.retryAfterSeconds()));
                }
                exception(exchange, f.status(), f.code(), "injected fault");
                return;
            }
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
        String messageId = event.path("header").path("messageId").asText("");
        if (!acceptedMessageIds.add(messageId)) {
            duplicates.incrementAndGet();
        }
        events.add(new ReceivedEvent(region, clock.instant().toString(), authorization, body));
        Http.send(exchange, 202, "application/json", new byte[0]);
    }

    /** Injects faults into later posts (replacing earlier ones). */
    public void setFaults(GatewayFaults faults) {
        this.faults = java.util.Objects.requireNonNull(faults, "faults");
    }

    public void clearFaults() {
        this.faults = null;
    }

    public Stats stats() {
        Map<Integer, Long> byStatus = new java.util.TreeMap<>();
        refused.forEach((status, count) -> byStatus.put(status, count.get()));
        return new Stats(events.size(), duplicates.get(), byStatus);
    }

    /** {@code GET /gateway/stats}. */
    public ObjectNode statsJson() {
        Stats stats = stats();
        ObjectNode node = Http.JSON.createObjectNode();
        node.put("accepted", stats.accepted());
        node.put("duplicateMessageIds", stats.duplicateMessageIds());
        ObjectNode byStatus = node.putObject("refused");
        stats.refusedByStatus().forEach((status, count) -> byStatus.put(Integer.toString(status), count));
        GatewayFaults f = faults;
        if (f != null) {
            node.set("faults", Http.JSON.valueToTree(f));
        }
        return node;
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void exception(HttpExchange exchange, int status, String code, String description) throws IOException {
        refused.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
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

    /** Whether an event with the same messageId was accepted before this one. */
    private boolean isDuplicate(ReceivedEvent e) {
        String id = e.body().path("event").path("header").path("messageId").asText("");
        for (ReceivedEvent earlier : events) {
            if (earlier == e) {
                return false;
            }
            if (id.equals(earlier.body().path("event").path("header").path("messageId").asText(""))) {
                return true;
            }
        }
        return false;
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
            node.put("duplicateMessageId", isDuplicate(e));
            node.set("body", e.body());
        }
        return array;
    }
}
