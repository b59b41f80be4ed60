package dev.homewire.alexa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/** One reported property of an endpoint ({@code context.properties[]} or {@code change.properties[]}). */
public record Property(String namespace, String instance, String name, JsonNode value, Instant timeOfSample,
                       long uncertaintyInMilliseconds) {

    public Property {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(timeOfSample, "timeOfSample");
        if (uncertaintyInMilliseconds < 0) {
            throw new IllegalArgumentException("uncertainty must be >= 0");
        }
    }

    public static Property of(String namespace, String name, JsonNode value, Instant timeOfSample, long uncertaintyInMilliseconds) {
        return new Property(namespace, null, name, value, timeOfSample, uncertaintyInMilliseconds);
    }

    /** Whether two properties describe the same thing (same interface, instance and name). */
    public boolean sameKey(Property other) {
        return namespace.equals(other.namespace) && name.equals(other.name) && Objects.equals(instance, other.instance);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("namespace", namespace);
        if (instance != null) {
            node.put("instance", instance);
        }
        node.put("name", name);
        node.set("value", value);
        node.put("timeOfSample", AlexaTime.format(timeOfSample));
        node.put("uncertaintyInMilliseconds", uncertaintyInMilliseconds);
        return node;
    }
}
