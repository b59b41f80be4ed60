package dev.homewire.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homewire.adapter.spi.PushNotifications;
import dev.homewire.adapter.spi.WebhookRejectedException;
import dev.homewire.adapter.spi.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test fixtures for push adapters whose cloud signs webhooks the common HMAC-SHA256 way
 * ({@code <timestamp header>: <epoch seconds>}, {@code <signature header>: v1=<lower-case hex
 * HMAC-SHA256 of "<timestamp>." + raw body, keyed with the secret's UTF-8 bytes>}): deliveries
 * signed as the vendor would, header sets with one header removed or replaced for tampering, and
 * the check that the adapter refuses a delivery with the right status.
 *
 * <p>The signature is computed here, from the shared secret alone: deliberately not with the
 * adapter's verifier ({@code WebhookSignatures}) or the simulator's sender, so that a test
 * catches either side getting the scheme wrong.
 *
 * <pre>{@code
 * WebhookSigning acme = new WebhookSigning("Acme-Timestamp", "Acme-Signature");
 * push.parseWebhook(acme.signed(secret, "{\"event_id\": …}"));
 * WebhookSigning.assertRefused(push, new WebhookRequest(WebhookSigning.without(genuine, "Acme-Signature"),
 *         genuine.body(), genuine.receivedAt()), 401, "no signature");
 * }</pre>
 */
public final class WebhookSigning {

    private final String timestampHeader;
    private final String signatureHeader;

    /**
     * @param timestampHeader the header the cloud puts the signed timestamp in, e.g. {@code Acme-Timestamp}
     * @param signatureHeader the header the cloud puts {@code v1=<signature>} in, e.g. {@code Acme-Signature}
     */
    public WebhookSigning(String timestampHeader, String signatureHeader) {
        this.timestampHeader = Objects.requireNonNull(timestampHeader, "timestampHeader");
        this.signatureHeader = Objects.requireNonNull(signatureHeader, "signatureHeader");
    }

    /** Lower-case hex HMAC-SHA256 of {@code "<timestamp>." + body}, keyed with the secret's UTF-8 bytes. */
    public static String hmacHex(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The headers of a JSON delivery of {@code body} signed with {@code secret} and stamped {@code at}. */
    public Map<String, List<String>> headers(String secret, Instant at, byte[] body) {
        String timestamp = Long.toString(at.getEpochSecond());
        return Map.of("Content-Type", List.of("application/json"),
                timestampHeader, List.of(timestamp),
                signatureHeader, List.of("v1=" + hmacHex(secret, timestamp, body)));
    }

    /** A delivery of the UTF-8 {@code json}, signed now with {@code secret} and received now, as if the cloud had sent it. */
    public WebhookRequest signed(String secret, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Instant now = Instant.now();
        return new WebhookRequest(headers(secret, now, body), body, now);
    }

    /** The delivery's headers without {@code header} (compared case-insensitively), as a mutable map. */
    public static Map<String, List<String>> without(WebhookRequest request, String header) {
        Map<String, List<String>> headers = new HashMap<>();
        request.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase(header)) {
                headers.put(k, v);
            }
        });
        return headers;
    }

    /** The delivery's headers with {@code header} set to {@code value} alone, as a mutable map. */
    public static Map<String, List<String>> with(WebhookRequest request, String header, String value) {
        Map<String, List<String>> headers = without(request, header);
        headers.put(header, List.of(value));
        return headers;
    }

    /** Asserts that the adapter refuses the delivery with {@link WebhookRejectedException} of HTTP {@code status}. */
    public static void assertRefused(PushNotifications push, WebhookRequest request, int status, String what) {
        WebhookRejectedException e = assertThrows(WebhookRejectedException.class, () -> push.parseWebhook(request),
                what + " must be refused");
        assertEquals(status, e.httpStatus(), what + " is refused with HTTP " + status + " (" + e.getMessage() + ")");
    }
}
