package dev.homewire.adapter.spi.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Small, lenient readers of vendor JSON that every adapter's mapping needs. */
public final class VendorJson {
    private VendorJson() {
    }

    /** The ISO-8601 instant the node holds ({@code 2025-03-14T09:30:00Z}), or the fallback when it holds none or no readable one. */
    public static Instant instantOr(JsonNode value, Instant fallback) {
        if (value != null && value.isTextual()) {
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException unreadable) {
                return fallback;
            }
        }
        return fallback;
    }

    /** The field's text when it is a non-blank string; empty when missing, blank or no string. */
    public static Optional<String> nonBlankText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }
}
