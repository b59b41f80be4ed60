package dev.homewire.adapter.spi;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * What core hands an adapter when creating it: its own configuration and a shared HTTP client.
 *
 * <p>Configuration keys are the adapter's own, read from environment variables named
 * {@code HOMEWIRE_ADAPTER_<ID>_<KEY>} (id upper-cased, '-' as '_'), e.g.
 * {@code HOMEWIRE_ADAPTER_LUMIO_BASE_URL} gives {@code setting("BASE_URL")}.
 */
public final class AdapterContext {
    private final String adapterId;
    private final Map<String, String> environment;
    private final CloseableHttpClient httpClient;
    private final Duration callTimeout;

    public AdapterContext(String adapterId, Map<String, String> environment, CloseableHttpClient httpClient, Duration callTimeout) {
        this.adapterId = Objects.requireNonNull(adapterId);
        this.environment = Map.copyOf(environment);
        this.httpClient = Objects.requireNonNull(httpClient);
        this.callTimeout = Objects.requireNonNull(callTimeout);
    }

    public String adapterId() {
        return adapterId;
    }

    /** Shared, pooled HTTP client with connect/response timeouts already set; do not close it. */
    public CloseableHttpClient httpClient() {
        return httpClient;
    }

    /** Upper bound for one call to the vendor's cloud. */
    public Duration callTimeout() {
        return callTimeout;
    }

    public Optional<String> setting(String key) {
        return Optional.ofNullable(environment.get(envName(adapterId, key))).filter(v -> !v.isBlank());
    }

    public String requiredSetting(String key) {
        return setting(key).orElseThrow(() -> new IllegalStateException(
                "adapter " + adapterId + " needs configuration " + envName(adapterId, key)));
    }

    /**
     * A required setting holding a URL, e.g. the vendor's base URL. Only its syntax is checked;
     * whether it suits the adapter (scheme, no query) is the adapter's to say, see
     * {@link #invalidSetting}.
     *
     * @throws IllegalStateException naming the environment variable when it is missing or no URL
     */
    public URI requiredUrlSetting(String key) {
        String value = requiredSetting(key);
        try {
            return URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("adapter " + adapterId + ": " + envName(adapterId, key) + " is not a URL: " + value, e);
        }
    }

    /**
     * What most factories do: create the adapter from a required URL setting (its base URL); an
     * {@link IllegalArgumentException} of {@code create} (the adapter refusing the URL) becomes
     * {@link #invalidSetting} of that setting.
     */
    public <T> T createFromUrlSetting(String key, Function<URI, T> create) {
        URI url = requiredUrlSetting(key);
        try {
            return create.apply(url);
        } catch (IllegalArgumentException e) {
            throw invalidSetting(key, e.getMessage(), e);
        }
    }

    /**
     * The failure of a factory whose adapter refused a setting: {@code "adapter <id>: <variable>: <problem>"}.
     * The problem is shown as given: keep secrets out of it.
     */
    public IllegalStateException invalidSetting(String key, String problem, Throwable cause) {
        return new IllegalStateException("adapter " + adapterId + ": " + envName(adapterId, key) + ": " + problem, cause);
    }

    public static String envName(String adapterId, String key) {
        return "HOMEWIRE_ADAPTER_" + adapterId.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_" + key;
    }
}
