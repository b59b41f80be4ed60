package dev.homewire.simulator.vistara;

import static dev.homewire.simulator.vistara.SimMediaDevice.APPS;
import static dev.homewire.simulator.vistara.SimMediaDevice.CHANNELS;
import static dev.homewire.simulator.vistara.SimMediaDevice.EQUALIZER;
import static dev.homewire.simulator.vistara.SimMediaDevice.INPUTS;
import static dev.homewire.simulator.vistara.SimMediaDevice.PLAYBACK;
import static dev.homewire.simulator.vistara.SimMediaDevice.POWER;
import static dev.homewire.simulator.vistara.SimMediaDevice.RECORDING;
import static dev.homewire.simulator.vistara.SimMediaDevice.SEEK;
import static dev.homewire.simulator.vistara.SimMediaDevice.VOLUME;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v2/devices/{id}/commands}: reads one command, checks it in the documented order
 * (body {@code 400}, feature {@code 422 unsupported_command}, connection {@code 409 device_offline},
 * standby {@code 409 device_off}, values {@code 422}) and only then applies it, so a refused command
 * changes nothing. The caller holds the simulator's lock.
 */
final class SimCommands {
    static final List<String> COMMANDS = List.of("set_power", "set_volume", "step_volume", "set_mute", "playback", "seek",
            "change_channel", "skip_channels", "select_input", "launch_app", "set_recording", "set_equalizer");

    static final int MAX_STEPS = 100;
    static final int MAX_SKIP = 999;
    static final long MAX_SEEK_MS = 86_400_000L;

    private SimCommands() {
    }

    /** Applies the command to the device; returns the command's name. */
    static String execute(SimMediaDevice device, ObjectNode body, Instant now) throws ApiError {
        Fields fields = new Fields(body);
        String command = fields.text("command");
        if (!COMMANDS.contains(command)) {
            throw ApiError.badRequest("unknown command '" + command + "'; use one of " + COMMANDS);
        }
        switch (command) {
            case "set_power" -> {
                boolean on = fields.bool("on");
                fields.done(command);
                ready(device, POWER, command, now, true);
                device.setPower(on);
            }
            case "set_volume" -> {
                long volume = fields.integer("volume");
                fields.done(command);
                ready(device, VOLUME, command, now, false);
                device.setVolume(within("volume", volume, 0, SimMediaDevice.MAX_VOLUME));
            }
            case "step_volume" -> {
                long steps = fields.integer("steps");
                fields.done(command);
                if (steps == 0) {
                    throw ApiError.badRequest("steps must not be 0");
                }
                readySpeaker(device, command, now);
                device.setVolume(device.volume + within("steps", steps, -MAX_STEPS, MAX_STEPS));
            }
            case "set_mute" -> {
                boolean muted = fields.bool("muted");
                fields.done(command);
                readySpeaker(device, command, now);
                device.muted = muted;
            }
            case "playback" -> {
                String action = fields.text("action");
                fields.done(command);
                if (!SimMediaDevice.PLAYBACK_ACTIONS.contains(action)) {
                    throw ApiError.badRequest("unknown action '" + action + "'; use one of " + SimMediaDevice.PLAYBACK_ACTIONS);
                }
                ready(device, PLAYBACK, command, now, false);
                if (!device.playbackActions.contains(action)) {
                    throw invalidValue("action", device.name + " does not support " + action + "; it supports " + device.playbackActions);
                }
                playback(device, action);
            }
            case "seek" -> {
                long delta = fields.integer("delta_ms");
                fields.done(command);
                ready(device, SEEK, command, now, false);
                device.seekTo(device.positionMs + within("delta_ms", delta, -MAX_SEEK_MS, MAX_SEEK_MS));
            }
            case "change_channel" -> {
                String number = fields.optionalText("number");
                String callSign = fields.optionalText("call_sign");
                String affiliate = fields.optionalText("affiliate_call_sign");
                fields.done(command);
                if (number == null && callSign == null && affiliate == null) {
                    throw ApiError.badRequest("change_channel needs number, call_sign or affiliate_call_sign");
                }
                ready(device, CHANNELS, command, now, false);
                int index = device.findChannel(number, callSign, affiliate);
                if (index < 0) {
                    throw invalidValue("channel", "no channel " + (number != null ? number : callSign != null ? callSign : affiliate)
                            + " in the line-up of " + device.name);
                }
                device.tune(index);
            }
            case "skip_channels" -> {
                long count = fields.integer("count");
                fields.done(command);
                if (count == 0) {
                    throw ApiError.badRequest("count must not be 0");
                }
                ready(device, CHANNELS, command, now, false);
                device.tune(Math.floorMod(device.channel + (int) within("count", count, -MAX_SKIP, MAX_SKIP), device.lineup.size()));
            }
            case "select_input" -> {
                String input = fields.text("input");
                fields.done(command);
                ready(device, INPUTS, command, now, false);
                device.input = device.findInput(input).orElseThrow(() -> invalidValue("input", device.name + " has no input '" + input
                        + "'; it has " + device.inputs.stream().map(SimMediaDevice.Input::id).toList())).id();
            }
            case "launch_app" -> {
                String appId = fields.text("app_id");
                fields.done(command);
                ready(device, APPS, command, now, false);
                if (!Catalog.APPS.containsKey(appId)) {
                    throw invalidValue("app_id", "no app " + appId + " in the Vistara catalogue");
                }
                device.appId = appId;
            }
            case "set_recording" -> {
                boolean recording = fields.bool("recording");
                fields.done(command);
                ready(device, RECORDING, command, now, false);
                device.recording = recording;
            }
            case "set_equalizer" -> equalizer(device, fields, now);
            default -> throw new IllegalStateException(command);
        }
        return command;
    }

