package dev.homewire.adapters.vistara;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.ChannelInfo;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.EqualizerBand;
import dev.homewire.adapter.spi.EqualizerMode;
import dev.homewire.adapter.spi.LaunchTarget;
import dev.homewire.adapter.spi.PlaybackOperation;
import dev.homewire.adapter.spi.PlaybackState;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.http.VendorJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Translation between the Vistara API's JSON (docs/vendors/vistara-cloud-api.md) and the neutral
 * device model. Malformed vendor JSON raises {@link IllegalArgumentException}; a feature whose
 * description Homewire cannot use (no known playback action, an implausible equalizer range, no
 * MAC address) is left out of the device's traits rather than failing the device.
 *
 * <p>Vistara's enumerations are the lower-case names of the neutral ones ({@code fast_forward} is
 * {@link PlaybackOperation#FAST_FORWARD}, {@code bass} is {@link EqualizerBand#BASS}, {@code night}
 * is {@link EqualizerMode#NIGHT}); its input ids and app ids are Alexa's input names and launch
 * target identifiers, passed through as they are.
 */
final class VistaraMapping {
    static final String MANUFACTURER = "Vistara";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private VistaraMapping() {
    }

    // ------------------------------------------------------------------ discovery

    /** A device object of {@code GET /v2/devices} as a {@link Device}. */
    static Device toDevice(JsonNode device) {
        String id = VendorJson.nonBlankText(device, "id").orElseThrow(() -> new IllegalArgumentException("device without id"));
        String name = VendorJson.nonBlankText(device, "name").orElse(id);
        String model = VendorJson.nonBlankText(device, "model").orElse(null);
        DeviceKind kind = switch (device.path("type").asText("")) {
            case "tv" -> DeviceKind.TV;
            case "soundbar" -> DeviceKind.SPEAKER;
            default -> DeviceKind.OTHER;
        };
        List<Trait> traits = new ArrayList<>();
        for (JsonNode feature : device.path("features")) {
            trait(feature.asText(), device).ifPresent(traits::add);
        }
        String description = Device.modelDescription(MANUFACTURER, model, kind.name().toLowerCase(Locale.ROOT));
        return new Device(id, name, description, MANUFACTURER, model, kind, traits);
    }

    /** The trait of one Vistara feature; empty for features we do not map (yet) or cannot describe. */
    private static Optional<Trait> trait(String feature, JsonNode device) {
        try {
            return Optional.ofNullable(switch (feature) {
                case "power" -> new Trait.Power();
                case "volume" -> new Trait.Speaker();
                case "volume_steps" -> new Trait.StepSpeaker();
                case "playback" -> playback(device.path("playback_actions"));
                case "seek" -> new Trait.Seek();
                case "channels" -> new Trait.Channel();
                case "inputs" -> inputs(device.path("inputs"));
                case "apps" -> new Trait.Launcher();
                case "recording" -> new Trait.Recording();
                case "equalizer" -> equalizer(device.path("equalizer"));
                case "wake_on_lan" -> VendorJson.nonBlankText(device, "mac_address").map(mac -> new Trait.WakeOnLan(List.of(mac)))
                        .orElse(null);
                default -> null;
            });
        } catch (IllegalArgumentException unusable) {
            return Optional.empty();
        }
    }

    private static Trait.Playback playback(JsonNode actions) {
        Set<PlaybackOperation> operations = EnumSet.noneOf(PlaybackOperation.class);
        for (JsonNode action : actions) {
            constant(PlaybackOperation.class, action).ifPresent(operations::add);
        }
        return operations.isEmpty() ? null : new Trait.Playback(operations);
    }

    private static Trait.Input inputs(JsonNode inputs) {
        List<Trait.Input.InputSource> sources = new ArrayList<>();
        for (JsonNode input : inputs) {
            VendorJson.nonBlankText(input, "id").ifPresent(id -> sources.add(new Trait.Input.InputSource(id,
                    VendorJson.nonBlankText(input, "label").filter(label -> !label.equalsIgnoreCase(id)).map(List::of).orElse(List.of()))));
        }
        return sources.isEmpty() ? null : new Trait.Input(sources);
    }

    private static Trait.Equalizer equalizer(JsonNode equalizer) {
        Set<EqualizerBand> bands = EnumSet.noneOf(EqualizerBand.class);
        equalizer.path("bands").forEach(band -> constant(EqualizerBand.class, band).ifPresent(bands::add));
        Set<EqualizerMode> modes = EnumSet.noneOf(EqualizerMode.class);
        equalizer.path("modes").forEach(mode -> constant(EqualizerMode.class, mode).ifPresent(modes::add));
        if (!equalizer.path("min").canConvertToInt() || !equalizer.path("max").canConvertToInt()) {
            return null;
        }
        int min = equalizer.path("min").intValue();
        int max = equalizer.path("max").intValue();
        int defaultLevel = equalizer.path("default").canConvertToInt() ? equalizer.path("default").intValue() : (min + max) / 2;
        return new Trait.Equalizer(bands, min, max, defaultLevel, modes);
    }

    // ------------------------------------------------------------------ state

    /**
     * A device object's {@code state} as a {@link DeviceState}.
     *
     * @param fallback when the answer arrived: the time of the state unless {@code last_seen} says otherwise
     */
    static DeviceState toState(JsonNode device, Instant fallback) {
        JsonNode state = device.path("state");
        if (!state.isObject()) {
            throw new IllegalArgumentException("device without a state object");
        }
        DeviceState.Builder builder = DeviceState.builder()
                .connectivity(device.path("connected").booleanValue() ? Connectivity.OK : Connectivity.UNREACHABLE)
                .observedAt(VendorJson.instantOr(device.path("last_seen"), fallback));
        switch (state.path("power").asText("")) {
            case "on" -> builder.power(PowerState.ON);
            case "standby" -> builder.power(PowerState.OFF);
            default -> { }
        }
        if (state.path("volume").isIntegralNumber()) {
            builder.set(StateKey.VOLUME, state.path("volume").intValue());
        }
        if (state.path("muted").isBoolean()) {
            builder.set(StateKey.MUTED, state.path("muted").booleanValue());
        }
        VendorJson.nonBlankText(state, "input").ifPresent(input -> builder.set(StateKey.INPUT, input));
        JsonNode channel = state.path("channel");
        if (channel.isObject()) {
            builder.set(StateKey.CHANNEL, new ChannelInfo(VendorJson.nonBlankText(channel, "number").orElse(null),
                    VendorJson.nonBlankText(channel, "call_sign").orElse(null),
                    VendorJson.nonBlankText(channel, "affiliate").orElse(null)));
        }
        JsonNode media = state.path("media");
        constant(PlaybackState.class, media.path("status")).ifPresent(status -> builder.set(StateKey.PLAYBACK_STATE, status));
        if (media.path("position_ms").isIntegralNumber()) {
            builder.set(StateKey.PLAYBACK_POSITION_MS, media.path("position_ms").longValue());
        }
        JsonNode app = state.path("app");
        if (app.isObject()) {
            Optional<String> appId = VendorJson.nonBlankText(app, "id");
            appId.ifPresent(identifier -> builder.set(StateKey.LAUNCHED_TARGET,
                    new LaunchTarget(identifier, VendorJson.nonBlankText(app, "name").orElse(identifier))));
        }
        if (state.path("recording").isBoolean()) {
            builder.set(StateKey.RECORDING, state.path("recording").booleanValue());
        }
        JsonNode equalizer = state.path("equalizer");
        for (EqualizerBand band : EqualizerBand.values()) {
            JsonNode level = equalizer.path("bands").path(band.name().toLowerCase(Locale.ROOT));
            if (level.canConvertToInt() && level.isIntegralNumber()) {
                builder.set(StateKey.equalizerLevel(band), level.intValue());
            }
        }
        constant(EqualizerMode.class, equalizer.path("mode")).ifPresent(mode -> builder.set(StateKey.EQUALIZER_MODE, mode));
        return builder.build();
    }

    // ------------------------------------------------------------------ commands

    /** The {@code POST …/commands} body for a command. */
    static ObjectNode commandBody(DeviceCommand command) {
        ObjectNode body = NODES.objectNode();
        if (command instanceof DeviceCommand.SetPower power) {
            body.put("command", "set_power").put("on", power.power() == PowerState.ON);
        } else if (command instanceof DeviceCommand.SetVolume volume) {
            body.put("command", "set_volume").put("volume", volume.volume());
        } else if (command instanceof DeviceCommand.AdjustVolumeSteps steps) {
            body.put("command", "step_volume").put("steps", steps.steps());
        } else if (command instanceof DeviceCommand.SetMute mute) {
            body.put("command", "set_mute").put("muted", mute.muted());
        } else if (command instanceof DeviceCommand.Playback playback) {
            body.put("command", "playback").put("action", lower(playback.operation()));
        } else if (command instanceof DeviceCommand.Seek seek) {
            body.put("command", "seek").put("delta_ms", seek.deltaMillis());
        } else if (command instanceof DeviceCommand.ChangeChannel change) {
            ChannelInfo channel = change.channel();
            body.put("command", "change_channel");
            putIfSet(body, "number", channel.number());
            putIfSet(body, "call_sign", channel.callSign());
            putIfSet(body, "affiliate_call_sign", channel.affiliateCallSign());
        } else if (command instanceof DeviceCommand.SkipChannels skip) {
            body.put("command", "skip_channels").put("count", skip.count());
        } else if (command instanceof DeviceCommand.SelectInput input) {
            body.put("command", "select_input").put("input", input.input());
        } else if (command instanceof DeviceCommand.Launch launch) {
            body.put("command", "launch_app").put("app_id", launch.target().identifier());
        } else if (command instanceof DeviceCommand.SetRecording recording) {
            body.put("command", "set_recording").put("recording", recording.recording());
        } else if (command instanceof DeviceCommand.SetEqualizerBands bands) {
            ObjectNode levels = body.put("command", "set_equalizer").putObject("bands");
            bands.levels().forEach((band, level) -> levels.put(lower(band), level));
        } else if (command instanceof DeviceCommand.SetEqualizerMode mode) {
            body.put("command", "set_equalizer").put("mode", lower(mode.mode()));
        } else {
            throw new IllegalArgumentException("Vistara devices do not take " + command.getClass().getSimpleName());
        }
        return body;
    }

    // ------------------------------------------------------------------ helpers

    /** The constant named by the node's text, upper-cased ({@code "fast_forward"} → FAST_FORWARD); empty if none. */
    private static <E extends Enum<E>> Optional<E> constant(Class<E> type, JsonNode name) {
        if (!name.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, name.asText().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private static String lower(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static void putIfSet(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
