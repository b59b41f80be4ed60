package dev.homewire.simulator.thermia;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** An error answer of the Thermia API: status, {@code {"error","message",…}} body and extra headers. */
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
                Map.of("WWW-Authenticate", "Bearer realm=\"thermia\""));
    }

    static ApiError notFound(String message) {
        return of(404, "not_found", message);
    }

    static ApiError methodNotAllowed(String allowed) {
        return new ApiError(405, "method_not_allowed", "use " + allowed + " on this path", Map.of("Allow", allowed));
    }

    static ApiError offline(String thermostatId, String lastSeenAt) {
        ApiError error = of(409, "thermostat_offline", "thermostat " + thermostatId + " is offline");
        error.body.put("thermostat_id", thermostatId);
        error.body.put("last_seen_at", lastSeenAt);
        return error;
    }

    static ApiError setpointOutOfRange(String thermostatId, double requested, double min, double max) {
        ApiError error = of(422, "setpoint_out_of_range",
                "setpoint " + requested + " °C is outside " + min + ".." + max + " °C of thermostat " + thermostatId);
        error.body.put("thermostat_id", thermostatId);
        error.body.put("min", min);
        error.body.put("max", max);
        return error;
    }

    static ApiError unsupportedMode(String thermostatId, String mode, List<String> supported) {
        ApiError error = of(422, "unsupported_mode",
                "thermostat " + thermostatId + " does not support mode '" + mode + "'; it supports " + supported);
        error.body.put("thermostat_id", thermostatId);
        supported.forEach(error.body.putArray("supported_modes")::add);
        return error;
    }

    /** The documented error for an injected fault status. */
    static ApiError injected(int status) {
        return switch (status) {
            case 400 -> badRequest("simulated fault");
            case 401 -> unauthorized();
            case 403 -> of(403, "forbidden", "simulated fault: token lacks the thermostat:write scope");
            case 404 -> notFound("simulated fault");
            case 409 -> of(409, "conflict", "simulated fault");
            case 429 -> new ApiError(429, "rate_limited", "too many requests, retry after 1 s", Map.of("Retry-After", "1"));
            case 500 -> of(500, "internal_error", "simulated fault");
            default -> of(status, status >= 500 ? "unavailable" : "error", "simulated fault");
        };
    }
}