    private static void playback(SimMediaDevice device, String action) {
        switch (action) {
            case "play" -> device.setPlayback("playing");
            case "pause" -> {
                if (!device.playback.equals("stopped")) {
                    device.setPlayback("paused");
                }
            }
            case "stop" -> device.setPlayback("stopped");
            case "start_over" -> {
                device.positionMs = 0;
                device.setPlayback("playing");
            }
            case "previous" -> device.skipItems(-1);
            case "next" -> device.skipItems(1);
            case "rewind" -> device.seekTo(device.positionMs - SimMediaDevice.SCAN_STEP_MS);
            case "fast_forward" -> device.seekTo(device.positionMs + SimMediaDevice.SCAN_STEP_MS);
            default -> throw new IllegalStateException(action);
        }
    }

    private static void equalizer(SimMediaDevice device, Fields fields, Instant now) throws ApiError {
        JsonNode bands = fields.optional("bands");
        String mode = fields.optionalText("mode");
        fields.done("set_equalizer");
        if (bands != null && (!bands.isObject() || bands.isEmpty())) {
            throw ApiError.badRequest("bands must be an object of band levels, e.g. {\"bass\": 2}");
        }
        if (bands == null && mode == null) {
            throw ApiError.badRequest("set_equalizer needs bands or mode");
        }
        Map<String, Integer> levels = new LinkedHashMap<>();
        if (bands != null) {
            for (Map.Entry<String, JsonNode> band : bands.properties()) {
                if (!band.getValue().isIntegralNumber() || !band.getValue().canConvertToLong()) {
                    throw ApiError.badRequest("bands." + band.getKey() + " must be an integer");
                }
            }
        }
        ready(device, EQUALIZER, "set_equalizer", now, false);
        if (bands != null) {
            for (Map.Entry<String, JsonNode> band : bands.properties()) {
                String field = "bands." + band.getKey();
                if (!device.bands.containsKey(band.getKey())) {
                    throw invalidValue(field, device.name + " has no band '" + band.getKey() + "'; it has " + device.bands.keySet());
                }
                levels.put(band.getKey(), (int) within(field, band.getValue().longValue(), SimMediaDevice.EQ_MIN, SimMediaDevice.EQ_MAX));
            }
        }
        if (mode != null && !SimMediaDevice.SOUND_MODES.contains(mode)) {
            throw invalidValue("mode", device.name + " has no sound mode '" + mode + "'; it has " + SimMediaDevice.SOUND_MODES);
        }
        device.bands.putAll(levels);
        if (mode != null) {
            device.soundMode = mode;
        }
    }

