package dev.homewire.simulator.lumio;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One simulated Lumio device. Mutable; every access goes through the simulator's lock.
 */
final class SimDevice {
    static final String POWER = "power";
    static final String BRIGHTNESS = "brightness";
    static final String COLOR = "color";
    static final String COLOR_TEMPERATURE = "color_temperature";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final String id;
    final String accountId;
    final String label;
    final String type;
    final String model;
    /** In API order: power, brightness, color, color_temperature. */
    final List<String> capabilities;
    final int minKelvin;
    final int maxKelvin;

    boolean online = true;
    /** When the connection was lost; only meaningful while offline. */
    Instant offlineSince;
    boolean on;
    int brightness = 100;
    double hue;
    double saturation;
    int kelvin;
    /** "color" or "white"; only meaningful with the color capability. */
    String colorMode = "white";

    SimDevice(String id, String accountId, String label, String type, String model, Set<String> capabilities,
              int minKelvin, int maxKelvin) {
        this.id = id;
        this.accountId = accountId;
        this.label = label;
        this.type = type;
        this.model = model;
        this.capabilities = List.of(POWER, BRIGHTNESS, COLOR, COLOR_TEMPERATURE).stream()
                .filter(capabilities::contains).toList();
        this.minKelvin = minKelvin;
        this.maxKelvin = maxKelvin;
        this.kelvin = has(COLOR_TEMPERATURE) ? Math.max(minKelvin, Math.min(maxKelvin, 2700)) : 0;
        if (has(COLOR) && !has(COLOR_TEMPERATURE)) {
            colorMode = "color";
        }
    }

    boolean has(String capability) {
        return capabilities.contains(capability);
    }

    /** When the cloud last heard from the device: now while connected. */
    Instant seenAt(Instant now) {
        return online ? now : offlineSince;
    }

    /** The API's {@code state} object: only the properties of the device's capabilities. */
    ObjectNode apiState() {
        ObjectNode state = NODES.objectNode();
        state.put("power", on ? "on" : "off");
        if (has(BRIGHTNESS)) {
            state.put("brightness", brightness);
        }
        if (has(COLOR)) {
            state.put("color_mode", colorMode);
            ObjectNode color = state.putObject("color");
            color.put("hue", hue);
            color.put("saturation", saturation);
        }
        if (has(COLOR_TEMPERATURE)) {
            state.put("kelvin", kelvin);
        }
        return state;
    }

    /** The API's device object. */
    ObjectNode apiDevice(Instant now) {
        ObjectNode device = NODES.objectNode();
        device.put("id", id);
        device.put("label", label);
        device.put("type", type);
        device.put("model", model);
        device.put("connected", online);
        device.put("seen_at", seenAt(now).toString());
        capabilities.forEach(device.putArray("capabilities")::add);
        if (has(COLOR_TEMPERATURE)) {
            ObjectNode range = device.putObject("kelvin_range");
            range.put("min", minKelvin);
            range.put("max", maxKelvin);
        }
        device.set("state", apiState());
        return device;
    }

    /** The simulator's control view (flat, camelCase), as {@code devices()} lists it. */
    ObjectNode controlView(Instant now) {
        ObjectNode device = NODES.objectNode();
        device.put("deviceId", id);
        device.put("accountId", accountId);
        device.put("name", label);
        device.put("type", type);
        device.put("model", model);
        capabilities.forEach(device.putArray("capabilities")::add);
        if (has(COLOR_TEMPERATURE)) {
            ObjectNode range = device.putObject("kelvinRange");
            range.put("min", minKelvin);
            range.put("max", maxKelvin);
        }
        device.put("online", online);
        device.put("seenAt", seenAt(now).toString());
        device.put("on", on);
        if (has(BRIGHTNESS)) {
            device.put("brightness", brightness);
        }
        if (has(COLOR)) {
            device.put("colorMode", colorMode);
            device.put("hue", hue);
            device.put("saturation", saturation);
        }
        if (has(COLOR_TEMPERATURE)) {
            device.put("kelvin", kelvin);
        }
        return device;
    }

    static double twoDecimals(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
