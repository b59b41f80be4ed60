package dev.homewire.core.queue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** A message for the Alexa event gateway, for one user, without the LWA scope (the dispatcher adds it). */
public record OutboundEvent(String userId, ObjectNode message) {
    public OutboundEvent {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(message, "message");
    }
}
