package dev.homewire.entrypoint;

import static dev.homewire.entrypoint.Fixture.SAMPLE_CORRELATION_TOKEN;
import static dev.homewire.entrypoint.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.Temperature;
import dev.homewire.adapter.spi.ThermostatMode;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Json;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.core.capability.AlexaLimits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inputs fuzzing found answered wrongly, each now a clear schema-valid refusal at once with
 * nothing queued: keys too long for the stores, bodies that are not exactly one UTF-8 JSON value,
 * characters SQS cannot carry, numbers beyond any range, empty tokens (not echoed), and log
 * lines that user values cannot forge.
 */
class StrictInputTest {
    private static final String TURN_ON = "PowerController/PowerController.TurnOn.request.json";
    private final Fixture f = new Fixture();
    private final String lamp = f.register("alice", "acme", Fixture.lamp("lamp-1", "Desk lamp"));
    private final String thermostat = f.register("alice", "acme", new Device("th-1", "Hall", null, "Acme", "T-1",
            DeviceKind.THERMOSTAT, List.of(new Trait.Thermostat(new ThermostatProfile(EnumSet.of(ThermostatMode.HEAT,
                    ThermostatMode.COOL, ThermostatMode.AUTO, ThermostatMode.OFF), Temperature.celsius(7), Temperature.celsius(30),
                    ThermostatProfile.Setpoints.SINGLE, null)))));

    @AfterEach
    void close() {
        assertTrue(f.directives.enqueued().isEmpty(), "nothing may be queued");
        f.close();
    }

    private ObjectNode turnOn(Consumer<ObjectNode> header) {
        ObjectNode directive = AlexaSamples.directive(TURN_ON, TestUsers.ALICE_TOKEN, lamp);
        header.accept((ObjectNode) directive.at("/directive/header"));
        return directive;
    }

