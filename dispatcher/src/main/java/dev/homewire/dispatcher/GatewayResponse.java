package dev.homewire.dispatcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.alexa.Json;
import java.io.IOException;

/**
 * The event gateway's answer: status, body, for error bodies of the form
 * {@code {"header":{"namespace":"System","name":"Exception"},"payload":{"code","description"}}}
 * the code and description (null otherwise), and a {@code Retry-After} in seconds (null if none).
 */
public record GatewayResponse(int status, String body, String code, String description, Integer retryAfterSeconds) {

    public static GatewayResponse of(int status, String body) {
        return of(status, body, null);
    }

    /** @param retryAfter the {@code Retry-After} header as sent (delta-seconds), or null */
    public static GatewayResponse of(int status, String body, String retryAfter) {
        String code = null;
        String description = null;
        if (body != null && !body.isBlank()) {
            try {
                JsonNode json = Json.MAPPER.readTree(body);
                JsonNode header = json.path("header");
                if ("System".equals(header.path("namespace").asText()) && "Exception".equals(header.path("name").asText())) {
                    code = json.path("payload").path("code").asText(null);
                    description = json.path("payload").path("description").asText(null);
                }
            } catch (IOException e) {
                // not JSON (a proxy's HTML error page): status alone tells what happened
            }
        }
        return new GatewayResponse(status, body == null ? "" : body, code, description, seconds(retryAfter));
    }

    private static Integer seconds(String retryAfter) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        try {
            int seconds = Integer.parseInt(retryAfter.trim());
            return seconds < 0 ? null : seconds;
        } catch (NumberFormatException e) {
            return null; // an HTTP date: the backoff decides
        }
    }

    /** 202: Alexa took the event. */
    public boolean accepted() {
        return status == 202;
    }

    /** {@code 503 SERVICE_UNAVAILABLE_EXCEPTION}: what logs and reasons show. */
    public String summary() {
        return status + (code == null ? "" : " " + code);
    }

    @Override
    public String toString() {
        return "GatewayResponse[status=" + status + (code == null ? "" : ", code=" + code)
                + (retryAfterSeconds == null ? "" : ", retryAfter=" + retryAfterSeconds + "s") + "]";
    }
}
