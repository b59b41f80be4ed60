package dev.homewire.dispatcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;

/**
 * Reads and trims the {@code timeOfSample}s of an event, for the rule "per endpoint, Alexa never
 * receives an older state after a newer one". Pure functions over the message JSON.
 */
final class SampleOrder {
    private SampleOrder() {
    }

    static boolean isChangeReport(JsonNode message) {
        JsonNode header = message.path("event").path("header");
        return "Alexa".equals(header.path("namespace").asText()) && "ChangeReport".equals(header.path("name").asText());
    }

    /** The endpoint an event reports state of, or null (DeferredResponse, AddOrUpdateReport, ...). */
    static String endpointId(JsonNode message) {
        JsonNode id = message.path("event").path("endpoint").path("endpointId");
        return id.isTextual() ? id.asText() : null;
    }

    /** The newest timeOfSample of a ChangeReport's changed properties, or null. */
    static Instant newestChange(JsonNode message) {
        return newest(message.path("event").path("payload").path("change").path("properties"), null);
    }

    /** The newest timeOfSample of the event's context properties (and a ChangeReport's changed ones), or null. */
    static Instant newestAll(JsonNode message) {
        Instant newest = newest(message.path("context").path("properties"), null);
        return newest(message.path("event").path("payload").path("change").path("properties"), newest);
    }

    /** Whether the event carries context properties (a Response, StateReport, ChangeReport, ...). */
    static boolean hasContext(JsonNode message) {
        return message.path("context").path("properties").isArray() && message.path("context").path("properties").size() > 0;
    }

    /**
     * Removes the context properties sampled before {@code newestDelivered} (Alexa has a newer
     * state of that endpoint); drops the emptied {@code context}. Answers how many were removed.
     */
    static int removeContextBefore(ObjectNode message, Instant newestDelivered) {
        JsonNode properties = message.path("context").path("properties");
        if (!(properties instanceof ArrayNode array)) {
            return 0;
        }
        int removed = 0;
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            Instant t = time(it.next());
            if (t != null && t.isBefore(newestDelivered)) {
                it.remove();
                removed++;
            }
        }
        if (array.isEmpty()) {
            message.remove("context");
        }
        return removed;
    }

    private static Instant newest(JsonNode properties, Instant start) {
        Instant newest = start;
        for (JsonNode p : properties) {
            Instant t = time(p);
            if (t != null && (newest == null || t.isAfter(newest))) {
                newest = t;
            }
        }
        return newest;
    }

    private static Instant time(JsonNode property) {
        JsonNode t = property.path("timeOfSample");
        if (!t.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(t.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
