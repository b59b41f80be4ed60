package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.EqualizerBand;
import dev.homewire.adapter.spi.EqualizerMode;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code Alexa.EqualizerController}: SetBands (absolute levels), AdjustBands (up or down by
 * {@code levelDelta}, default 1, from the current levels, saturating at the range), ResetBands (to
 * the device's default level) and SetMode (MOVIE, MUSIC, NIGHT, SPORT, TV); properties
 * {@code bands} and {@code mode}. Discovery lists the bands with their level range and the modes.
 */
public final class EqualizerControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.EqualizerController";

    public EqualizerControllerInterface() {
        super(NAMESPACE, Trait.Equalizer.class, Set.of("SetBands", "AdjustBands", "ResetBands", "SetMode"));
    }

    private static Trait.Equalizer equalizer(Device device) {
        return device.trait(Trait.Equalizer.class).orElseThrow();
    }

    @Override
    public List<ObjectNode> discovery(Device device, boolean proactive) {
        Trait.Equalizer equalizer = equalizer(device);
        List<String> names = new ArrayList<>();
        if (!equalizer.bands().isEmpty()) {
            names.add("bands");
        }
        if (!equalizer.modes().isEmpty()) {
            names.add("mode");
        }
        ObjectNode capability = Capabilities.reportable(NAMESPACE, proactive, names.toArray(String[]::new));
        ObjectNode configurations = capability.putObject("configurations");
        if (!equalizer.bands().isEmpty()) {
            ObjectNode bands = configurations.putObject("bands");
            ArrayNode supported = bands.putArray("supported");
            equalizer.bands().stream().sorted().forEach(b -> supported.addObject().put("name", b.name()));
            bands.putObject("range").put("minimum", equalizer.minimumLevel()).put("maximum", equalizer.maximumLevel());
        }
        if (!equalizer.modes().isEmpty()) {
            ArrayNode supported = configurations.putObject("modes").putArray("supported");
            equalizer.modes().stream().sorted().forEach(m -> supported.addObject().put("name", m.name()));
        }
        return List.of(capability);
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        Trait.Equalizer equalizer = equalizer(device);
        List<Property> properties = new ArrayList<>(2);
        ArrayNode bands = Json.array();
        equalizer.bands().stream().sorted().forEach(band -> {
            Integer level = state.get(StateKey.equalizerLevel(band));
            if (level != null) {
                bands.addObject().put("name", band.name()).put("value", level);
            }
        });
        if (!bands.isEmpty()) {
            properties.addAll(property("bands", bands, state, now));
        }
        EqualizerMode mode = state.get(StateKey.EQUALIZER_MODE);
        if (mode != null && !equalizer.modes().isEmpty()) {
            properties.addAll(property("mode", TextNode.valueOf(mode.name()), state, now));
        }
        return properties;
    }

    @Override
    public boolean needsCurrentState(Directive directive) {
        return "AdjustBands".equals(directive.name());
    }

    @Override
    public void validate(Directive directive, Device device) {
        if ("AdjustBands".equals(directive.name())) {
            adjustments(directive, equalizer(device));
        } else {
            toCommand(directive, device, null);
        }
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        Trait.Equalizer equalizer = equalizer(device);
        switch (directive.name()) {
            case "SetBands": {
                Map<EqualizerBand, Integer> levels = new EnumMap<>(EqualizerBand.class);
                for (JsonNode band : bands(directive)) {
                    JsonNode value = band.get("value");
                    if (value == null || !value.isNumber()) {
                        throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "SetBands needs a numeric value per band");
                    }
                    levels.put(band(band, equalizer), inRange(value.asDouble(), equalizer));
                }
                return new DeviceCommand.SetEqualizerBands(levels);
            }
            case "AdjustBands": {
                Map<EqualizerBand, Integer> levels = new EnumMap<>(EqualizerBand.class);
                adjustments(directive, equalizer).forEach((band, delta) -> {
                    Integer base = current.get(StateKey.equalizerLevel(band));
                    int from = base == null ? equalizer.defaultLevel() : base;
                    levels.put(band, Math.max(equalizer.minimumLevel(), Math.min(equalizer.maximumLevel(), from + delta)));
                });
                return new DeviceCommand.SetEqualizerBands(levels);
            }
            case "ResetBands": {
                Map<EqualizerBand, Integer> levels = new EnumMap<>(EqualizerBand.class);
                for (JsonNode band : bands(directive)) {
                    levels.put(band(band, equalizer), equalizer.defaultLevel());
                }
                return new DeviceCommand.SetEqualizerBands(levels);
            }
            case "SetMode": {
                String mode = Capabilities.requiredText(directive, "mode");
                return new DeviceCommand.SetEqualizerMode(Capabilities.enumValue(mode, "equalizer mode",
                        List.copyOf(equalizer.modes())));
            }
            default:
                throw Capabilities.unsupported(directive);
        }
    }

    /** Each band's signed delta: {@code levelDelta} (default 1), negative for {@code levelDirection} DOWN. */
    private static Map<EqualizerBand, Integer> adjustments(Directive directive, Trait.Equalizer equalizer) {
        Map<EqualizerBand, Integer> deltas = new EnumMap<>(EqualizerBand.class);
        int span = equalizer.maximumLevel() - equalizer.minimumLevel();
        for (JsonNode band : bands(directive)) {
            JsonNode levelDelta = band.get("levelDelta");
            if (levelDelta != null && !levelDelta.isNumber()) {
                throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "levelDelta must be a number");
            }
            double requested = levelDelta == null ? 1 : levelDelta.asDouble();
            if (!(requested >= 0 && requested <= span)) { // NaN-safe; 1e400 reads as infinity
                throw new AlexaErrorException(AlexaError.valueOutOfRange("levelDelta must be within 0.." + span + ", got "
                        + Capabilities.number(requested), 0, span));
            }
            int delta = (int) Math.round(requested);
            String direction = band.path("levelDirection").asText("UP");
            if (!direction.equals("UP") && !direction.equals("DOWN")) {
                throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "levelDirection must be UP or DOWN");
            }
            deltas.put(band(band, equalizer), direction.equals("UP") ? delta : -delta);
        }
        return deltas;
    }

    private static JsonNode bands(Directive directive) {
        JsonNode bands = directive.payload().get("bands");
        if (bands == null || !bands.isArray() || bands.isEmpty()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, directive.name() + " needs payload.bands");
        }
        return bands;
    }

    private static EqualizerBand band(JsonNode band, Trait.Equalizer equalizer) {
        return Capabilities.enumValue(band.path("name").asText(), "equalizer band",
                List.copyOf(equalizer.bands())); // Trait.Equalizer keeps them in enum order
    }

    /** A band level within the equalizer's bounds, rounded to a whole level; VALUE_OUT_OF_RANGE otherwise (infinity included). */
    private static int inRange(double level, Trait.Equalizer equalizer) {
        if (!(level >= equalizer.minimumLevel() && level <= equalizer.maximumLevel())) {
            throw new AlexaErrorException(AlexaError.valueOutOfRange("band level must be within " + equalizer.minimumLevel() + ".."
                    + equalizer.maximumLevel() + ", got " + Capabilities.number(level), equalizer.minimumLevel(),
                    equalizer.maximumLevel()));
        }
        return (int) Math.round(level);
    }
}
