package dev.homewire.simulator.vistara;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.vistara.Catalog.Channel;
import dev.homewire.simulator.vistara.Catalog.MediaItem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One simulated Vistara TV or sound bar: what it is (features, inputs, line-up) and what it is doing.
 * Mutable; every access goes through the simulator's lock.
 */
final class SimMediaDevice {
    static final String POWER = "power";
    static final String VOLUME = "volume";
    static final String VOLUME_STEPS = "volume_steps";
    static final String PLAYBACK = "playback";
    static final String SEEK = "seek";
    static final String CHANNELS = "channels";
    static final String INPUTS = "inputs";
    static final String APPS = "apps";
    static final String RECORDING = "recording";
    static final String EQUALIZER = "equalizer";
    static final String WAKE_ON_LAN = "wake_on_lan";
    /** Every feature, in the order the API lists them. */
    static final List<String> FEATURES = List.of(POWER, VOLUME, VOLUME_STEPS, PLAYBACK, SEEK, CHANNELS, INPUTS, APPS, RECORDING,
            EQUALIZER, WAKE_ON_LAN);

    /** Every playback action, in the order the API lists them. */
    static final List<String> PLAYBACK_ACTIONS = List.of("play", "pause", "stop", "start_over", "previous", "next", "rewind",
            "fast_forward");
    static final List<String> PLAYBACK_STATES = List.of("playing", "paused", "stopped");

    static final int MAX_VOLUME = 100;
    /** A step speaker's internal level runs 0..{@value}; the API never reports it. */
    static final int MAX_STEP_LEVEL = 50;
    static final int EQ_MIN = -6;
    static final int EQ_MAX = 6;
    static final int EQ_DEFAULT = 0;
    static final List<String> EQ_BANDS = List.of("bass", "midrange", "treble");
    static final List<String> SOUND_MODES = List.of("movie", "music", "night", "sport", "tv");
    /** How far rewind and fast-forward jump. */
    static final long SCAN_STEP_MS = 10_000;

    /** One input: the id (Alexa's input name) and the label the user gave it. */
    record Input(String id, String label) {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final String id;
    final String accountId;
    final String type;
    final String model;
    final List<String> features;
    final List<String> playbackActions;
    final List<Input> inputs;
    final List<Channel> lineup;
    final List<MediaItem> queue;
    final String macAddress;

    String name;
    boolean online = true;
    /** When the connection was lost; only meaningful while offline. */
    Instant offlineSince;
    boolean on = true;
    /** A TV's volume 0..100, or a sound bar's internal level 0..{@link #MAX_STEP_LEVEL}. */
    int volume;
    boolean muted;
    String input;
    /** Index into {@link #lineup}. */
    int channel;
    /** playing, paused or stopped. */
    String playback = "paused";
    /** Index into {@link #queue}. */
    int item;
    long positionMs;
    /** The last launched app or shortcut, or null. */
    String appId;
    boolean recording;
    final Map<String, Integer> bands = new LinkedHashMap<>();
    String soundMode = "movie";

    SimMediaDevice(String id, String accountId, String name, String type, String model, Set<String> features,
                   List<String> playbackActions, List<Input> inputs, List<Channel> lineup, List<MediaItem> queue, String macAddress) {
        this.id = id;
        this.accountId = accountId;
        this.name = name;
        this.type = type;
        this.model = model;
        this.features = FEATURES.stream().filter(features::contains).toList();
        this.playbackActions = PLAYBACK_ACTIONS.stream().filter(playbackActions::contains).toList();
        this.inputs = List.copyOf(inputs);
        this.lineup = List.copyOf(lineup);
        this.queue = List.copyOf(queue);
        this.macAddress = macAddress;
        this.input = inputs.isEmpty() ? null : inputs.get(0).id();
        EQ_BANDS.forEach(band -> bands.put(band, EQ_DEFAULT));
    }

