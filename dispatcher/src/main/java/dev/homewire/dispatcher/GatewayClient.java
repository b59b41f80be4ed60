package dev.homewire.dispatcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.alexa.Json;
import dev.homewire.core.config.AlexaRegion;
import dev.homewire.core.http.HttpDeadline;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Posts one message to the Alexa event gateway of a region, each call cancelled after the
 * deadline (so the dispatcher's worst case adds up). Knows nothing of tokens' origin or of what a
 * status means; {@link EventDispatcher} decides that. Never logs.
 */
public final class GatewayClient {
    private static final ContentType JSON = ContentType.create("application/json");

    private final CloseableHttpClient http;
    private final Function<AlexaRegion, URI> gatewayUrls;
    private final Duration deadline;

    /** @param gatewayUrls the event gateway per region, e.g. {@code HomewireConfig::gatewayUrl} */
    public GatewayClient(CloseableHttpClient http, Function<AlexaRegion, URI> gatewayUrls) {
        this(http, gatewayUrls, Duration.ofSeconds(10));
    }

    /** @param deadline the longest one post may take; it is cancelled then (an I/O error, retried) */
    public GatewayClient(CloseableHttpClient http, Function<AlexaRegion, URI> gatewayUrls, Duration deadline) {
        this.http = Objects.requireNonNull(http, "http");
        this.gatewayUrls = Objects.requireNonNull(gatewayUrls, "gatewayUrls");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    /**
     * @param message the complete message, LWA scope already inserted
     * @throws IOException when the gateway could not be reached or did not answer in time
     */
    public GatewayResponse post(AlexaRegion region, String accessToken, JsonNode message) throws IOException {
        HttpPost post = new HttpPost(gatewayUrls.apply(region));
        post.setHeader(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken);
        post.setEntity(new ByteArrayEntity(Json.writeBytes(message), JSON)); // sends Content-Type: application/json
        return HttpDeadline.execute(http, post, deadline, response -> {
            Header retryAfter = response.getFirstHeader(HttpHeaders.RETRY_AFTER);
            return GatewayResponse.of(response.getCode(),
                    response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity()),
                    retryAfter == null ? null : retryAfter.getValue());
        });
    }
}