    // ------------------------------------------------------------------ checks

    /** The device has the feature, is connected and (unless this is a power command) on. */
    private static void ready(SimMediaDevice device, String feature, String command, Instant now, boolean powerCommand) throws ApiError {
        if (!device.has(feature)) {
            throw unsupported(device, command);
        }
        readyNow(device, now, powerCommand);
    }

    private static void readySpeaker(SimMediaDevice device, String command, Instant now) throws ApiError {
        if (!device.hasSpeaker()) {
            throw unsupported(device, command);
        }
        readyNow(device, now, false);
    }

    private static void readyNow(SimMediaDevice device, Instant now, boolean powerCommand) throws ApiError {
        if (!device.online) {
            throw ApiError.of(409, "device_offline", device.name + " is not connected to the Vistara cloud")
                    .with("device_id", device.id).with("last_seen", device.lastSeen(now).toString());
        }
        if (!device.on && !powerCommand) {
            throw ApiError.of(409, "device_off", device.name + " is in standby; it takes set_power only")
                    .with("device_id", device.id);
        }
    }

    private static long within(String field, long value, long min, long max) throws ApiError {
        if (value < min || value > max) {
            ApiError error = ApiError.of(422, "value_out_of_range", field + " " + value + " is outside " + min + ".." + max)
                    .with("field", field);
            error.body().put("min", min).put("max", max);
            throw error;
        }
        return value;
    }

    private static ApiError unsupported(SimMediaDevice device, String command) {
        return ApiError.of(422, "unsupported_command", device.name + " (" + device.type + ") does not support " + command)
                .with("field", "command");
    }

    private static ApiError invalidValue(String field, String message) {
        return ApiError.of(422, "invalid_value", message).with("field", field);
    }

    /** The fields of a command body, each read once; {@link #done} refuses the ones nobody read. */
    private static final class Fields {
        private final ObjectNode body;
        private final Set<String> read = new HashSet<>();

        Fields(ObjectNode body) {
            this.body = body;
        }

        JsonNode optional(String name) {
            read.add(name);
            JsonNode value = body.get(name);
            return value == null || value.isNull() ? null : value;
        }

        JsonNode required(String name) throws ApiError {
            JsonNode value = optional(name);
            if (value == null) {
                throw ApiError.badRequest("field '" + name + "' is required");
            }
            return value;
        }

        String text(String name) throws ApiError {
            JsonNode value = required(name);
            if (!value.isTextual() || value.asText().isBlank()) {
                throw ApiError.badRequest(name + " must be a non-empty string");
            }
            return value.asText();
        }

        String optionalText(String name) throws ApiError {
            return optional(name) == null ? null : text(name);
        }

        boolean bool(String name) throws ApiError {
            JsonNode value = required(name);
            if (!value.isBoolean()) {
                throw ApiError.badRequest(name + " must be true or false");
            }
            return value.booleanValue();
        }

        long integer(String name) throws ApiError {
            JsonNode value = required(name);
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw ApiError.badRequest(name + " must be an integer");
            }
            return value.longValue();
        }

        void done(String command) throws ApiError {
            for (String name : (Iterable<String>) body::fieldNames) {
                if (!read.contains(name)) {
                    throw ApiError.badRequest("unknown field '" + name + "' for " + command);
                }
            }
        }
    }
}
