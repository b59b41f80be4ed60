package dev.homewire.simulator.lumio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** An error answer of the Lumio API: status, {@code {"error","message",…}} body and extra headers. */
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
                Map.of("WWW-Authenticate", "Bearer realm=\"lumio\""));
    }

    static ApiError notFound(String message) {
        return of(404, "not_found", message);
    }

    static ApiError methodNotAllowed(String allowed) {
        return new ApiError(405, "method_not_allowed", "use " + allowed + " on this path", Map.of("Allow", allowed));
    }

    static ApiError unsupported(String field) {
        ApiError error = of(422, "unsupported_property", "no selected device supports " + field);
        error.body.put("field", field);
        return error;
    }

    static ApiError outOfRange(String field, String value, Number min, Number max, String deviceId) {
        String message = field + " " + value + " is outside " + min + ".." + max
                + (deviceId == null ? "" : " of device " + deviceId);
        ApiError error = of(422, "value_out_of_range", message);
        error.body.put("field", field);
        if (min instanceof Integer && max instanceof Integer) {
            error.body.put("min", min.intValue());
            error.body.put("max", max.intValue());
        } else {
            error.body.put("min", min.doubleValue());
            error.body.put("max", max.doubleValue());
        }
        if (deviceId != null) {
            error.body.put("device_id", deviceId);
        }
        return error;
    }

    /** The documented error for an injected fault status. */
    static ApiError injected(int status) {
        return switch (status) {
            case 400 -> badRequest("simulated fault");
            case 401 -> unauthorized();
            case 403 -> of(403, "forbidden", "simulated fault: token lacks the control scope");
            case 404 -> notFound("simulated fault");
            case 429 -> new ApiError(429, "rate_limited", "too many requests, retry after 1 s", Map.of("Retry-After", "1"));
            case 500 -> of(500, "internal_error", "simulated fault");
            default -> of(status, status >= 500 ? "unavailable" : "error", "simulated fault");
        };
    }
}
