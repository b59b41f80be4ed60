package dev.homewire.devstack.sim;

/**
 * Faults of the simulated Alexa event gateway: that share of posts waits {@code latencyMs}, then is
 * answered {@code status} with the gateway's error body for {@code code} (and a
 * {@code Retry-After} header when {@code retryAfterSeconds} is set). {@code latencyMs} alone (rate
 * 1, status 202) slows every post down without failing it.
 */
public record GatewayFaults(double failureRate, int status, String code, long latencyMs, Integer retryAfterSeconds) {
    public GatewayFaults {
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("failureRate must be within 0..1: " + failureRate);
        }
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status: " + status);
        }
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must not be negative: " + latencyMs);
        }
        if (retryAfterSeconds != null && retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative: " + retryAfterSeconds);
        }
        if (code == null || code.isBlank()) {
            code = defaultCode(status);
        }
    }

    /** Every post answered this way. */
    public static GatewayFaults always(int status, String code) {
        return new GatewayFaults(1.0, status, code, 0, null);
    }

    static String defaultCode(int status) {
        switch (status) {
            case 400: return "INVALID_REQUEST_EXCEPTION";
            case 401: return "INVALID_ACCESS_TOKEN_EXCEPTION";
            case 403: return "SKILL_DISABLED_EXCEPTION";
            case 404: return "SKILL_NOT_FOUND_EXCEPTION";
            case 413: return "REQUEST_ENTITY_TOO_LARGE_EXCEPTION";
            case 429: return "THROTTLING_EXCEPTION";
            case 500: return "INTERNAL_SERVICE_EXCEPTION";
            default: return "SERVICE_UNAVAILABLE_EXCEPTION";
        }
    }
}
