package dev.homewire.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import dev.homewire.core.util.Hashes;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * Resolves linking tokens with an OAuth userinfo-style endpoint (GET with the bearer token,
 * JSON answer with the user id), caching answers by the token's SHA-256 (never the token) for
 * a TTL, so warm invocations skip the call. RFC 6750 errors tell expired from invalid tokens.
 */
public final class UserInfoResolver implements UserResolver {
    private static final int MAX_CACHE_ENTRIES = 10_000;

    private final CloseableHttpClient http;
    private final URI userInfoUrl;
    private final Optional<String> idField;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String userId, Instant until) {
    }

    public UserInfoResolver(CloseableHttpClient http, URI userInfoUrl, Optional<String> idField, Duration ttl, Clock clock) {
        this.http = http;
        this.userInfoUrl = userInfoUrl;
        this.idField = idField;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public String resolveUserId(String bearerToken) {
        if (bearerToken == null || bearerToken.isBlank()) {
            throw new AlexaErrorException(ErrorType.INVALID_AUTHORIZATION_CREDENTIAL, "the directive carries no linking token");
        }
        String key = Hashes.sha256Hex(bearerToken);
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.userId();
        }
        String userId = fetch(bearerToken);
        if (cache.size() >= MAX_CACHE_ENTRIES) {
            cache.entrySet().removeIf(e -> !e.getValue().until().isAfter(now));
            if (cache.size() >= MAX_CACHE_ENTRIES) {
                cache.clear();
            }
        }
        cache.put(key, new Cached(userId, now.plus(ttl)));
        return userId;
    }

    private String fetch(String bearerToken) {
        HttpGet get = new HttpGet(userInfoUrl);
        get.setHeader("Authorization", "Bearer " + bearerToken);
        get.setHeader("Accept", "application/json");
        try {
            return http.execute(get, response -> {
                String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
                int status = response.getCode();
                if (status == 200) {
                    JsonNode json = Json.MAPPER.readTree(body);
                    String userId = idField.map(f -> json.path(f).asText(null))
                            .orElseGet(() -> json.hasNonNull("sub") ? json.get("sub").asText() : json.path("user_id").asText(null));
                    if (userId == null || userId.isBlank()) {
                        throw new AlexaErrorException(ErrorType.INTERNAL_ERROR, "the identity provider answered no user id");
                    }
                    return userId;
                }
                if (status == 400 || status == 401 || status == 403) {
                    Header challenge = response.getFirstHeader("WWW-Authenticate");
                    String detail = (challenge == null ? "" : challenge.getValue()) + " " + body;
                    if (detail.toLowerCase(Locale.ROOT).contains("expired")) {
                        throw new AlexaErrorException(ErrorType.EXPIRED_AUTHORIZATION_CREDENTIAL, "the linking token has expired");
                    }
                    throw new AlexaErrorException(ErrorType.INVALID_AUTHORIZATION_CREDENTIAL, "the linking token is not valid");
                }
                throw new AlexaErrorException(ErrorType.INTERNAL_ERROR, "the identity provider answered HTTP " + status);
            });
        } catch (IOException e) {
            throw new AlexaErrorException(ErrorType.INTERNAL_ERROR, "the identity provider could not be reached");
        }
    }

}
