package dev.homewire.adapters.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.homewire.adapter.spi.http.VendorJson;
import java.time.Instant;
import java.util.Objects;

/**
 * An appliance object of the Arbor API ({@code GET /v1/appliances[/…]}), read leniently: what the
 * adapter needs is checked ({@code id}, {@code type}, {@code online}), the rest defaults.
 *
 * @param model     the product name, or null
 * @param specs     the model's fixed description (an object, possibly empty)
 * @param state     the type's state fields (an object, possibly empty)
 * @param updatedAt when the cloud last heard from the appliance
 * @param revision  the opaque revision, or {@code ""} when the answer carried none
 */
record ArborAppliance(String id, String type, String name, String model, boolean online, JsonNode specs, JsonNode state,
                      Instant updatedAt, String revision) {

    ArborAppliance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(revision, "revision");
    }

    /**
     * @param fallback the observation time when {@code updatedAt} is missing or unreadable (when the answer arrived)
     * @throws IllegalArgumentException without a non-blank {@code id} and {@code type} or a boolean {@code online}
     */
    static ArborAppliance read(JsonNode json, Instant fallback) {
        String id = VendorJson.nonBlankText(json, "id").orElseThrow(() -> new IllegalArgumentException("appliance without id"));
        String type = VendorJson.nonBlankText(json, "type")
                .orElseThrow(() -> new IllegalArgumentException("appliance " + id + " without type"));
        if (!json.path("online").isBoolean()) {
            throw new IllegalArgumentException("appliance " + id + " without 'online'");
        }
        return new ArborAppliance(id, type, VendorJson.nonBlankText(json, "name").orElse(id),
                VendorJson.nonBlankText(json, "model").orElse(null), json.path("online").booleanValue(),
                objectOrEmpty(json.path("specs")), objectOrEmpty(json.path("state")),
                VendorJson.instantOr(json.path("updatedAt"), fallback), json.path("revision").asText(""));
    }

    private static JsonNode objectOrEmpty(JsonNode node) {
        return node.isObject() ? node : JsonNodeFactory.instance.objectNode();
    }
}
