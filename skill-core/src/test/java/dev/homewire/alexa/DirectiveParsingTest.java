package dev.homewire.alexa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.core.capability.AlexaLimits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Strict reading of request bodies: exactly one JSON value in UTF-8, header fields within the
 * limits of where an accepted directive goes (SQS, DynamoDB keys), nothing an SQS message cannot
 * carry. Each refusal is an {@link InvalidDirectiveException} that carries a correlationToken only
 * when an answer may echo it.
 */
class DirectiveParsingTest {
    private static final String TURN_ON = "PowerController/PowerController.TurnOn.request.json";
    private static final String SAMPLE_TOKEN = "dFMb0z+PgpgdDmluhJ1LddFvSqZ/jCc8ptlAKulUj90jSqg==";

    private static String turnOn() {
        return AlexaSamples.load(TURN_ON).toString();
    }

    private static String turnOnWith(Consumer<ObjectNode> header) {
        ObjectNode root = AlexaSamples.load(TURN_ON);
        header.accept((ObjectNode) root.at("/directive/header"));
        return root.toString();
    }

    private static InvalidDirectiveException refused(byte[] body) {
        return assertThrows(InvalidDirectiveException.class, () -> Directive.parse(body));
    }

    private static InvalidDirectiveException refused(String body) {
        return refused(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theSampleIsReadAndSoIsItWithOneLeadingUtf8ByteOrderMark() {
        assertEquals("TurnOn", Directive.parse(turnOn()).name());
        ByteArrayOutputStream withBom = new ByteArrayOutputStream();
        withBom.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        withBom.writeBytes(turnOn().getBytes(StandardCharsets.UTF_8));
        assertEquals("TurnOn", Directive.parse(withBom.toByteArray()).name());
        assertEquals("TurnOn", Directive.parse("  \n" + turnOn() + " \n\t").name(), "whitespace around the value is fine");
    }

    @Test
    void anythingButExactlyOneUtf8JsonValueIsRefused() {
        String sample = turnOn();
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("trailing garbage", (sample + "garbage").getBytes(StandardCharsets.UTF_8));
        bodies.put("a trailing brace", (sample + "}").getBytes(StandardCharsets.UTF_8));
        bodies.put("two directives", (sample + sample).getBytes(StandardCharsets.UTF_8));
        bodies.put("two directives, a newline apart", (sample + "\n" + sample).getBytes(StandardCharsets.UTF_8));
        bodies.put("a trailing number", (sample + " 1").getBytes(StandardCharsets.UTF_8));
        for (String charset : new String[] {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32"}) {
            bodies.put(charset, sample.getBytes(Charset.forName(charset)));
        }
        bodies.put("Latin-1 bytes", sample.replace("TurnOn", "TurnOn\u00e9").getBytes(StandardCharsets.ISO_8859_1));
        bodies.put("a raw NUL inside a string", sample.replace("1bd5d003", "\u0000").getBytes(StandardCharsets.UTF_8));
        bodies.put("a BOM in the middle", sample.replace("\"payload\"", "\uFEFF\"payload\"").getBytes(StandardCharsets.UTF_8));
        bodies.put("two BOMs", ("\uFEFF\uFEFF" + sample).getBytes(StandardCharsets.UTF_8));
        bodies.put("a repeated field", sample.replace("\"payload\":{}", "\"payload\":{},\"payload\":{\"x\":1}")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("truncated", sample.substring(0, sample.length() / 2).getBytes(StandardCharsets.UTF_8));
        byte[] cesu = sample.getBytes(StandardCharsets.UTF_8);
        int at = sample.indexOf("1bd5d003");
        byte[] withSurrogate = new byte[cesu.length + 2];
        System.arraycopy(cesu, 0, withSurrogate, 0, at);
        withSurrogate[at] = (byte) 0xED;
        withSurrogate[at + 1] = (byte) 0xA0;
        withSurrogate[at + 2] = (byte) 0x80;
        System.arraycopy(cesu, at + 1, withSurrogate, at + 3, cesu.length - at - 1);
        bodies.put("an encoded lone surrogate", withSurrogate);
        for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
            InvalidDirectiveException e = refused(body.getValue());
            assertNull(e.correlationToken(), body.getKey());
        }
        System.out.printf("bodies that are not exactly one UTF-8 JSON value refused: %d%n", bodies.size());
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeParsing() {
        String padded = turnOn().replace("\"payload\":{}", "\"payload\":{\"pad\":\"" + "x".repeat(AlexaLimits.MAX_DIRECTIVE_BYTES) + "\"}");
        assertTrue(refused(padded).getMessage().contains("at most " + AlexaLimits.MAX_DIRECTIVE_BYTES));
    }

    @Test
    void headerFieldsBeyondTheKeyLimitsAreRefused() {
        String longToken = "t".repeat(AlexaLimits.MAX_CORRELATION_TOKEN_BYTES + 1);
        InvalidDirectiveException e = refused(turnOnWith(h -> h.put("correlationToken", longToken)));
        assertNull(e.correlationToken(), "a token that is too long is not echoed");
        assertTrue(e.getMessage().contains("correlationToken"));
        // multi-byte characters count in bytes: 342 x 3 bytes = 1,026 bytes
        refused(turnOnWith(h -> h.put("correlationToken", "\u20ac".repeat(342))));
        Directive.parse(turnOnWith(h -> h.put("correlationToken", "t".repeat(AlexaLimits.MAX_CORRELATION_TOKEN_BYTES))));

        e = refused(turnOnWith(h -> h.put("messageId", "m".repeat(AlexaLimits.MAX_MESSAGE_ID_BYTES + 1))));
        assertEquals(SAMPLE_TOKEN, e.correlationToken(), "the token is fine, so it is echoed");
        Directive.parse(turnOnWith(h -> h.put("messageId", "m".repeat(AlexaLimits.MAX_MESSAGE_ID_BYTES))));
    }

    @Test
    void anEmptyOrRetypedCorrelationTokenIsRefusedAndNotEchoed() {
        for (Consumer<ObjectNode> change : java.util.List.<Consumer<ObjectNode>>of(h -> h.put("correlationToken", ""),
                h -> h.put("correlationToken", 42), h -> h.putNull("correlationToken"), h -> h.putObject("correlationToken"))) {
            InvalidDirectiveException e = refused(turnOnWith(change));
            assertNull(e.correlationToken(), e.getMessage());
        }
        InvalidDirectiveException e = refused(turnOnWith(h -> h.put("instance", 7)));
        assertEquals(SAMPLE_TOKEN, e.correlationToken(), "a retyped instance leaves the token good to echo");
    }

    @Test
    void charactersSqsCannotCarryAreRefusedAnywhereInTheDirective() {
        String[] bad = {"\uD800", "\uDC00", "\uFFFF", "\uFFFE", "\u0000", "\u0001", "\u001F", "x\uDBFFy"};
        int refusedCount = 0;
        for (String c : bad) {
            String escaped = String.format("\\u%04x", (int) c.charAt(c.length() == 1 ? 0 : 1));
            for (String[] where : new String[][] {{"\"1bd5d003", "\"" + escaped + "1bd5d003"},
                {"\"dFMb0z", "\"" + escaped + "dFMb0z"}, {"\"payload\":{}", "\"payload\":{\"note\":\"" + escaped + "\"}"},
                {"\"cookie\":{}", "\"cookie\":{\"k" + escaped + "\":\"v\"}"}}) {
                String body = turnOn().replace(where[0], where[1]);
                InvalidDirectiveException e = refused(body);
                assertTrue(e.getMessage().contains("U+"), e.getMessage());
                if (!where[0].equals("\"dFMb0z")) {
                    assertEquals(SAMPLE_TOKEN, e.correlationToken(), "a good token is echoed: " + e.getMessage());
                } else {
                    assertNull(e.correlationToken());
                }
                assertTrue(Json.write(Json.object().put("m", e.getMessage())).length() > 0, "the message can be written");
                refusedCount++;
            }
        }
        // what SQS takes passes: tab, newline, an emoji (a surrogate pair), U+FFFD, U+E000
        Directive.parse(turnOn().replace("\"payload\":{}", "\"payload\":{\"note\":\"a\\tb\\nc \uD83D\uDE00 \uFFFD \uE000\"}"));
        System.out.printf("directives with characters SQS cannot carry refused: %d (%d characters x 4 places)%n", refusedCount, bad.length);
    }

    @Test
    void theDeduplicationKeyIsMessageIdAndCorrelationTokenHashedToAFixedLength() {
        Directive a = Directive.parse(turnOn());
        Directive sameAgain = Directive.parse(turnOn());
        Directive newToken = Directive.parse(turnOnWith(h -> h.put("correlationToken", "another-token")));
        Directive longest = Directive.parse(turnOnWith(h -> h.put("messageId", "m".repeat(AlexaLimits.MAX_MESSAGE_ID_BYTES))
                .put("correlationToken", "t".repeat(AlexaLimits.MAX_CORRELATION_TOKEN_BYTES))));
        Directive noToken = Directive.parse(turnOnWith(h -> h.remove("correlationToken")));
        Directive shifted1 = Directive.parse(turnOnWith(h -> h.put("messageId", "ab").put("correlationToken", "c")));
        Directive shifted2 = Directive.parse(turnOnWith(h -> h.put("messageId", "a").put("correlationToken", "bc")));

        assertEquals(a.deduplicationKey(), sameAgain.deduplicationKey(), "Alexa's retry of the same directive is a duplicate");
        assertNotEquals(a.deduplicationKey(), newToken.deduplicationKey(), "a reused messageId with a new token is a new directive");
        assertNotEquals(shifted1.deduplicationKey(), shifted2.deduplicationKey());
        for (Directive d : new Directive[] {a, newToken, longest, noToken}) {
            assertTrue(d.deduplicationKey().matches("[0-9a-f]{64}"), d.deduplicationKey());
        }
    }

    @Test
    void toStringIsOneShortLineWhateverTheHeaderHolds() {
        String forged = "m-1\n2026-01-01 INFO forged line\r\u2028" + "x".repeat(100_000);
        Directive d = Directive.parse(turnOnWith(h -> h.put("messageId", "m".repeat(10)).put("name", "TurnOn\nforged")));
        assertTrue(d.toString().contains("TurnOn\\nforged"), d.toString());
        Directive big = Directive.fromJson(Json.read(turnOnWith(h -> h.put("messageId", forged.substring(0, 2000)))));
        assertTrue(big.toString().length() < 400, big.toString());
        assertTrue(big.toString().lines().count() == 1);
    }
}
