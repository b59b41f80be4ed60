package dev.homewire.core.capability;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Alexa endpoint ids for vendor devices: {@code <adapterId>.<deviceId>}, or the device id in
 * base64url when it has characters Alexa does not allow. Stable across discoveries.
 */
public final class EndpointIds {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_\\-]{1,200}");

    private EndpointIds() {
    }

    public static String of(String adapterId, String deviceId) {
        if (SAFE.matcher(deviceId).matches()) {
            return adapterId + "#" + deviceId;
        }
        return adapterId + "#b64-" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(deviceId.getBytes(StandardCharsets.UTF_8));
    }
}
