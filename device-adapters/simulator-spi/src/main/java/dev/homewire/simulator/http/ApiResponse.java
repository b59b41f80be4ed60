package dev.homewire.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A successful answer of a simulated vendor API: an HTTP status and a JSON body, written with
 * {@code Content-Type: application/json; charset=utf-8}. Errors are {@link ApiError}s instead.
 */
public record ApiResponse(int status, JsonNode body) {
    public ApiResponse {
        Objects.requireNonNull(body, "body");
    }

    /** {@code 200} with {@code body}. */
    public static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body);
    }

    /** {@code 202}: the call was accepted and takes effect later. */
    public static ApiResponse accepted(JsonNode body) {
        return new ApiResponse(202, body);
    }
}
