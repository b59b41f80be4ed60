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
}
