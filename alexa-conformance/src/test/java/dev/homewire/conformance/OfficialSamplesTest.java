package dev.homewire.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The validator itself: every official skill→Alexa sample passes, a broken one fails. */
class OfficialSamplesTest {

    @Test
    void everyOfficialEventSampleValidates() throws IOException {
        AlexaSchema.assumeAvailable();
        Path samples = SharedFiles.alexaSmartHome().orElseThrow().resolve("sample_messages");
        List<Path> events;
        try (Stream<Path> files = Files.walk(samples)) {
            events = files.filter(p -> p.toString().endsWith(".json")).filter(p -> {
                try {
                    return Files.readString(p).contains("\"event\"") && !Files.readString(p).contains("\"directive\"");
                } catch (IOException e) {
                    return false;
                }
            }).collect(Collectors.toList());
        }
        assertTrue(events.size() >= 30, "expected the official event samples, found " + events.size());
        for (Path p : events) {
            AlexaSchema.assertValid(Files.readString(p));
        }
    }

    @Test
    void aBrokenMessageIsRefused() {
        AlexaSchema.assumeAvailable();
        String broken = AlexaSamples.load("PowerController/PowerController.TurnOn.response.json").toString()
                .replace("\"timeOfSample\":\"2017-09-27T18:30:30.45Z\"", "\"timeOfSample\":\"yesterday\"");
        assertFalse(AlexaSchema.validate(broken).isEmpty(), "a bad timeOfSample must not validate");
    }
}
