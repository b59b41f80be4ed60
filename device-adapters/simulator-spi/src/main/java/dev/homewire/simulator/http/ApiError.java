package dev.homewire.simulator.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * An error answer of a simulated vendor API: an HTTP status, a JSON body
 * {@code {"error": <code>, "message": <message>, …}} and extra response headers. Thrown by a
 * {@link SimulatedCloud}'s routes; the cloud writes it as the answer.
 *
 * <p>The factories cover what every simulated cloud answers alike; a vendor's own errors start
 * from {@link #of(int, String, String)} and add their fields with {@link #with} or
 * {@link #body()}. Carries no stack trace: it is an answer, not a failure.
 */
public final class ApiError extends Exception {
    private final int status;
    private final ObjectNode body;
    private final Map<String, String> headers;

    private ApiError(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.body = JsonNodeFactory.instance.objectNode();
        body.put("error", code);
        body.put("message", message);
        this.headers = Map.copyOf(headers);
    }

    /** Status {@code status} with body {@code {"error": code, "message": message}} and no extra headers. */
    public static ApiError of(int status, String code, String message) {
        return new ApiError(status, code, message, Map.of());
    }

    /** {@code 400 bad_request}. */
    public static ApiError badRequest(String message) {
        return of(400, "bad_request", message);
    }

    /** {@code 401 unauthorized} with {@code WWW-Authenticate: Bearer realm="<realm>"}. */
    public static ApiError unauthorized(String realm) {
        return new ApiError(401, "unauthorized", "missing or invalid access token",
                Map.of("WWW-Authenticate", "Bearer realm=\"" + realm + "\""));
    }

    /** {@code 404 not_found}. */
    public static ApiError notFound(String message) {
        return of(404, "not_found", message);
    }

    /** {@code 405 method_not_allowed} with {@code Allow: <allowed>}. */
    public static ApiError methodNotAllowed(String allowed) {
        return new ApiError(405, "method_not_allowed", "use " + allowed + " on this path", Map.of("Allow", allowed));
    }

    /** {@code 429 rate_limited} with {@code Retry-After: 1}. */
    public static ApiError rateLimited() {
        return new ApiError(429, "rate_limited", "too many requests, retry after 1 s", Map.of("Retry-After", "1"));
    }

    /**
     * The answer to a call failed by fault injection with {@code status} (400–599), as every
     * simulated cloud gives it: {@code 400 bad_request}, {@code 401 unauthorized} (with
     * {@code WWW-Authenticate} for {@code realm}), {@code 404 not_found}, {@code 429 rate_limited}
     * (with {@code Retry-After: 1}), {@code 500 internal_error}, any other 5xx
     * {@code unavailable} and any other 4xx {@code error}; the message says {@code simulated fault}.
     * Clouds whose API documents other codes for a status (e.g. 403, 409) answer those themselves
     * in {@link SimulatedCloud#injectedError(int)}.
     */
    public static ApiError simulatedFault(int status, String realm) {
        return switch (status) {
            case 400 -> badRequest("simulated fault");
            case 401 -> unauthorized(realm);
            case 404 -> notFound("simulated fault");
            case 429 -> rateLimited();
            case 500 -> of(500, "internal_error", "simulated fault");
            default -> of(status, status >= 500 ? "unavailable" : "error", "simulated fault");
        };
    }

    /** Adds a text field to the body; returns this error. */
    public ApiError with(String field, String value) {
        body.put(field, value);
        return this;
    }

    /** Adds an integer field to the body; returns this error. */
    public ApiError with(String field, int value) {
        body.put(field, value);
        return this;
    }

    /** Adds a number field to the body; returns this error. */
    public ApiError with(String field, double value) {
        body.put(field, value);
        return this;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The body, {@code {"error","message",…}}; mutable until the error is answered. */
    public ObjectNode body() {
        return body;
    }

    /** Extra response headers (besides {@code Content-Type}). */
    public Map<String, String> headers() {
        return headers;
    }
}
