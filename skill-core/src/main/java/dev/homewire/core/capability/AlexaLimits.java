package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.regex.Pattern;

/**
 * Alexa's limits on what a skill announces, in one place: endpoint ids, endpoints per user,
 * capabilities per endpoint, name lengths and report sizes. Discovery and proactive reports apply
 * them before anything reaches Alexa.
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

    private AlexaLimits() {
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
