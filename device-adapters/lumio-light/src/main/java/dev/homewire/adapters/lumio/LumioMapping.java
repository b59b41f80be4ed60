package dev.homewire.adapters.lumio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.http.VendorJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Translation between the Lumio API's JSON (docs/vendors/lumio-cloud-api.md) and the neutral
 * device model. Malformed vendor JSON raises {@link IllegalArgumentException}.
 *
 * <p>Colour: Lumio gives hue in degrees 0–360 and saturation in percent 0–100, and a colour
 * bulb has a single brightness (percent). Alexa's {@link Hsb} has saturation and brightness in
 * 0–1, so saturation is scaled by 100 and the colour's brightness is the bulb's brightness.
 */
final class LumioMapping {
    static final String MANUFACTURER = "Lumio";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private LumioMapping() {
    }

    /** A device object of {@code GET /v1/devices} as a {@link Device}. */
    static Device toDevice(JsonNode device) {
        String id = requiredText(device, "id");
        String label = device.path("label").isTextual() && !device.path("label").asText().isBlank()
                ? device.path("label").asText() : id;
        String model = device.path("model").isTextual() ? device.path("model").asText() : null;
        List<Trait> traits = new ArrayList<>();
        for (JsonNode capability : device.path("capabilities")) {
            switch (capability.asText()) {
                case "power" -> traits.add(new Trait.Power());
                case "brightness" -> traits.add(new Trait.Brightness());
                case "color" -> traits.add(new Trait.Color());
                case "color_temperature" -> traits.add(new Trait.ColorTemperature(kelvinRange(device.path("kelvin_range"))));
                default -> { } // newer capabilities we do not map yet
            }
        }
        String description = Device.modelDescription(MANUFACTURER, model, kind(device).name().toLowerCase(Locale.ROOT));
        return new Device(id, label, description, MANUFACTURER, model, kind(device), traits);
    }

    /** The bulb's white range; null (the typical white range) when the cloud gives none or an implausible one. */
    private static Device.KelvinRange kelvinRange(JsonNode kelvinRange) {
        if (!kelvinRange.path("min").isIntegralNumber() || !kelvinRange.path("max").isIntegralNumber()) {
            return null;
        }
        try {
            return new Device.KelvinRange(kelvinRange.path("min").intValue(), kelvinRange.path("max").intValue());
        } catch (IllegalArgumentException implausible) {
            return null;
        }
    }

    private static DeviceKind kind(JsonNode device) {
        return switch (device.path("type").asText("")) {
            case "light" -> DeviceKind.LIGHT;
            case "plug" -> DeviceKind.PLUG;
            case "switch" -> DeviceKind.SWITCH;
            default -> DeviceKind.OTHER;
        };
    }

    /**
     * A Lumio {@code state} object as a {@link DeviceState}.
     *
     * @param seenAt   the vendor's {@code seen_at}; missing or unreadable means {@code fallback}
     * @param fallback when the answer arrived
     */
    static DeviceState toState(JsonNode state, boolean connected, JsonNode seenAt, Instant fallback) {
        if (state != null && !state.isMissingNode() && !state.isNull() && !state.isObject()) {
            throw new IllegalArgumentException("state is not an object");
        }
        DeviceState.Builder builder = DeviceState.builder()
                .connectivity(connected ? Connectivity.OK : Connectivity.UNREACHABLE)
                .observedAt(VendorJson.instantOr(seenAt, fallback));
        if (state == null || !state.isObject()) {
            return builder.build();
        }
        switch (state.path("power").asText("")) {
            case "on" -> builder.power(PowerState.ON);
            case "off" -> builder.power(PowerState.OFF);
            default -> { }
        }
        Integer brightness = null;
        if (state.path("brightness").isNumber()) {
            brightness = (int) Math.round(state.path("brightness").doubleValue());
            if (brightness < 0 || brightness > 100) {
                throw new IllegalArgumentException("brightness " + brightness + " outside 0..100");
            }
            builder.brightness(brightness);
        }
        JsonNode color = state.path("color");
        if (color.path("hue").isNumber() && color.path("saturation").isNumber()) {
            double hue = clamp(color.path("hue").doubleValue(), 0, 360);
            double saturation = clamp(color.path("saturation").doubleValue() / 100.0, 0, 1);
            double colorBrightness = brightness == null ? 1.0 : brightness / 100.0;
            builder.color(new Hsb(round(hue, 2), round(saturation, 4), round(colorBrightness, 4)));
        }
        if (state.path("kelvin").isNumber()) {
            builder.colorTemperatureKelvin((int) Math.round(state.path("kelvin").doubleValue()));
        }
        return builder.build();
    }

    /** The {@code PUT …/state} body for a command. */
    static ObjectNode commandBody(DeviceCommand command) {
        ObjectNode body = NODES.objectNode();
        if (command instanceof DeviceCommand.SetPower setPower) {
            if (setPower.power() == null) {
                throw new IllegalArgumentException("SetPower needs a power state");
            }
            body.put("power", setPower.power() == PowerState.ON ? "on" : "off");
        } else if (command instanceof DeviceCommand.SetBrightness setBrightness) {
            body.put("brightness", setBrightness.brightness());
        } else if (command instanceof DeviceCommand.SetColor setColor) {
            Hsb hsb = setColor.color();
            if (hsb == null) {
                throw new IllegalArgumentException("SetColor needs a colour");
            }
            // The bulb's brightness is its own property; Alexa's colour brightness is not sent.
            ObjectNode color = body.putObject("color");
            color.put("hue", round(hsb.hue(), 2));
            color.put("saturation", round(hsb.saturation() * 100.0, 2));
        } else if (command instanceof DeviceCommand.SetColorTemperature setKelvin) {
            body.put("kelvin", setKelvin.kelvin());
        } else {
            throw new IllegalArgumentException("unsupported command " + command);
        }
        return body;
    }

    private static String requiredText(JsonNode node, String field) {
        return VendorJson.nonBlankText(node, field).orElseThrow(() -> new IllegalArgumentException("device without " + field));
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
