package dev.homewire.adapter.spi;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A vendor's webhook delivery exactly as received: headers (names case-insensitive) and the raw
 * body bytes, which signatures are computed over, so nothing may re-serialise it first.
 */
public final class WebhookRequest {
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Instant receivedAt;

    public WebhookRequest(Map<String, List<String>> headers, byte[] body, Instant receivedAt) {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.headers = copy;
        this.body = body.clone();
        this.receivedAt = receivedAt;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** All headers, names case-insensitive. */
    public Map<String, List<String>> headers() {
        return java.util.Collections.unmodifiableMap(headers);
    }

    public byte[] body() {
        return body.clone();
    }

    public Instant receivedAt() {
        return receivedAt;
    }
}
