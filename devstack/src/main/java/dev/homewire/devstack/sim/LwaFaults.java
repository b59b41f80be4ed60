package dev.homewire.devstack.sim;

/**
 * Faults of the simulated Login with Amazon token endpoint: that share of calls waits
 * {@code latencyMs}, then is answered {@code status} with the OAuth {@code error} (e.g. 400
 * {@code invalid_grant}: the refresh token was revoked; 503 {@code server_error}).
 */
public record LwaFaults(double failureRate, int status, String error, long latencyMs) {
    public LwaFaults {
        if (failureRate < 0 || failureRate > 1) {
            throw new IllegalArgumentException("failureRate must be within 0..1: " + failureRate);
        }
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status: " + status);
        }
        if (latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must not be negative: " + latencyMs);
        }
        if (error == null || error.isBlank()) {
            error = status == 400 ? "invalid_grant" : "server_error";
        }
    }

    public static LwaFaults always(int status, String error) {
        return new LwaFaults(1.0, status, error, 0);
    }
}
