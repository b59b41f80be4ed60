package dev.homewire.adapter.spi.http;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.PushNotifications;
import dev.homewire.adapter.spi.WebhookRejectedException;
import dev.homewire.adapter.spi.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signature check of a vendor's webhook, done once and right: the HMAC-SHA256 scheme most
 * push clouds use (Stripe-style), which a {@link PushNotifications} runs before it parses anything.
 * One instance per adapter, immutable and thread-safe.
 *
 * <h2>What a delivery must carry</h2>
 * <pre>
 * &lt;timestamp header&gt;: 1741944422                        (decimal epoch seconds of the attempt)
 * &lt;signature header&gt;: v1=&lt;hex&gt;[,v1=&lt;hex&gt;…]
 * &lt;hex&gt; = lower-case hex( HMAC-SHA256( key = UTF-8 bytes of the whole secret, "&lt;timestamp&gt;." + raw body bytes ) )
 * </pre>
 * {@link #verify(WebhookRequest)}, in order; any failure is
 * {@link WebhookRejectedException#unauthorized} (401), {@code "<Vendor> webhook refused: <why>"}:
 * <ol>
 *   <li>both headers are present (names case-insensitive, values trimmed) and not blank;</li>
 *   <li>the timestamp is 1–12 decimal digits and within the {@linkplain Builder#tolerance tolerance}
 *       of {@link WebhookRequest#receivedAt()} (now, when unknown) either way: refuses replays of old
 *       deliveries and deliveries from the future;</li>
 *   <li>at least one comma-separated entry of the signature header has the
 *       {@linkplain Builder#scheme scheme} ({@code v1=}) and 64 hex digits; entries of other schemes
 *       ({@code v0=}, a future {@code v2=}) and garbled ones are ignored;</li>
 *   <li>one such entry equals the HMAC under one of the {@linkplain Builder#secrets secrets},
 *       compared in constant time ({@link MessageDigest#isEqual}). Several secrets are for a
 *       rotation: the cloud signs with the new and the old one, the receiver holds either.</li>
 * </ol>
 * The HMAC covers the body exactly as received, never re-serialised JSON. Secrets never appear in
 * messages or logs; refusals are logged at debug.
 *
 * <pre>{@code
 * signatures = WebhookSignatures.builder("Acme")
 *         .timestampHeader("Acme-Timestamp")
 *         .signatureHeader("Acme-Signature")
 *         .secrets(WebhookSignatures.secretsSetting(context, "WEBHOOK_SECRET"))
 *         .logger(LOG)
 *         .build();
 *
 * public List<DeviceUpdate> parseWebhook(WebhookRequest request) throws WebhookRejectedException {
 *     signatures.verify(request);
 *     return parse(request.body()); // malformed → WebhookRejectedException.malformed (400)
 * }
 * }</pre>
 */
public final class WebhookSignatures {

    /** How far a signed timestamp may be from the time of receipt, either way, unless configured otherwise. */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
    /** The signature scheme of a signature header's entries ({@code v1=<hex>}), unless configured otherwise. */
    public static final String DEFAULT_SCHEME = "v1";

    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final int SIGNATURE_BYTES = 32;
    private static final String HMAC = "HmacSHA256";

    private final String vendor;
    private final String timestampHeader;
    private final String signatureHeader;
    private final String scheme;
    private final String entryPrefix;
    private final Duration tolerance;
    private final List<SecretKeySpec> keys;
    private final Logger log;

    private WebhookSignatures(Builder builder, List<SecretKeySpec> keys) {
        this.vendor = builder.vendor;
        this.timestampHeader = builder.timestampHeader;
        this.signatureHeader = builder.signatureHeader;
        this.scheme = builder.scheme;
        this.entryPrefix = builder.scheme + "=";
        this.tolerance = builder.tolerance;
        this.keys = keys;
        this.log = builder.log;
    }

    /** @param vendor the vendor's name as messages show it, e.g. {@code "Latchkey"} */
    public static Builder builder(String vendor) {
        return new Builder(vendor);
    }

    /**
     * The webhook secrets of an adapter setting: one secret, or during a rotation a comma-separated
     * list (new and old), each trimmed; empty entries are skipped.
     *
     * @throws IllegalStateException when the setting is missing or names no secret (the message
     *                               names the environment variable, never a secret)
     */
    public static List<String> secretsSetting(AdapterContext context, String key) {
        List<String> secrets = Arrays.stream(context.requiredSetting(key).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (secrets.isEmpty()) {
            throw new IllegalStateException("adapter " + context.adapterId() + ": "
                    + AdapterContext.envName(context.adapterId(), key) + " names no secret");
        }
        return secrets;
    }

    /** How a {@link WebhookSignatures} is made; the two headers and the secrets are required. */
    public static final class Builder {
        private final String vendor;
        private String timestampHeader;
        private String signatureHeader;
        private String scheme = DEFAULT_SCHEME;
        private Duration tolerance = DEFAULT_TOLERANCE;
        private List<String> secrets;
        private Logger log = LoggerFactory.getLogger(WebhookSignatures.class);

        private Builder(String vendor) {
            this.vendor = Objects.requireNonNull(vendor, "vendor");
        }

        /** The header holding the signed timestamp in decimal epoch seconds, e.g. {@code Acme-Timestamp}. */
        public Builder timestampHeader(String name) {
            this.timestampHeader = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The header holding the signature entries, e.g. {@code Acme-Signature}. */
        public Builder signatureHeader(String name) {
            this.signatureHeader = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The scheme of the entries that count ({@code <scheme>=<hex>}); default {@value WebhookSignatures#DEFAULT_SCHEME}. */
        public Builder scheme(String scheme) {
            Objects.requireNonNull(scheme, "scheme");
            if (scheme.isBlank() || scheme.contains("=") || scheme.contains(",")) {
                throw new IllegalArgumentException("a signature scheme is a word like v1");
            }
            this.scheme = scheme;
            return this;
        }

        /** How far the signed timestamp may be from the time of receipt, either way; default {@link #DEFAULT_TOLERANCE}. */
        public Builder tolerance(Duration tolerance) {
            Objects.requireNonNull(tolerance, "tolerance");
            if (tolerance.isNegative()) {
                throw new IllegalArgumentException("tolerance must not be negative");
            }
            this.tolerance = tolerance;
            return this;
        }

        /**
         * The signing secrets (usually one; the new and the old one during a rotation); each is used
         * as the UTF-8 bytes of the whole string.
         */
        public Builder secrets(List<String> secrets) {
            this.secrets = Objects.requireNonNull(secrets, "secrets");
            return this;
        }

        /** Where refusals are logged (at debug, with the reason); default this class's logger. */
        public Builder logger(Logger log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /**
         * @throws NullPointerException     when a header or the secrets are missing
         * @throws IllegalArgumentException when a secret is blank or there is none
         */
        public WebhookSignatures build() {
            Objects.requireNonNull(timestampHeader, "timestampHeader");
            Objects.requireNonNull(signatureHeader, "signatureHeader");
            Objects.requireNonNull(secrets, "secrets");
            List<SecretKeySpec> specs = new ArrayList<>();
            for (String secret : secrets) {
                if (secret == null || secret.isBlank()) {
                    throw new IllegalArgumentException("a webhook secret must not be blank");
                }
                specs.add(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
            }
            if (specs.isEmpty()) {
                throw new IllegalArgumentException("at least one webhook secret is needed");
            }
            return new WebhookSignatures(this, List.copyOf(specs));
        }
    }

    /** The header holding the signed timestamp. */
    public String timestampHeader() {
        return timestampHeader;
    }

    /** The header holding the signature entries. */
    public String signatureHeader() {
        return signatureHeader;
    }

    /** How far a signed timestamp may be from the time of receipt, either way. */
    public Duration tolerance() {
        return tolerance;
    }

    /**
     * Returns quietly when the delivery is signed by one of the secrets within the tolerance (see
     * the class comment); the body is not looked at otherwise.
     *
     * @throws WebhookRejectedException 401, with what was wrong, for any other delivery
     */
    public void verify(WebhookRequest request) throws WebhookRejectedException {
        Objects.requireNonNull(request, "request");
        String timestamp = request.header(timestampHeader).map(String::trim).orElse("");
        String signature = request.header(signatureHeader).map(String::trim).orElse("");
        if (timestamp.isEmpty()) {
            throw refused("no " + timestampHeader + " header");
        }
        if (signature.isEmpty()) {
            throw refused("no " + signatureHeader + " header");
        }
        if (!TIMESTAMP.matcher(timestamp).matches()) {
            throw refused(timestampHeader + " is not epoch seconds");
        }
        Instant receivedAt = request.receivedAt() == null ? Instant.now() : request.receivedAt();
        long skew = Math.abs(receivedAt.getEpochSecond() - Long.parseLong(timestamp));
        if (skew > tolerance.toSeconds()) {
            throw refused("timestamp " + skew + " s away from the time of receipt (tolerance " + tolerance.toSeconds()
                    + " s): stale, replayed or from the future");
        }
        List<byte[]> candidates = new ArrayList<>();
        for (String entry : signature.split(",")) {
            String part = entry.trim();
            if (part.startsWith(entryPrefix)) {
                byte[] decoded = hex(part.substring(entryPrefix.length()).trim());
                if (decoded != null && decoded.length == SIGNATURE_BYTES) {
                    candidates.add(decoded);
                }
            }
        }
        if (candidates.isEmpty()) {
            throw refused(signatureHeader + " has no well-formed " + scheme + " signature");
        }
        byte[] body = request.body();
        for (SecretKeySpec key : keys) {
            byte[] expected = hmac(key, timestamp, body);
            for (byte[] candidate : candidates) {
                if (MessageDigest.isEqual(expected, candidate)) {
                    return;
                }
            }
        }
        throw refused("signature does not match");
    }

    private WebhookRejectedException refused(String why) {
        log.debug("Refusing a webhook delivery from {}: {}", vendor, why);
        return WebhookRejectedException.unauthorized(vendor + " webhook refused: " + why);
    }

    private static byte[] hex(String text) {
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException notHex) {
            return null;
        }
    }

    private static byte[] hmac(SecretKeySpec key, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " unavailable", e);
        }
    }
}
