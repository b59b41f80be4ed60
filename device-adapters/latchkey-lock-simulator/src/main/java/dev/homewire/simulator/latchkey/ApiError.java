package dev.homewire.simulator.latchkey;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** An error answer of the Latchkey API: status, {@code {"error","message",…}} body and extra headers. */
final class ApiError extends Exception {
    final int status;
    final ObjectNode body;
    final Map<String, String> headers;

    private ApiError(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.body = JsonNodeFactory.instance.objectNode();
        body.put("error", code);
        body.put("message", message);
        this.headers = headers;
    }

    static ApiError of(int status, String code, String message) {
        return new ApiError(status, code, message, Map.of());
    }

    static ApiError badRequest(String message) {
        return of(400, "bad_request", message);
    }

    static ApiError unauthorized() {
        return new ApiError(401, "unauthorized", "missing or invalid access token",
                Map.of("WWW-Authenticate", "Bearer realm=\"latchkey\""));
    }

    static ApiError notFound(String message) {
        return of(404, "not_found", message);
    }

    static ApiError methodNotAllowed(String allowed) {
        return new ApiError(405, "method_not_allowed", "use " + allowed + " on this path", Map.of("Allow", allowed));
    }

    static ApiError lockOffline(String lockId) {
        ApiError error = of(409, "lock_offline", "lock " + lockId + " is offline");
        error.body.put("lock_id", lockId);
        return error;
    }

    /** The documented error for an injected fault status. */
    static ApiError injected(int status) {
        return switch (status) {
            case 400 -> badRequest("simulated fault");
            case 401 -> unauthorized();
            case 403 -> of(403, "forbidden", "simulated fault: token lacks the locks:control scope");
            case 404 -> notFound("simulated fault");
            case 409 -> of(409, "lock_offline", "simulated fault");
            case 429 -> new ApiError(429, "rate_limited", "too many requests, retry after 1 s", Map.of("Retry-After", "1"));
            case 500 -> of(500, "internal_error", "simulated fault");
            default -> of(status, status >= 500 ? "unavailable" : "error", "simulated fault");
        };
    }
}