    /** A TV with every TV feature. */
    static SimMediaDevice tv(String id, String accountId, String name, String model, List<Channel> lineup, String macAddress) {
        return new SimMediaDevice(id, accountId, name, "tv", model,
                Set.of(POWER, VOLUME, PLAYBACK, SEEK, CHANNELS, INPUTS, APPS, RECORDING, WAKE_ON_LAN), PLAYBACK_ACTIONS,
                List.of(new Input("HDMI1", "Apple TV"), new Input("HDMI2", "Game Console"), new Input("HDMI3", "HDMI 3"),
                        new Input("TV", "Antenna")),
                lineup, Catalog.TV_QUEUE, macAddress);
    }

    /** A sound bar: steps, inputs, equalizer and the Bluetooth source's transport controls. */
    static SimMediaDevice soundBar(String id, String accountId, String name, String model) {
        return new SimMediaDevice(id, accountId, name, "soundbar", model, Set.of(POWER, VOLUME_STEPS, PLAYBACK, INPUTS, EQUALIZER),
                List.of("play", "pause", "previous", "next"),
                List.of(new Input("HDMI ARC", "TV"), new Input("OPTICAL", "Optical"), new Input("BLUETOOTH", "Bluetooth")),
                List.of(), Catalog.BAR_QUEUE, null);
    }

    boolean has(String feature) {
        return features.contains(feature);
    }

    /** Whether the device has a volume or volume steps (and so a mute). */
    boolean hasSpeaker() {
        return has(VOLUME) || has(VOLUME_STEPS);
    }

    /** The highest volume a person can set: 100, or a step speaker's internal maximum. */
    int maxVolume() {
        return has(VOLUME) ? MAX_VOLUME : MAX_STEP_LEVEL;
    }

    /** When the cloud last heard from the device: now while connected. */
    Instant lastSeen(Instant now) {
        return online ? now : offlineSince;
    }

    MediaItem current() {
        return queue.get(item);
    }

    // ------------------------------------------------------------------ changes

    /** Power; going to standby pauses what plays. */
    void setPower(boolean value) {
        on = value;
        if (!value && playback.equals("playing")) {
            playback = "paused";
        }
    }

    /** Volume (or a step speaker's level) within its bounds; a volume change unmutes. */
    void setVolume(long value) {
        volume = (int) Math.max(0, Math.min(maxVolume(), value));
        muted = false;
    }

    void setPlayback(String state) {
        playback = state;
        if (state.equals("stopped")) {
            positionMs = 0;
        }
    }

    /** Moves the position within the current content; a stopped player is then paused there. */
    void seekTo(long position) {
        positionMs = Math.max(0, Math.min(current().durationMs(), position));
        if (playback.equals("stopped")) {
            playback = "paused";
        }
    }

    /** Moves to another item of the queue (wrapping around), at its start. */
    void skipItems(int count) {
        item = Math.floorMod(item + count, queue.size());
        positionMs = 0;
    }

    /** Tunes to a channel of the line-up; the TV shows its tuner. */
    void tune(int index) {
        channel = index;
        findInput("TV").ifPresent(tv -> input = tv.id());
    }

    /**
     * The line-up position of a channel, or -1: by {@code number} exactly if given; else by
     * {@code callSign} against call signs, then affiliates; else by {@code affiliate} against
     * affiliates, then call signs (both ignoring case).
     */
    int findChannel(String number, String callSign, String affiliate) {
        if (number != null) {
            return indexOf(c -> c.number().equals(number));
        }
        String sign = callSign != null ? callSign : affiliate;
        if (sign == null) {
            return -1;
        }
        int byCallSign = indexOf(c -> c.callSign().equalsIgnoreCase(sign));
        int byAffiliate = indexOf(c -> c.affiliate().equalsIgnoreCase(sign));
        return callSign != null ? (byCallSign >= 0 ? byCallSign : byAffiliate) : (byAffiliate >= 0 ? byAffiliate : byCallSign);
    }

