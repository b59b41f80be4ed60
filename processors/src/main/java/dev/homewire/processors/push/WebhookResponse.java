package dev.homewire.processors.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.alexa.Json;
import java.util.Objects;

/**
 * The answer to a vendor's webhook delivery: an HTTP status and a small JSON body, never echoing
 * what was received. Maps one to one onto a Lambda Function URL response.
 */
public record WebhookResponse(int status, String body) {
    public static final String CONTENT_TYPE = "application/json";

    public WebhookResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("not an HTTP status: " + status);
        }
        Objects.requireNonNull(body, "body");
    }

    static WebhookResponse json(int status, ObjectNode body) {
        return new WebhookResponse(status, Json.write(body));
    }

    static WebhookResponse error(int status, String error) {
        return json(status, Json.object().put("error", error));
    }
}
