package dev.homewire.core.capability;

import dev.homewire.core.util.Hashes;
import java.util.regex.Pattern;

/**
 * Alexa endpoint ids for vendor devices: {@code <adapterId>#<deviceId>} when the device id is
 * made of characters Alexa allows, else {@code <adapterId>#h-<sha-256 of the device id>}. Always
 * valid (1–256 characters of Alexa's set) and stable across discoveries; the endpoint registry
 * keeps the vendor's device id, so the id never has to be decoded.
 */
public final class EndpointIds {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_\\-]{1,180}");

    private EndpointIds() {
    }

    public static String of(String adapterId, String deviceId) {
        if (SAFE.matcher(deviceId).matches()) {
            return adapterId + "#" + deviceId;
        }
        return adapterId + "#h-" + Hashes.sha256Hex(deviceId);
    }

}