    @Test
    void keysTooLongForTheStoresAreRefusedAtOnce() {
        JsonNode event = assertError(f.send(turnOn(h -> h.put("correlationToken",
                "c".repeat(AlexaLimits.MAX_CORRELATION_TOKEN_BYTES + 1)))), "INVALID_DIRECTIVE");
        assertFalse(event.path("header").has("correlationToken"), "a token the stores cannot hold is not echoed");
        event = assertError(f.send(turnOn(h -> h.put("messageId", "m".repeat(AlexaLimits.MAX_MESSAGE_ID_BYTES + 1)))),
                "INVALID_DIRECTIVE");
        assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText());
    }

    @Test
    void bodiesThatAreNotExactlyOneUtf8JsonValueAreRefused() {
        String sample = Json.write(turnOn(h -> { }));
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("trailing garbage", (sample + "xyz").getBytes(StandardCharsets.UTF_8));
        bodies.put("two directives", (sample + sample).getBytes(StandardCharsets.UTF_8));
        bodies.put("UTF-16", sample.getBytes(StandardCharsets.UTF_16));
        bodies.put("UTF-16LE", sample.getBytes(StandardCharsets.UTF_16LE));
        bodies.put("UTF-32", sample.getBytes(Charset.forName("UTF-32")));
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            JsonNode event = assertError(f.answer(body.getValue(), Duration.ofSeconds(8)), "INVALID_DIRECTIVE");
            assertFalse(event.path("header").has("correlationToken"), body.getKey());
        }
        ByteArrayOutputStream withBom = new ByteArrayOutputStream();
        withBom.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        withBom.writeBytes(sample.getBytes(StandardCharsets.UTF_8));
        JsonNode answer = f.answer(withBom.toByteArray(), Duration.ofSeconds(8));
        assertEquals("DeferredResponse", answer.at("/event/header/name").asText(), "one leading UTF-8 BOM is ignored");
        f.directives.enqueued().clear();
    }

    @Test
    void charactersSqsCannotCarryAreInvalidDirectiveNotInternalError() {
        for (String bad : new String[] {"\\ud800", "\\udfff", "\\uffff", "\\ufffe", "\\u0000"}) {
            String sample = Json.write(turnOn(h -> { }));
            String inMessageId = sample.replace("\"1bd5d003", "\"" + bad + "1bd5d003");
            JsonNode event = assertError(f.send(inMessageId), "INVALID_DIRECTIVE");
            assertEquals(SAMPLE_CORRELATION_TOKEN, event.path("header").path("correlationToken").asText());
            String inToken = sample.replace("\"dFMb0z", "\"" + bad + "dFMb0z");
            event = assertError(f.send(inToken), "INVALID_DIRECTIVE");
            assertFalse(event.path("header").has("correlationToken"), "a token SQS cannot carry is not echoed");
            String inPayload = sample.replace("\"payload\":{}", "\"payload\":{\"x\":[\"" + bad + "\"]}");
            assertError(f.send(inPayload), "INVALID_DIRECTIVE");
        }
    }

    @Test
    void aSetpointBeyondTheDoubleRangeIsTemperatureValueOutOfRange() {
        for (String value : new String[] {"1e400", "-1e400", "1e308"}) {
            String body = Json.write(AlexaSamples.directive("ThermostatController/ThermostatController.SetTargetTemperature.SingleMode.request.json",
                    TestUsers.ALICE_TOKEN, thermostat)).replaceFirst("\"targetSetpoint\":\\{\"value\":[-0-9.eE]+", "\"targetSetpoint\":{\"value\":" + value);
            assertTrue(body.contains(value), body);
            JsonNode event = assertError(f.send(body), "TEMPERATURE_VALUE_OUT_OF_RANGE");
            assertEquals(7, event.at("/payload/validRange/minimumValue/value").asDouble(), value);
        }
    }

    @Test
    void anEmptyCorrelationTokenOrLinkingTokenIsRefusedAndNotEchoed() {
        JsonNode event = assertError(f.send(turnOn(h -> h.put("correlationToken", ""))), "INVALID_DIRECTIVE");
        assertFalse(event.path("header").has("correlationToken"));

        ObjectNode emptyToken = turnOn(h -> { });
        ((ObjectNode) emptyToken.at("/directive/endpoint/scope")).put("token", "");
        event = assertError(f.send(emptyToken), "INVALID_AUTHORIZATION_CREDENTIAL");
        assertFalse(event.path("endpoint").has("scope"), "an empty token is not echoed: " + event);
        assertEquals(lamp, event.at("/endpoint/endpointId").asText());

        ObjectNode otherType = turnOn(h -> { });
        ((ObjectNode) otherType.at("/directive/endpoint/scope")).put("type", "Basic");
        event = assertError(f.send(otherType), "INVALID_AUTHORIZATION_CREDENTIAL");
        assertFalse(event.path("endpoint").has("scope"), "a scope the schema does not allow is not echoed: " + event);
        ObjectNode reportState = AlexaSamples.directive("StateReport/ReportState.json", TestUsers.ALICE_TOKEN, lamp);
        ((ObjectNode) reportState.at("/directive/endpoint/scope")).put("type", 7);
        assertError(f.send(reportState), "INVALID_AUTHORIZATION_CREDENTIAL"); // not a StateReport echoing type 7

        ObjectNode discovery = AlexaSamples.directive("Discovery/Discovery.request.json", "", null);
        assertError(f.send(discovery), "INVALID_AUTHORIZATION_CREDENTIAL");
    }

    @Test
    void userValuesCannotForgeOrFloodTheLog() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            f.send(turnOn(h -> h.put("messageId", "m-1\n2026-01-01 12:00:00 INFO forged line").put("name", "TurnOn\r\nforged")));
            f.send(turnOn(h -> h.put("messageId", "m".repeat(2000)).put("namespace", "N".repeat(100_000))));
            f.send(Json.write(turnOn(h -> { })).replace("\"payload\":{}", "\"payload\":{}\n2026 INFO forged"));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        assertFalse(log.lines().anyMatch(l -> l.startsWith("2026") || l.startsWith("forged")), "a forged line: " + log);
        assertTrue(log.contains("m-1\\n2026-01-01"), "the newline is escaped");
        int longest = log.lines().mapToInt(String::length).max().orElse(0);
        assertTrue(longest < 1_000, "log lines stay short, longest " + longest);
        System.out.printf("3 hostile directives logged in %d lines, longest %d characters, no forged line%n", log.lines().count(), longest);
    }
}
