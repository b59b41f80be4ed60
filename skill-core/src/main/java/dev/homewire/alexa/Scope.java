package dev.homewire.alexa;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A bearer token scope; {@link #toString()} never shows the token. */
public record Scope(String type, String token) {
    public static Scope bearer(String token) {
        return new Scope("BearerToken", token);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("type", type);
        node.put("token", token);
        return node;
    }

    @Override
    public String toString() {
        return "Scope[type=" + type + ", token=***]";
    }
}
