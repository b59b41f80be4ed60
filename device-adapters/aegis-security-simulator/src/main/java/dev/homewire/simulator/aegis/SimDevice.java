package dev.homewire.simulator.aegis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One simulated Aegis device: the account's panel (its hub), a contact sensor, a motion sensor, a
 * doorbell or a camera. One class for all types: each uses the fields of its type. Mutable; every
 * access goes through the simulator's monitor.
 */
final class SimDevice {

    /** The device types of the API ({@code type} field), in their API spelling. */
    enum Type {
        PANEL, CONTACT, MOTION, DOORBELL, CAMERA;

        String api() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type fromApi(String value) {
            for (Type type : values()) {
                if (type.api().equals(value)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown device type '" + value + "'");
        }
    }

    static final String DISARMED = "disarmed";
    /** Arm modes of the API, in the order panels list them. */
    static final List<String> ARM_MODES = List.of("away", "stay", "night");
    /** Alarm types of the API, in the order panels list them. */
    static final List<String> ALARMS = List.of("burglary", "fire", "carbon_monoxide");

    /** What an Aegis camera streams (the {@code features.streaming} object). */
    static final List<String> STREAM_PROTOCOLS = List.of("rtsp");
    static final List<int[]> STREAM_RESOLUTIONS = List.of(new int[] {1920, 1080}, new int[] {1280, 720});
    static final List<String> STREAM_AUTHORIZATIONS = List.of("basic", "none");
    static final List<String> VIDEO_CODECS = List.of("h264");
    static final List<String> AUDIO_CODECS = List.of("aac", "g711");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final String id;
    final String accountId;
    final Type type;
    final String model;

    String name;
    boolean online = true;
    /** When the cloud last heard from the device (a report, a state change, losing or regaining it). */
    Instant updatedAt;

    /** Contact sensors: whether the two parts are apart. */
    boolean open;
    /** Motion sensors and cameras. */
    boolean motion;
    /** Cameras. */
    boolean person;
    /** Doorbells: the last press the cloud heard. */
    Instant lastPressedAt;

    /** Panels: {@code disarmed} or an arm mode ({@code away}, {@code stay}, {@code night}). */
    String armState = DISARMED;
    /** Panels: the sounding alarm ({@code burglary}, {@code fire}, {@code carbon_monoxide}) or null. */
    String alarm;
    /** Panels: when the exit delay of the current arming ends; null without one. */
    Instant exitDelayEndsAt;
    /** Panels: the contact sensors bypassed for the current arming. */
    final Set<String> bypassed = new LinkedHashSet<>();

    SimDevice(String id, String accountId, Type type, String name, String model, Instant updatedAt) {
        this.id = id;
        this.accountId = accountId;
        this.type = type;
        this.name = name;
        this.model = model;
        this.updatedAt = updatedAt;
    }

    boolean armed() {
        return type == Type.PANEL && !armState.equals(DISARMED);
    }

    /** The API's device object. */
    ObjectNode apiDevice() {
        ObjectNode device = NODES.objectNode();
        device.put("id", id);
        device.put("type", type.api());
        device.put("name", name);
        device.put("model", model);
        device.put("online", online);
        device.put("updated_at", updatedAt.toString());
        device.set("state", apiState());
        ObjectNode features = features();
        if (features != null) {
            device.set("features", features);
        }
        return device;
    }

    /** The API's {@code state} object of this type (also what {@code device.state} events carry). */
    ObjectNode apiState() {
        ObjectNode state = NODES.objectNode();
        switch (type) {
            case CONTACT -> state.put("contact", open ? "open" : "closed");
            case MOTION -> state.put("motion", motion);
            case CAMERA -> state.put("motion", motion).put("person", person);
            case DOORBELL -> putInstant(state, "last_pressed_at", lastPressedAt);
            case PANEL -> {
                state.put("arm_state", armState);
                if (alarm == null) {
                    state.putNull("alarm");
                } else {
                    state.put("alarm", alarm);
                }
                putInstant(state, "exit_delay_ends_at", exitDelayEndsAt);
                ArrayNode list = state.putArray("bypassed_sensors");
                bypassed.forEach(list::add);
            }
            default -> throw new IllegalStateException("unknown type " + type);
        }
        return state;
    }

    /** What the device can do ({@code features}), for panels and cameras; null for the others. */
    private ObjectNode features() {
        if (type == Type.PANEL) {
            ObjectNode features = NODES.objectNode();
            ARM_MODES.forEach(features.putArray("arm_modes")::add);
            ALARMS.forEach(features.putArray("alarms")::add);
            features.put("pin_required_to_disarm", true);
            return features;
        }
        if (type == Type.CAMERA) {
            ObjectNode features = NODES.objectNode();
            features.putArray("detections").add("motion").add("person");
            ObjectNode streaming = features.putObject("streaming");
            STREAM_PROTOCOLS.forEach(streaming.putArray("protocols")::add);
            ArrayNode resolutions = streaming.putArray("resolutions");
            STREAM_RESOLUTIONS.forEach(r -> resolutions.addObject().put("width", r[0]).put("height", r[1]));
            STREAM_AUTHORIZATIONS.forEach(streaming.putArray("authorizations")::add);
            VIDEO_CODECS.forEach(streaming.putArray("video_codecs")::add);
            AUDIO_CODECS.forEach(streaming.putArray("audio_codecs")::add);
            return features;
        }
        return null;
    }

    /** The simulator's control view (flat, camelCase), as {@code devices()} lists it. */
    ObjectNode controlView(int pendingOperations) {
        ObjectNode device = NODES.objectNode();
        device.put("deviceId", id);
        device.put("accountId", accountId);
        device.put("type", type.api());
        device.put("name", name);
        device.put("model", model);
        device.put("online", online);
        device.put("updatedAt", updatedAt.toString());
        device.set("state", apiState());
        if (type == Type.PANEL) {
            device.put("pendingOperations", pendingOperations);
        }
        return device;
    }

    private static void putInstant(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }
}
