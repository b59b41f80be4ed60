package dev.homewire.alexa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A message this skill sends: a synchronous answer or an event for the gateway. Immutable;
 * built through {@link AlexaMessages} or {@link #builder(Header)}.
 */
public final class AlexaEvent {
    private final Header header;
    private final String endpointId;
    private final Scope scope;
    private final ObjectNode payload;
    private final List<Property> context;

    private AlexaEvent(Builder b) {
        this.header = Objects.requireNonNull(b.header, "header");
        this.endpointId = b.endpointId;
        this.scope = b.scope;
        this.payload = b.payload == null ? Json.object() : b.payload.deepCopy();
        this.context = b.context == null ? null : List.copyOf(b.context);
    }

    public static Builder builder(Header header) {
        return new Builder(header);
    }

    public Header header() {
        return header;
    }

    public String endpointId() {
        return endpointId;
    }

    /** Properties of {@code context.properties}, or null when the message has no context. */
    public List<Property> context() {
        return context;
    }

    public ObjectNode payload() {
        return payload.deepCopy();
    }

    public ObjectNode toJson() {
        ObjectNode root = Json.object();
        if (context != null) {
            ArrayNode properties = root.putObject("context").putArray("properties");
            context.forEach(p -> properties.add(p.toJson()));
        }
        ObjectNode event = root.putObject("event");
        event.set("header", header.toJson());
        if (endpointId != null) {
            ObjectNode endpoint = event.putObject("endpoint");
            if (scope != null) {
                endpoint.set("scope", scope.toJson());
            }
            endpoint.put("endpointId", endpointId);
        }
        event.set("payload", payload.deepCopy());
        return root;
    }

    @Override
    public String toString() {
        return "AlexaEvent[" + header.namespace() + "." + header.name()
                + (endpointId == null ? "" : ", endpointId=" + endpointId) + "]";
    }

    /**
     * Puts the LWA access token where the gateway wants it: {@code event.endpoint.scope} for
     * Response, ErrorResponse and ChangeReport, {@code event.payload.scope} for
     * AddOrUpdateReport and DeleteReport. Works on the JSON form, as queued.
     */
    public static ObjectNode withGatewayToken(JsonNode message, String accessToken) {
        ObjectNode copy = (ObjectNode) message.deepCopy();
        ObjectNode event = (ObjectNode) copy.get("event");
        String name = event.path("header").path("name").asText();
        ObjectNode scope = Scope.bearer(accessToken).toJson();
        if (name.equals("AddOrUpdateReport") || name.equals("DeleteReport")) {
            ((ObjectNode) event.get("payload")).set("scope", scope);
        } else {
            ObjectNode endpoint = event.has("endpoint") ? (ObjectNode) event.get("endpoint") : event.putObject("endpoint");
            ObjectNode reordered = Json.object();
            reordered.set("scope", scope);
            endpoint.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("scope")) {
                    reordered.set(f.getKey(), f.getValue());
                }
            });
            endpoint.removeAll();
            endpoint.setAll(reordered);
        }
        return copy;
    }

    public static final class Builder {
        private final Header header;
        private String endpointId;
        private Scope scope;
        private ObjectNode payload;
        private List<Property> context;

        private Builder(Header header) {
            this.header = header;
        }

        public Builder endpoint(String endpointId, Scope scope) {
            this.endpointId = endpointId;
            this.scope = scope;
            return this;
        }

        public Builder payload(ObjectNode payload) {
            this.payload = payload;
            return this;
        }

        public Builder context(List<Property> properties) {
            this.context = properties;
            return this;
        }

        public AlexaEvent build() {
            return new AlexaEvent(this);
        }
    }
}
