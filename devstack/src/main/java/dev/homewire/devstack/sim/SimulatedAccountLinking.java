package dev.homewire.devstack.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.homewire.devstack.http.Http;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The skill's own OAuth provider as the entrypoint sees it: a userinfo endpoint answering the
 * stable user id for an account-linking token (what Alexa puts in {@code scope.token}).
 * Errors follow RFC 6750: 401 with {@code WWW-Authenticate: Bearer error="invalid_token"}, and an
 * error description that says when the token expired.
 */
public final class SimulatedAccountLinking {

    /** A demo user and the account-linking token Alexa would send for them. */
    public record DemoUser(String userId, String name, String linkingToken) {
    }

    /** A token that the provider reports as expired, for trying EXPIRED_AUTHORIZATION_CREDENTIAL. */
    public static final String EXPIRED_TOKEN = "linktoken-expired";

    private final Map<String, DemoUser> byToken = new LinkedHashMap<>();

    public SimulatedAccountLinking(List<DemoUser> users) {
        users.forEach(u -> byToken.put(u.linkingToken(), u));
    }

    public List<DemoUser> users() {
        return List.copyOf(byToken.values());
    }

    public void handleUserInfo(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        if (EXPIRED_TOKEN.equals(token)) {
            exchange.getResponseHeaders().set("WWW-Authenticate",
                    "Bearer error=\"invalid_token\", error_description=\"The access token expired\"");
            Http.json(exchange, 401, Map.of("error", "invalid_token", "error_description", "The access token expired"));
            return;
        }
        DemoUser user = token == null ? null : byToken.get(token);
        if (user == null) {
            exchange.getResponseHeaders().set("WWW-Authenticate",
                    "Bearer error=\"invalid_token\", error_description=\"The access token is invalid\"");
            Http.json(exchange, 401, Map.of("error", "invalid_token", "error_description", "The access token is invalid"));
            return;
        }
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("sub", user.userId());
        body.put("name", user.name());
        Http.json(exchange, 200, body);
    }

    /** {@code GET /users}: the demo users with their linking tokens. */
    public ArrayNode usersJson(Map<String, List<String>> linkedAdapters) {
        ArrayNode array = Http.JSON.createArrayNode();
        for (DemoUser u : byToken.values()) {
            ObjectNode node = array.addObject();
            node.put("userId", u.userId());
            node.put("name", u.name());
            node.put("linkingToken", u.linkingToken());
            ArrayNode adapters = node.putArray("linkedAdapters");
            linkedAdapters.getOrDefault(u.userId(), List.of()).forEach(adapters::add);
        }
        return array;
    }
}
