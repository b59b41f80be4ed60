package dev.homewire.adapter.spi.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Small readers of vendor JSON that every adapter's mapping needs: lenient ones that fall back, and
 * strict ones that raise {@link IllegalArgumentException} for malformed JSON (which adapters turn
 * into an unreadable answer, webhook parsers into a 400).
 */
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

    /**
     * The field's non-blank text.
     *
     * @throws IllegalArgumentException {@code "missing '<field>'"} when it is missing, blank or no string
     */
    public static String requiredText(JsonNode node, String field) {
        return nonBlankText(node, field).orElseThrow(() -> new IllegalArgumentException("missing '" + field + "'"));
    }

    /**
     * The field's text, or the fallback when it is missing or null.
     *
     * @throws IllegalArgumentException {@code "'<field>' is not a string"} for another value
     */
    public static String optionalText(JsonNode node, String field, String fallback) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return value.asText();
    }

    /**
     * The ISO-8601 instant the node (the value of {@code field}) holds.
     *
     * @throws IllegalArgumentException {@code "missing '<field>'"} when it holds no string,
     *                                  {@code "'<field>' is not an ISO-8601 instant"} when no readable one
     */
    public static Instant requiredInstant(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' is not an ISO-8601 instant");
        }
    }
}