    private int indexOf(Predicate<Channel> matches) {
        for (int i = 0; i < lineup.size(); i++) {
            if (matches.test(lineup.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The input with that id, ignoring case. */
    Optional<Input> findInput(String inputId) {
        return inputs.stream().filter(i -> i.id().equalsIgnoreCase(inputId)).findFirst();
    }

    // ------------------------------------------------------------------ views

    /** The API's {@code state} object: what the device's features report. */
    ObjectNode apiState() {
        ObjectNode state = NODES.objectNode();
        state.put("power", on ? "on" : "standby");
        if (has(VOLUME)) {
            state.put("volume", volume);
        }
        if (hasSpeaker()) {
            state.put("muted", muted);
        }
        if (has(INPUTS)) {
            state.put("input", input);
        }
        if (has(CHANNELS)) {
            channelJson(state.putObject("channel"), lineup.get(channel));
        }
        if (has(PLAYBACK)) {
            ObjectNode media = state.putObject("media");
            media.put("status", playback);
            media.put("title", current().title());
            if (has(SEEK)) {
                media.put("position_ms", positionMs);
                media.put("duration_ms", current().durationMs());
            }
        }
        if (has(APPS)) {
            if (appId == null) {
                state.putNull("app");
            } else {
                state.putObject("app").put("id", appId).put("name", Catalog.APPS.get(appId));
            }
        }
        if (has(RECORDING)) {
            state.put("recording", recording);
        }
        if (has(EQUALIZER)) {
            ObjectNode equalizer = state.putObject("equalizer");
            ObjectNode levels = equalizer.putObject("bands");
            bands.forEach(levels::put);
            equalizer.put("mode", soundMode);
        }
        return state;
    }

    /** The API's device object: its description and its state. */
    ObjectNode apiDevice(Instant now) {
        ObjectNode device = NODES.objectNode();
        device.put("id", id);
        device.put("name", name);
        device.put("type", type);
        device.put("model", model);
        device.put("connected", online);
        device.put("last_seen", lastSeen(now).toString());
        features.forEach(device.putArray("features")::add);
        if (has(PLAYBACK)) {
            playbackActions.forEach(device.putArray("playback_actions")::add);
        }
        if (has(INPUTS)) {
            ArrayNode list = device.putArray("inputs");
            inputs.forEach(i -> list.addObject().put("id", i.id()).put("label", i.label()));
        }
        if (has(CHANNELS)) {
            ArrayNode list = device.putArray("lineup");
            lineup.forEach(c -> channelJson(list.addObject(), c));
        }
        if (has(EQUALIZER)) {
            ObjectNode equalizer = device.putObject("equalizer");
            EQ_BANDS.forEach(equalizer.putArray("bands")::add);
            equalizer.put("min", EQ_MIN).put("max", EQ_MAX).put("default", EQ_DEFAULT);
            SOUND_MODES.forEach(equalizer.putArray("modes")::add);
        }
        if (has(WAKE_ON_LAN)) {
            device.put("mac_address", macAddress);
        }
        device.set("state", apiState());
        return device;
    }

    /** The simulator's control view (flat, camelCase), as {@code devices()} lists it: also what the API does not report. */
    ObjectNode controlView(Instant now) {
        ObjectNode view = NODES.objectNode();
        view.put("deviceId", id);
        view.put("accountId", accountId);
        view.put("name", name);
        view.put("type", type);
        view.put("model", model);
        features.forEach(view.putArray("features")::add);
        view.put("online", online);
        view.put("seenAt", lastSeen(now).toString());
        view.put("on", on);
        if (hasSpeaker()) {
            view.put(has(VOLUME) ? "volume" : "level", volume);
            view.put("muted", muted);
        }
        if (has(INPUTS)) {
            view.put("input", input);
        }
        if (has(CHANNELS)) {
            view.put("channel", lineup.get(channel).number());
        }
        if (has(PLAYBACK)) {
            view.put("playback", playback);
            view.put("title", current().title());
        }
        if (has(SEEK)) {
            view.put("positionMs", positionMs);
        }
        if (has(APPS)) {
            view.put("app", appId);
        }
        if (has(RECORDING)) {
            view.put("recording", recording);
        }
        if (has(EQUALIZER)) {
            ObjectNode levels = view.putObject("bands");
            bands.forEach(levels::put);
            view.put("soundMode", soundMode);
        }
        return view;
    }

    private static void channelJson(ObjectNode json, Channel channel) {
        json.put("number", channel.number()).put("call_sign", channel.callSign()).put("affiliate", channel.affiliate());
    }
}
