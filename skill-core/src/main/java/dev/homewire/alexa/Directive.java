package dev.homewire.alexa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.core.capability.AlexaLimits;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.homewire.core.util.Hashes;
import dev.homewire.core.util.LogSafe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
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

    /**
     * Reads a request body strictly: exactly one JSON value in UTF-8, at most
     * {@link AlexaLimits#MAX_DIRECTIVE_BYTES}. Refused (INVALID_DIRECTIVE): bytes that are not
     * UTF-8 (a UTF-16 or UTF-32 body among them), data after the value (a second directive,
     * trailing garbage), a field name repeated in one object, numbers or nesting beyond Jackson's
     * read constraints. <b>Byte order mark:</b> one UTF-8 BOM (EF BB BF) at the very start is ignored,
     * as RFC 8259 §8.1 allows a parser to; a BOM anywhere else is not whitespace and so is refused.
     */
    public static Directive parse(byte[] body) {
        if (body.length > AlexaLimits.MAX_DIRECTIVE_BYTES) {
            throw new InvalidDirectiveException("the body has " + body.length + " bytes; directives of at most "
                    + AlexaLimits.MAX_DIRECTIVE_BYTES + " bytes are accepted", null, null);
        }
        return fromJson(readStrictly(body));
    }

    public static Directive parse(String body) {
        return parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static JsonNode readStrictly(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidDirectiveException("the body is not UTF-8 text", null, null);
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(text)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonNode root = Json.MAPPER.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw new InvalidDirectiveException("the body has data after the directive's JSON object; send exactly one JSON value",
                        null, null);
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new InvalidDirectiveException("the body exceeds the reader's limits (a number too long, or nesting too deep)",
                    null, null);
        } catch (JsonParseException e) {
            String original = String.valueOf(e.getOriginalMessage());
            throw new InvalidDirectiveException(original.startsWith("Duplicate field")
                    ? "the body repeats a field name within one object" : "the body is not valid JSON", null, null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidDirectiveException) {
                throw (InvalidDirectiveException) e;
            }
            throw new InvalidDirectiveException("the body is not valid JSON", null, null);
        }
    }

    /**
     * Checks a parsed message and builds the directive. Besides the envelope's shape: a
     * {@code correlationToken} that is present must be a non-empty string of at most
     * {@link AlexaLimits#MAX_CORRELATION_TOKEN_BYTES}; the {@code messageId} at most
     * {@link AlexaLimits#MAX_MESSAGE_ID_BYTES}; {@code instance} a string; and no string or field name
     * anywhere may hold a character an SQS message cannot carry ({@link AlexaLimits#queueCarries}).
     * The exception carries only a correlationToken that passed those rules, so an answer can echo it.
     */
    public static Directive fromJson(JsonNode root) {
        if (root == null || !root.isObject() || !root.path("directive").isObject()) {
            throw new InvalidDirectiveException("message has no 'directive' object", null, null);
        }
        JsonNode directive = root.get("directive");
        JsonNode h = directive.path("header");
        String correlationToken = echoable(h.get("correlationToken"));
        String endpointId = text(directive.path("endpoint"), "endpointId");
        if (!h.isObject()) {
            throw new InvalidDirectiveException("directive has no header", correlationToken, endpointId);
        }
        String namespace = required(h, "namespace", correlationToken, endpointId);
        String name = required(h, "name", correlationToken, endpointId);
        String payloadVersion = required(h, "payloadVersion", correlationToken, endpointId);
        String messageId = required(h, "messageId", correlationToken, endpointId);
        if (!"3".equals(payloadVersion)) {
            throw new InvalidDirectiveException("unsupported payloadVersion " + LogSafe.value(payloadVersion, 16)
                    + "; only 3 is supported", correlationToken, endpointId);
        }
        checkHeaderFields(h, messageId, correlationToken, endpointId);
        String uncarriable = uncarriable(root, "");
        if (uncarriable != null) {
            throw new InvalidDirectiveException(uncarriable, correlationToken, endpointId);
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

    /** The header's correlationToken when a message may carry it back: a non-empty string within the limits; else null. */
    private static String echoable(JsonNode token) {
        if (token == null || !token.isTextual()) {
            return null;
        }
        String value = token.asText();
        return !value.isEmpty() && AlexaLimits.utf8Length(value) <= AlexaLimits.MAX_CORRELATION_TOKEN_BYTES
                && AlexaLimits.firstUncarriable(value) < 0 ? value : null;
    }

    private static void checkHeaderFields(JsonNode h, String messageId, String correlationToken, String endpointId) {
        JsonNode token = h.get("correlationToken");
        if (token != null) {
            if (!token.isTextual()) {
                throw new InvalidDirectiveException("header.correlationToken must be a string", null, endpointId);
            }
            if (token.asText().isEmpty()) {
                throw new InvalidDirectiveException("header.correlationToken is empty", null, endpointId);
            }
            int bytes = AlexaLimits.utf8Length(token.asText());
            if (bytes > AlexaLimits.MAX_CORRELATION_TOKEN_BYTES) {
                throw new InvalidDirectiveException("header.correlationToken has " + bytes + " bytes; at most "
                        + AlexaLimits.MAX_CORRELATION_TOKEN_BYTES + " are accepted", null, endpointId);
            }
        }
        int messageIdBytes = AlexaLimits.utf8Length(messageId);
        if (messageIdBytes > AlexaLimits.MAX_MESSAGE_ID_BYTES) {
            throw new InvalidDirectiveException("header.messageId has " + messageIdBytes + " bytes; at most "
                    + AlexaLimits.MAX_MESSAGE_ID_BYTES + " are accepted", correlationToken, endpointId);
        }
        JsonNode instance = h.get("instance");
        if (instance != null && !instance.isTextual()) {
            throw new InvalidDirectiveException("header.instance must be a string", correlationToken, endpointId);
        }
    }

    /** Where the message holds a character SQS cannot carry, as a message naming the code point and the field; else null. */
    private static String uncarriable(JsonNode node, String path) {
        if (node.isTextual()) {
            int codePoint = AlexaLimits.firstUncarriable(node.asText());
            return codePoint < 0 ? null : describe(codePoint, path);
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                int codePoint = AlexaLimits.firstUncarriable(field.getKey());
                if (codePoint >= 0) {
                    return describe(codePoint, path.isEmpty() ? "(a field name)" : path + ".(a field name)");
                }
                String found = uncarriable(field.getValue(), fieldPath);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = uncarriable(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String describe(int codePoint, String path) {
        return String.format("%s holds U+%04X, a character this skill cannot accept (allowed: #x9 #xA #xD #x20-#xD7FF "
                + "#xE000-#xFFFD #x10000-#x10FFFF)", LogSafe.value(path, 120), codePoint);
    }

    /** A bearer scope; none when it has no text token or a type other than {@code BearerToken} (the only one Alexa sends). */
    private static Scope scope(JsonNode node) {
        if (!node.isObject()) {
            return null;
        }
        String token = text(node, "token");
        JsonNode type = node.get("type");
        if (token == null || type != null && !(type.isTextual() && type.asText().equals("BearerToken"))) {
            return null;
        }
        return Scope.bearer(token);
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

    /**
     * The key under which to deduplicate this directive: the lower-case hex SHA-256 (64 characters)
     * of its messageId and correlationToken, each length-prefixed so no two pairs share a key.
     * Alexa may send a messageId again with a new correlationToken — a new request that must be
     * answered — so the messageId alone is not the directive; the hash keeps the key short whatever
     * the two fields' lengths.
     */
    public String deduplicationKey() {
        return deduplicationKey(header.messageId(), header.correlationToken());
    }

    /** {@link #deduplicationKey()} of a directive with this messageId and correlationToken (null for none). */
    public static String deduplicationKey(String messageId, String correlationToken) {
        String token = correlationToken == null ? "" : correlationToken;
        return Hashes.sha256Hex(messageId.length() + ":" + messageId + "|" + token.length() + ":" + token);
    }

    /** For log lines: the header fields escaped and cut ({@link LogSafe}); never the token. */
    @Override
    public String toString() {
        return "Directive[" + LogSafe.value(header.namespace(), 64) + "." + LogSafe.value(header.name(), 64)
                + ", messageId=" + LogSafe.value(header.messageId(), 128)
                + (endpoint == null ? "" : ", endpointId=" + LogSafe.value(endpoint.endpointId())) + "]";
    }
}
