package dev.homewire.adapter.spi.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.WebhookRejectedException;
import dev.homewire.adapter.spi.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {
    private static final String SECRET = "acwh_secret";
    private static final Instant NOW = Instant.parse("2025-03-14T09:26:53Z");
    private static final byte[] BODY = "{\"event_id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);

    private static final WebhookSignatures ACME = WebhookSignatures.builder("Acme")
            .timestampHeader("Acme-Timestamp")
            .signatureHeader("Acme-Signature")
            .secrets(List.of(SECRET))
            .build();

    /** Our own HMAC, independent of the class under test. */
    private static String hmacHex(String secret, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static WebhookRequest delivery(String timestamp, String signature, Instant receivedAt) {
        return new WebhookRequest(Map.of("acme-timestamp", List.of(timestamp), "ACME-SIGNATURE", List.of(signature)), BODY,
                receivedAt);
    }

    private static WebhookRequest signed(String secret, Instant at) throws Exception {
        String timestamp = Long.toString(at.getEpochSecond());
        return delivery(timestamp, "v1=" + hmacHex(secret, timestamp, BODY), NOW);
    }

    private static String refusal(WebhookSignatures signatures, WebhookRequest request) {
        WebhookRejectedException e = assertThrows(WebhookRejectedException.class, () -> signatures.verify(request));
        assertEquals(401, e.httpStatus());
        return e.getMessage();
    }

    @Test
    void acceptsTheSignatureOfASecretWithinTheTolerance() throws Exception {
        assertDoesNotThrow(() -> ACME.verify(signed(SECRET, NOW)));
        assertDoesNotThrow(() -> ACME.verify(signed(SECRET, NOW.minus(Duration.ofMinutes(5)))), "the edge of the tolerance");
        assertDoesNotThrow(() -> ACME.verify(signed(SECRET, NOW.plus(Duration.ofMinutes(5)))));
        String timestamp = Long.toString(NOW.getEpochSecond());
        String rotated = "v0=" + "ab".repeat(32) + ", v1=" + hmacHex("acwh_old", timestamp, BODY) + " , v1= "
                + hmacHex(SECRET, timestamp, BODY);
        assertDoesNotThrow(() -> ACME.verify(delivery(" " + timestamp + " ", rotated, NOW)), "any v1 entry, trimmed");
        assertEquals(Duration.ofMinutes(5), ACME.tolerance());
        assertEquals("Acme-Timestamp", ACME.timestampHeader());
        assertEquals("Acme-Signature", ACME.signatureHeader());
    }

    @Test
    void refusesWithWhatWasWrongAndNeverTheSecret() throws Exception {
        String timestamp = Long.toString(NOW.getEpochSecond());
        String good = "v1=" + hmacHex(SECRET, timestamp, BODY);
        assertEquals("Acme webhook refused: no Acme-Timestamp header",
                refusal(ACME, new WebhookRequest(Map.of("Acme-Signature", List.of(good)), BODY, NOW)));
        assertEquals("Acme webhook refused: no Acme-Signature header", refusal(ACME, delivery(timestamp, "  ", NOW)));
        assertEquals("Acme webhook refused: Acme-Timestamp is not epoch seconds", refusal(ACME, delivery("1e9", good, NOW)));
        assertEquals("Acme webhook refused: timestamp 301 s away from the time of receipt (tolerance 300 s): stale, replayed"
                + " or from the future", refusal(ACME, signed(SECRET, NOW.minusSeconds(301))));
        assertEquals("Acme webhook refused: Acme-Signature has no well-formed v1 signature",
                refusal(ACME, delivery(timestamp, "v0=" + good.substring(3) + ",v1=zz,v1=abcd", NOW)));
        assertEquals("Acme webhook refused: signature does not match", refusal(ACME, signed("acwh_other", NOW)));
        assertEquals("Acme webhook refused: signature does not match",
                refusal(ACME, new WebhookRequest(delivery(timestamp, good, NOW).headers(), "{}".getBytes(StandardCharsets.UTF_8), NOW)));
        assertFalse(refusal(ACME, signed("acwh_other", NOW)).contains(SECRET));
    }

    @Test
    void headersSchemeToleranceAndSecretsAreTheVendors() throws Exception {
        WebhookSignatures strict = WebhookSignatures.builder("Strict")
                .timestampHeader("X-Time").signatureHeader("X-Sig").scheme("s2").tolerance(Duration.ofSeconds(30))
                .secrets(List.of("old", "new")).build();
        String timestamp = Long.toString(NOW.minusSeconds(20).getEpochSecond());
        Map<String, List<String>> headers = Map.of("X-Time", List.of(timestamp), "X-Sig", List.of("s2=" + hmacHex("old", timestamp, BODY)));
        assertDoesNotThrow(() -> strict.verify(new WebhookRequest(headers, BODY, NOW)));
        assertTrue(refusal(strict, new WebhookRequest(headers, BODY, NOW.plusSeconds(15))).contains("tolerance 30 s"));
        Map<String, List<String>> v1 = Map.of("X-Time", List.of(timestamp), "X-Sig", List.of("v1=" + hmacHex("new", timestamp, BODY)));
        assertEquals("Strict webhook refused: X-Sig has no well-formed s2 signature", refusal(strict, new WebhookRequest(v1, BODY, NOW)));
        assertTrue(refusal(ACME, new WebhookRequest(headers, BODY, NOW)).contains("no Acme-Timestamp header"));
        assertDoesNotThrow(() -> strict.verify(new WebhookRequest(Map.of("X-Time", List.of(Long.toString(Instant.now().getEpochSecond())),
                "X-Sig", List.of("s2=" + hmacHex("new", Long.toString(Instant.now().getEpochSecond()), BODY))), BODY, null)),
                "no time of receipt: now");
    }

    @Test
    void isBuiltOnlyWithHeadersAndSecrets() {
        assertThrows(NullPointerException.class, () -> WebhookSignatures.builder("Acme").signatureHeader("S").secrets(List.of("s")).build());
        assertThrows(NullPointerException.class, () -> WebhookSignatures.builder("Acme").timestampHeader("T").secrets(List.of("s")).build());
        assertThrows(NullPointerException.class, () -> WebhookSignatures.builder("Acme").timestampHeader("T").signatureHeader("S").build());
        assertThrows(IllegalArgumentException.class,
                () -> WebhookSignatures.builder("Acme").timestampHeader("T").signatureHeader("S").secrets(List.of()).build());
        assertThrows(IllegalArgumentException.class,
                () -> WebhookSignatures.builder("Acme").timestampHeader("T").signatureHeader("S").secrets(List.of("s", " ")).build());
        assertThrows(IllegalArgumentException.class, () -> WebhookSignatures.builder("Acme").scheme("v1="));
        assertThrows(IllegalArgumentException.class, () -> WebhookSignatures.builder("Acme").tolerance(Duration.ofSeconds(-1)));
    }

    @Test
    void secretsSettingSplitsARotationAndNamesTheVariableWhenEmpty() throws Exception {
        try (CloseableHttpClient client = HttpClients.createDefault()) {
            AdapterContext rotating = new AdapterContext("acme", Map.of("HOMEWIRE_ADAPTER_ACME_WEBHOOK_SECRET", " new , old,"), client,
                    Duration.ofSeconds(1));
            assertEquals(List.of("new", "old"), WebhookSignatures.secretsSetting(rotating, "WEBHOOK_SECRET"));
            AdapterContext empty = new AdapterContext("acme", Map.of("HOMEWIRE_ADAPTER_ACME_WEBHOOK_SECRET", " , "), client,
                    Duration.ofSeconds(1));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> WebhookSignatures.secretsSetting(empty, "WEBHOOK_SECRET"));
            assertEquals("adapter acme: HOMEWIRE_ADAPTER_ACME_WEBHOOK_SECRET names no secret", e.getMessage());
            AdapterContext missing = new AdapterContext("acme", Map.of(), client, Duration.ofSeconds(1));
            assertThrows(IllegalStateException.class, () -> WebhookSignatures.secretsSetting(missing, "WEBHOOK_SECRET"));
        }
    }
}
