package dev.homewire.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * The official Alexa Smart Home message schema (draft-04), loaded once per test JVM (it takes
 * ~0.4 s). Tests call {@link #assertValid(String)} on every message the code emits.
 */
public final class AlexaSchema {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static volatile Schema schema;

    private AlexaSchema() {
    }

    /** Whether the schema file is there; tests that need it skip with a clear message when not. */
    public static boolean available() {
        return schemaPath().isPresent();
    }

    /** Skips the calling test (JUnit assumption) when {@code ../shared/alexa-smarthome} is absent. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(available(),
                "skipped: ../shared/alexa-smarthome/validation_schemas/alexa_smart_home_message_schema.json not found "
                        + "(set HOMEWIRE_SHARED_DIR to the folder holding alexa-smarthome/)");
    }

    private static Optional<Path> schemaPath() {
        return SharedFiles.alexaSmartHome()
                .map(p -> p.resolve("validation_schemas/alexa_smart_home_message_schema.json"))
                .filter(Files::isRegularFile);
    }

    private static Schema schema() {
        Schema s = schema;
        if (s == null) {
            synchronized (AlexaSchema.class) {
                s = schema;
                if (s == null) {
                    assumeAvailable();
                    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
                    try (InputStream in = Files.newInputStream(schemaPath().orElseThrow())) {
                        s = registry.getSchema(in, InputFormat.JSON);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    schema = s;
                }
            }
        }
        return s;
    }

    /** Errors of the message against the schema; empty when valid. */
    public static List<String> validate(String messageJson) {
        List<Error> errors = schema().validate(messageJson, InputFormat.JSON);
        return errors.stream().map(Error::toString).collect(Collectors.toList());
    }

    /**
     * Fails with the message's namespace/name first (the schema's root is a oneOf, so a bad
     * message yields many errors) and the first errors.
     */
    public static void assertValid(String messageJson) {
        List<String> errors = validate(messageJson);
        if (!errors.isEmpty()) {
            String what;
            try {
                JsonNode header = MAPPER.readTree(messageJson).path("event").path("header");
                what = header.path("namespace").asText() + "." + header.path("name").asText();
            } catch (IOException e) {
                what = "unparseable message";
            }
            String head = errors.stream().limit(15).collect(Collectors.joining("\n  "));
            throw new AssertionError(what + " does not validate against the Alexa schema (" + errors.size()
                    + " errors):\n  " + head + "\nmessage: " + messageJson);
        }
    }

    public static void assertValid(JsonNode message) {
        try {
            assertValid(MAPPER.writeValueAsString(message));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Any message the skill sends: DeleteReports by {@link #assertDeleteReportValid} (the schema has
     * none), everything else by the official schema.
     */
    public static void assertValidEvent(JsonNode message) {
        if ("DeleteReport".equals(message.path("event").path("header").path("name").asText())) {
            assertDeleteReportValid(message);
        } else {
            assertValid(message);
        }
    }

    private static final java.util.regex.Pattern MESSAGE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9\\-]{1,127}");
    private static final java.util.regex.Pattern ENDPOINT_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_\\-=#;:?@&]{1,256}");

    /**
     * Checks an {@code Alexa.Discovery.DeleteReport}, which the official schema does not cover, by
     * Alexa's documented shape: header (namespace, name, payloadVersion 3, messageId), payload
     * {@code endpoints} (1–300 objects with only a valid {@code endpointId}, no duplicates) and
     * {@code scope} ({@code BearerToken} with a token), nothing else.
     */
    public static void assertDeleteReportValid(JsonNode message) {
        List<String> problems = new java.util.ArrayList<>();
        JsonNode event = message.path("event");
        JsonNode header = event.path("header");
        if (!"Alexa.Discovery".equals(header.path("namespace").asText())) {
            problems.add("header.namespace must be Alexa.Discovery");
        }
        if (!"DeleteReport".equals(header.path("name").asText())) {
            problems.add("header.name must be DeleteReport");
        }
        if (!"3".equals(header.path("payloadVersion").asText())) {
            problems.add("header.payloadVersion must be \"3\"");
        }
        if (!MESSAGE_ID.matcher(header.path("messageId").asText()).matches()) {
            problems.add("header.messageId must be 1-127 characters of [A-Za-z0-9-]");
        }
        java.util.Set<String> allowed = java.util.Set.of("header", "payload");
        event.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                problems.add("event." + f + " is not allowed");
            }
        });
        JsonNode payload = event.path("payload");
        payload.fieldNames().forEachRemaining(f -> {
            if (!f.equals("endpoints") && !f.equals("scope")) {
                problems.add("payload." + f + " is not allowed");
            }
        });
        JsonNode endpoints = payload.path("endpoints");
        if (!endpoints.isArray() || endpoints.isEmpty() || endpoints.size() > 300) {
            problems.add("payload.endpoints must hold 1-300 endpoints");
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (JsonNode endpoint : endpoints) {
            String id = endpoint.path("endpointId").asText("");
            if (endpoint.size() != 1 || !ENDPOINT_ID.matcher(id).matches()) {
                problems.add("each endpoint is {endpointId} with a valid id, got " + endpoint);
            } else if (!ids.add(id)) {
                problems.add("endpoint " + id + " listed twice");
            }
        }
        JsonNode scope = payload.path("scope");
        if (!"BearerToken".equals(scope.path("type").asText()) || scope.path("token").asText("").isEmpty()) {
            problems.add("payload.scope must be {type: BearerToken, token}");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Alexa.Discovery.DeleteReport is not valid: " + problems + "\nmessage: " + message);
        }
    }
}
