package dev.homewire.core.lwa;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.alexa.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import dev.homewire.core.http.HttpDeadline;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import java.util.List;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicNameValuePair;

/**
 * Login with Amazon's token endpoint: exchanges an AcceptGrant code, refreshes access tokens.
 * Form POST as LWA wants it; the client secret and tokens never reach a log or an exception.
 */
public final class LoginWithAmazonClient {
    private final CloseableHttpClient http;
    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private final Duration deadline;

    public LoginWithAmazonClient(CloseableHttpClient http, URI tokenUrl, String clientId, String clientSecret, Clock clock) {
        this(http, tokenUrl, clientId, clientSecret, clock, null);
    }

    /** @param deadline the longest one call may take (cancelled then), or null for the HTTP client's time-outs alone */
    public LoginWithAmazonClient(CloseableHttpClient http, URI tokenUrl, String clientId, String clientSecret, Clock clock,
                                 Duration deadline) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
        this.deadline = deadline;
    }

    public LwaTokens exchangeCode(String authorizationCode) {
        return call(List.of(new BasicNameValuePair("grant_type", "authorization_code"),
                new BasicNameValuePair("code", authorizationCode)));
    }

    public LwaTokens refresh(String refreshToken) {
        return call(List.of(new BasicNameValuePair("grant_type", "refresh_token"),
                new BasicNameValuePair("refresh_token", refreshToken)));
    }

    private LwaTokens call(List<NameValuePair> grant) {
        HttpPost post = new HttpPost(tokenUrl);
        List<NameValuePair> form = new java.util.ArrayList<>(grant);
        form.add(new BasicNameValuePair("client_id", clientId));
        form.add(new BasicNameValuePair("client_secret", clientSecret));
        post.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
        try {
            HttpClientResponseHandler<LwaTokens> handler = response -> {
                String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
                int status = response.getCode();
                JsonNode json = parse(body);
                if (status == 200 && json.hasNonNull("access_token")) {
                    long expiresIn = json.path("expires_in").asLong(3600);
                    return new LwaTokens(json.get("access_token").asText(),
                            json.hasNonNull("refresh_token") ? json.get("refresh_token").asText() : null,
                            clock.instant().plusSeconds(expiresIn));
                }
                String error = json.path("error").asText("");
                throw new LwaException("Login with Amazon answered HTTP " + status + (error.isEmpty() ? "" : " " + error),
                        "invalid_grant".equals(error), null);
            };
            return deadline == null ? http.execute(post, handler) : HttpDeadline.execute(http, post, deadline, handler);
        } catch (IOException e) {
            throw new LwaException("Login with Amazon could not be reached: " + e.getClass().getSimpleName(), false, e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body.isEmpty() ? Json.object() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return Json.object();
        }
    }
}
