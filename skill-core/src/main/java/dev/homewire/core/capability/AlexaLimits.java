package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/**
 * Alexa's limits on what a skill announces, in one place: endpoint ids, endpoints per user,
 * capabilities per endpoint, name lengths and report sizes. Discovery and proactive reports apply
 * them before anything reaches Alexa. Also the limits on what the entrypoint accepts of a directive
 * (size, header field lengths, characters), which come from where an accepted directive goes: an
 * SQS message and DynamoDB keys.
 */
public final class AlexaLimits {
    /** {@code endpointId}: 1–256 characters of Alexa's set. */
    public static final Pattern ENDPOINT_ID = Pattern.compile("[A-Za-z0-9_\\-=#;:?@&]{1,256}");
    /** Endpoints one user may have, and per AddOrUpdateReport / DeleteReport. */
    public static final int MAX_ENDPOINTS = 300;
    /** Capabilities one endpoint may announce. */
    public static final int MAX_CAPABILITIES = 100;
    /** {@code friendlyName}, {@code description}, {@code manufacturerName}. */
    public static final int MAX_NAME = 128;
    /** {@code additionalAttributes} values. */
    public static final int MAX_ATTRIBUTE = 256;
    /** One proactive discovery report (AddOrUpdateReport, DeleteReport), in bytes of JSON. */
    public static final int MAX_REPORT_BYTES = 256 * 1024;

    /**
     * The largest directive body the entrypoint accepts, in bytes. A control directive travels as
     * one SQS message (at most 256 KiB) with a small envelope; Alexa's directives are a few KB.
     */
    public static final int MAX_DIRECTIVE_BYTES = 192 * 1024;
    /**
     * {@code header.correlationToken}, in UTF-8 bytes. Alexa documents no length (its tokens are a
     * few hundred bytes); the token is the sort key of a pending operation, and DynamoDB takes sort
     * keys of at most 1,024 bytes.
     */
    public static final int MAX_CORRELATION_TOKEN_BYTES = 1024;
    /**
     * {@code header.messageId}, in UTF-8 bytes. Alexa sends UUIDs; what we store under a messageId
     * is keyed by it, and DynamoDB takes partition keys of at most 2,048 bytes.
     */
    public static final int MAX_MESSAGE_ID_BYTES = 2048;

    private AlexaLimits() {
    }

    /**
     * Whether an SQS message can carry the code point: SQS takes only #x9, #xA, #xD, #x20–#xD7FF,
     * #xE000–#xFFFD and #x10000–#x10FFFF, so a lone surrogate, U+FFFE/U+FFFF or a control character
     * in a directive would make queueing fail after the directive was accepted.
     */
    public static boolean queueCarries(int codePoint) {
        return codePoint == 0x9 || codePoint == 0xA || codePoint == 0xD
                || codePoint >= 0x20 && codePoint <= 0xD7FF
                || codePoint >= 0xE000 && codePoint <= 0xFFFD
                || codePoint >= 0x10000 && codePoint <= 0x10FFFF;
    }

    /** The first code point of the text an SQS message cannot carry ({@link #queueCarries}), or -1. */
    public static int firstUncarriable(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i); // a lone surrogate comes back as itself
            if (!queueCarries(codePoint)) {
                return codePoint;
            }
            i += Character.charCount(codePoint);
        }
        return -1;
    }

    /** The UTF-8 length of the text (a lone surrogate counted as 3 bytes), without encoding it. */
    public static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    public static boolean validEndpointId(String endpointId) {
        return endpointId != null && ENDPOINT_ID.matcher(endpointId).matches();
    }

    /** Vendors name devices freely; Alexa refuses names over 128 characters (and empty ones): trimmed, clipped, or a fallback. */
    static ObjectNode withinLimits(ObjectNode endpoint) {
        String fallbackName = "Device " + endpoint.path("endpointId").asText();
        clamp(endpoint, "friendlyName", MAX_NAME, fallbackName);
        clamp(endpoint, "description", MAX_NAME, endpoint.path("friendlyName").asText());
        clamp(endpoint, "manufacturerName", MAX_NAME, "Unknown");
        JsonNode attributes = endpoint.get("additionalAttributes");
        if (attributes instanceof ObjectNode) {
            clamp((ObjectNode) attributes, "manufacturer", MAX_ATTRIBUTE, "Unknown");
            clamp((ObjectNode) attributes, "model", MAX_ATTRIBUTE, "Unknown");
        }
        return endpoint;
    }

    private static void clamp(ObjectNode node, String field, int max, String fallback) {
        if (!node.has(field)) {
            return;
        }
        String value = node.path(field).asText("").strip();
        if (value.isEmpty()) {
            value = fallback;
        }
        if (value.length() > max) {
            value = value.substring(0, max);
        }
        node.put(field, value);
    }
}
