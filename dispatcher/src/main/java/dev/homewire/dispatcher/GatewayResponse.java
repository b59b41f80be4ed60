package dev.homewire.dispatcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.alexa.Json;
import java.io.IOException;

/**
 * The event gateway's answer: status, body, and for error bodies of the form
 * {@code {"header":{"namespace":"System","name":"Exception"},"payload":{"code","description"}}}
 * the code and description (null otherwise).
 */
public record GatewayResponse(int status, String body, String code, String description) {

    public static GatewayResponse of(int status, String body) {
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
        return new GatewayResponse(status, body == null ? "" : body, code, description);
    }

    /** 202: Alexa took the event. */
    public boolean accepted() {
        return status == 202;
    }

    @Override
    public String toString() {
        return "GatewayResponse[status=" + status + (code == null ? "" : ", code=" + code) + "]";
    }
}
