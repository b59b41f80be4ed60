package dev.homewire.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** The official sample messages in {@code ../shared/alexa-smarthome/sample_messages}. */
public final class AlexaSamples {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlexaSamples() {
    }

    /**
     * Loads a sample, e.g. {@code "PowerController/PowerController.TurnOn.request.json"}; skips
     * the calling test when the shared folder is absent.
     */
    public static ObjectNode load(String relativePath) {
        Path dir = SharedFiles.alexaSmartHome().map(p -> p.resolve("sample_messages")).orElse(null);
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "skipped: ../shared/alexa-smarthome/sample_messages not found (set HOMEWIRE_SHARED_DIR)");
        try {
            return (ObjectNode) MAPPER.readTree(dir.resolve(relativePath).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every official sample that is a directive (its root holds {@code directive}), by relative
     * path, sorted; new samples dropped into the folder are picked up. Skips the calling test when
     * the shared folder is absent.
     */
    public static SortedMap<String, ObjectNode> directives() {
        Path dir = SharedFiles.alexaSmartHome().map(p -> p.resolve("sample_messages")).orElse(null);
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "skipped: ../shared/alexa-smarthome/sample_messages not found (set HOMEWIRE_SHARED_DIR)");
        SortedMap<String, ObjectNode> directives = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                ObjectNode sample = (ObjectNode) MAPPER.readTree(file.toFile());
                if (sample.has("directive")) {
                    directives.put(dir.relativize(file).toString().replace('\\', '/'), sample);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return directives;
    }

    /**
     * A sample directive re-addressed to a real user and endpoint: the linking token replaces
     * {@code endpoint.scope.token} / {@code payload.scope.token} / {@code payload.grantee.token},
     * and {@code endpointId} is replaced when the directive has an endpoint.
     */
    public static ObjectNode directive(String relativePath, String linkingToken, String endpointId) {
        ObjectNode sample = load(relativePath);
        ObjectNode directive = (ObjectNode) sample.get("directive");
        if (directive.has("endpoint")) {
            ObjectNode endpoint = (ObjectNode) directive.get("endpoint");
            if (endpointId != null) {
                endpoint.put("endpointId", endpointId);
            }
            if (endpoint.has("scope")) {
                ((ObjectNode) endpoint.get("scope")).put("token", linkingToken);
            }
        }
        ObjectNode payload = (ObjectNode) directive.get("payload");
        for (String field : new String[] {"scope", "grantee"}) {
            if (payload != null && payload.has(field)) {
                ((ObjectNode) payload.get(field)).put("token", linkingToken);
            }
        }
        return sample;
    }
}
