package dev.homewire.alexa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.core.capability.AlexaLimits;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An inbound Alexa directive, parsed and checked once at the edge. Anything that does not look
 * like a payloadVersion 3 directive is refused with {@link InvalidDirectiveException}.
 */
public final class Directive {

    private final Header header;
    private final Endpoint endpoint;
    private final JsonNode payload;
    private final ObjectNode raw;

    /** The endpoint a directive addresses; the scope token is the account-linking token. */
    public record Endpoint(String endpointId, Scope scope, Map<String, String> cookie) {
        public Endpoint {
            cookie = cookie == null ? Map.of() : Map.copyOf(cookie);
        }
    }

    private Directive(Header header, Endpoint endpoint, JsonNode payload, ObjectNode raw) {
        this.header = header;
        this.endpoint = endpoint;
        this.payload = payload;
        this.raw = raw;
    }

    public static Directive parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException | RuntimeException e) {
            throw new InvalidDirectiveException("body is not valid JSON", null, null);
        }
        return fromJson(root);
    }

    public static Directive parse(String body) {
        return parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static Directive fromJson(JsonNode root) {
        if (root == null || !root.isObject() || !root.path("directive").isObject()) {
            throw new InvalidDirectiveException("message has no 'directive' object", null, null);
        }
        JsonNode directive = root.get("directive");
        JsonNode h = directive.path("header");
        String correlationToken = text(h, "correlationToken");
        String endpointId = text(directive.path("endpoint"), "endpointId");
        if (!h.isObject()) {
            throw new InvalidDirectiveException("directive has no header", correlationToken, endpointId);
        }
        String namespace = required(h, "namespace", correlationToken, endpointId);
        String name = required(h, "name", correlationToken, endpointId);
        String payloadVersion = required(h, "payloadVersion", correlationToken, endpointId);
        String messageId = required(h, "messageId", correlationToken, endpointId);
        if (!"3".equals(payloadVersion)) {
            throw new InvalidDirectiveException("unsupported payloadVersion " + payloadVersion + "; only 3 is supported",
                    correlationToken, endpointId);
        }
        JsonNode payload = directive.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new InvalidDirectiveException(namespace + "." + name + " has no payload object", correlationToken, endpointId);
        }
        Endpoint endpoint = null;
        JsonNode e = directive.get("endpoint");
        if (e != null && !e.isNull()) {
            if (!e.isObject()) {
                throw new InvalidDirectiveException("endpoint is not an object", correlationToken, null);
            }
            if (!AlexaLimits.validEndpointId(endpointId)) {
                throw new InvalidDirectiveException("endpoint has no valid endpointId", correlationToken, null);
            }
            Scope scope = scope(e.path("scope"));
            Map<String, String> cookie = new LinkedHashMap<>();
            e.path("cookie").fields().forEachRemaining(f -> cookie.put(f.getKey(), f.getValue().asText()));
            endpoint = new Endpoint(endpointId, scope, cookie);
        }
        Header header = new Header(namespace, name, payloadVersion, messageId, correlationToken, text(h, "instance"));
        return new Directive(header, endpoint, payload, (ObjectNode) root);
    }

    private static Scope scope(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        String token = text(node, "token");
        return token == null ? null : new Scope(Optional.ofNullable(text(node, "type")).orElse("BearerToken"), token);
    }

    private static String required(JsonNode node, String field, String correlationToken, String endpointId) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw new InvalidDirectiveException("directive header has no '" + field + "'", correlationToken, endpointId);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    public Header header() {
        return header;
    }

    public String namespace() {
        return header.namespace();
    }

    public String name() {
        return header.name();
    }

    public String correlationToken() {
        return header.correlationToken();
    }

    public Optional<Endpoint> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public JsonNode payload() {
        return payload;
    }

    /**
     * The account-linking token the directive carries: {@code endpoint.scope} for endpoint
     * directives, {@code payload.scope} (Discover) or {@code payload.grantee} (AcceptGrant).
     */
    public Optional<String> bearerToken() {
        if (endpoint != null && endpoint.scope() != null) {
            return Optional.of(endpoint.scope().token());
        }
        for (String field : new String[] {"scope", "grantee"}) {
            Scope s = scope(payload.path(field));
            if (s != null) {
                return Optional.of(s.token());
            }
        }
        return Optional.empty();
    }

    /** The directive as received, for queueing; it holds the linking token, so never log it. */
    public ObjectNode raw() {
        return raw;
    }

    @Override
    public String toString() {
        return "Directive[" + header.namespace() + "." + header.name() + ", messageId=" + header.messageId()
                + (endpoint == null ? "" : ", endpointId=" + endpoint.endpointId()) + "]";
    }
}
