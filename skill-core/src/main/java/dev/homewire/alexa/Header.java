package dev.homewire.alexa;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** A message header. Outbound headers get a new UUID messageId each. */
public record Header(String namespace, String name, String payloadVersion, String messageId, String correlationToken,
                     String instance) {

    public static Header outbound(String namespace, String name, String correlationToken) {
        return new Header(namespace, name, "3", UUID.randomUUID().toString(), correlationToken, null);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("namespace", namespace);
        node.put("name", name);
        if (instance != null) {
            node.put("instance", instance);
        }
        node.put("payloadVersion", payloadVersion);
        node.put("messageId", messageId);
        if (correlationToken != null) {
            node.put("correlationToken", correlationToken);
        }
        return node;
    }
}
