package dev.homewire.devstack.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.homewire.devstack.http.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Login with Amazon's token endpoint as the skill sees it: form POST with the client
 * credentials; an authorization code works once (reuse → 400 {@code invalid_grant}); refresh
 * tokens issue new access tokens; access tokens expire after a configurable lifetime. The
 * simulated gateway asks it whether a token is valid.
 */
public final class SimulatedLoginWithAmazon {
    private final String clientId;
    private final String clientSecret;
    private final Duration tokenLifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Set<String> usedCodes = ConcurrentHashMap.newKeySet();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong refreshCalls = new java.util.concurrent.atomic.AtomicLong();
    private volatile LwaFaults faults;

    public SimulatedLoginWithAmazon(String clientId, String clientSecret, Duration tokenLifetime, Clock clock) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokenLifetime = tokenLifetime;
        this.clock = clock;
    }

    public void handleToken(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            Http.error(exchange, 405, "POST only");
            return;
        }
        Map<String, String> form = Http.params(new String(Http.body(exchange), StandardCharsets.UTF_8));
        if ("refresh_token".equals(form.get("grant_type"))) {
            refreshCalls.incrementAndGet();
        }
        LwaFaults f = faults;
        if (f != null && java.util.concurrent.ThreadLocalRandom.current().nextDouble() < f.failureRate()) {
            if (f.latencyMs() > 0) {
                try {
                    Thread.sleep(f.latencyMs());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            oauthError(exchange, f.status(), f.error(), "injected fault");
            return;
        }
        if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
            oauthError(exchange, 401, "invalid_client", "client authentication failed");
            return;
        }
        String grantType = form.getOrDefault("grant_type", "");
        if (grantType.equals("authorization_code")) {
            String code = form.get("code");
            if (code == null || code.isBlank() || !usedCodes.add(code)) {
                oauthError(exchange, 400, "invalid_grant", "the authorization code is invalid or was already used");
                return;
            }
            issue(exchange);
        } else if (grantType.equals("refresh_token")) {
            String refreshToken = form.get("refresh_token");
            if (refreshToken == null || !refreshTokens.contains(refreshToken)) {
                oauthError(exchange, 400, "invalid_grant", "the refresh token is invalid or revoked");
                return;
            }
            issue(exchange);
        } else {
            oauthError(exchange, 400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
        }
    }

    private void issue(HttpExchange exchange) throws IOException {
        String access = "Atza|sim-access-" + randomToken();
        String refresh = "Atzr|sim-refresh-" + randomToken();
        accessTokens.put(access, clock.instant().plus(tokenLifetime));
        refreshTokens.add(refresh);
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("access_token", access);
        body.put("refresh_token", refresh);
        body.put("token_type", "bearer");
        body.put("expires_in", tokenLifetime.toSeconds());
        Http.json(exchange, 200, body);
    }

    private static void oauthError(HttpExchange exchange, int status, String error, String description) throws IOException {
        Http.json(exchange, status, Map.of("error", error, "error_description", description));
    }

    /** Whether an access token was issued here and has not expired. */
    public boolean isValidAccessToken(String token) {
        Instant expiry = token == null ? null : accessTokens.get(token);
        return expiry != null && expiry.isAfter(clock.instant());
    }

    /** Injects faults into later token calls (replacing earlier ones); e.g. 400 {@code invalid_grant}. */
    public void setFaults(LwaFaults faults) {
        this.faults = java.util.Objects.requireNonNull(faults, "faults");
    }

    public void clearFaults() {
        this.faults = null;
    }

    /** Refresh-token calls so far (answered or not). */
    public long refreshCalls() {
        return refreshCalls.get();
    }

    /** Revokes every refresh token, as if the user disabled the skill. */
    public void revokeAllRefreshTokens() {
        refreshTokens.clear();
    }

    private String randomToken() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
