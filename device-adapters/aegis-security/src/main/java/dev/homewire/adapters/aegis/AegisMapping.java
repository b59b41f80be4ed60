package dev.homewire.adapters.aegis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.ArmState;
import dev.homewire.adapter.spi.CameraStreams;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.ContactState;
import dev.homewire.adapter.spi.DetectionMethod;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.Trait.SecurityPanel.Alarm;
import dev.homewire.adapter.spi.http.VendorHttp;
import dev.homewire.adapter.spi.http.VendorJson;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Translation between the Aegis API's JSON (docs/vendors/aegis-cloud-api.md) and the neutral
 * device model. Malformed vendor JSON raises {@link IllegalArgumentException}; the adapter turns
 * it into an unreadable answer, the webhook parser into a 400.
 */
final class AegisMapping {
    static final String MANUFACTURER = "Aegis";

    static final String PANEL = "panel";
    static final String CONTACT = "contact";
    static final String MOTION = "motion";
    static final String DOORBELL = "doorbell";
    static final String CAMERA = "camera";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Map<String, ArmState> ARM_STATES = Map.of(
            "away", ArmState.ARMED_AWAY, "stay", ArmState.ARMED_STAY, "night", ArmState.ARMED_NIGHT, "disarmed", ArmState.DISARMED);
    private static final Map<String, Alarm> ALARMS = Map.of(
            "burglary", Alarm.BURGLARY, "fire", Alarm.FIRE, "carbon_monoxide", Alarm.CARBON_MONOXIDE);
    /** The state key of each alarm Aegis reports; all are reported, OK unless it is the sounding one. */
    private static final Map<Alarm, StateKey<Boolean>> ALARM_KEYS = Map.of(
            Alarm.BURGLARY, StateKey.BURGLARY_ALARM, Alarm.FIRE, StateKey.FIRE_ALARM, Alarm.CARBON_MONOXIDE, StateKey.CARBON_MONOXIDE_ALARM);
    private static final Map<String, CameraStreams.Protocol> PROTOCOLS = Map.of(
            "rtsp", CameraStreams.Protocol.RTSP, "webrtc", CameraStreams.Protocol.WEBRTC);
    private static final Map<String, CameraStreams.Authorization> AUTHORIZATIONS = Map.of(
            "basic", CameraStreams.Authorization.BASIC, "digest", CameraStreams.Authorization.DIGEST, "none", CameraStreams.Authorization.NONE);
    private static final Map<String, CameraStreams.VideoCodec> VIDEO_CODECS = Map.of(
            "h264", CameraStreams.VideoCodec.H264, "mpeg2", CameraStreams.VideoCodec.MPEG2, "mjpeg", CameraStreams.VideoCodec.MJPEG,
            "jpg", CameraStreams.VideoCodec.JPG);
    private static final Map<String, CameraStreams.AudioCodec> AUDIO_CODECS = Map.of(
            "aac", CameraStreams.AudioCodec.AAC, "g711", CameraStreams.AudioCodec.G711, "none", CameraStreams.AudioCodec.NONE);

    private AegisMapping() {
    }

    // ------------------------------------------------------------------ discovery

    /**
     * A device object of {@code GET /v1/devices} as a {@link Device}; null for a type this adapter
     * does not know (sirens, keypads … that Alexa has no interface for).
     */
    static Device toDevice(JsonNode device) {
        String id = VendorJson.requiredText(device, "id");
        String type = VendorJson.requiredText(device, "type");
        String name = VendorJson.nonBlankText(device, "name").orElse(id);
        String model = VendorJson.nonBlankText(device, "model").orElse(null);
        JsonNode features = device.path("features");
        DeviceKind kind;
        List<Trait> traits = new ArrayList<>();
        switch (type) {
            case PANEL -> {
                kind = DeviceKind.SECURITY_PANEL;
                traits.add(panel(features));
            }
            case CONTACT -> {
                kind = DeviceKind.CONTACT_SENSOR;
                traits.add(new Trait.ContactSensor());
            }
            case MOTION -> {
                kind = DeviceKind.MOTION_SENSOR;
                traits.add(new Trait.MotionSensor());
            }
            case DOORBELL -> {
                kind = DeviceKind.DOORBELL;
                traits.add(new Trait.Doorbell());
            }
            case CAMERA -> {
                kind = DeviceKind.CAMERA;
                if (features.has("streaming")) {
                    traits.add(new Trait.CameraStream(List.of(streaming(features.path("streaming")))));
                }
                Set<String> detections = texts(features.path("detections"), "detections");
                if (detections.contains("person")) {
                    traits.add(new Trait.PersonDetection(Set.of(DetectionMethod.VIDEO)));
                }
                if (detections.contains(MOTION)) {
                    traits.add(new Trait.MotionSensor());
                }
                if (traits.isEmpty()) {
                    throw new IllegalArgumentException("camera " + id + " neither streams nor detects anything");
                }
            }
            default -> {
                return null;
            }
        }
        String description = Device.modelDescription(MANUFACTURER, model, type);
        return new Device(id, name, description, MANUFACTURER, model, kind, traits);
    }

    /** A panel's {@code features}: its arm modes (and disarmed), the alarms it reports, whether disarming takes the PIN. */
    private static Trait.SecurityPanel panel(JsonNode features) {
        Set<ArmState> armStates = EnumSet.of(ArmState.DISARMED);
        for (String mode : texts(features.path("arm_modes"), "arm_modes")) {
            ArmState state = ARM_STATES.get(mode);
            if (state != null && state != ArmState.DISARMED) {
                armStates.add(state);
            }
        }
        Set<Alarm> alarms = EnumSet.noneOf(Alarm.class);
        for (String alarm : texts(features.path("alarms"), "alarms")) {
            if (ALARMS.containsKey(alarm)) {
                alarms.add(ALARMS.get(alarm));
            }
        }
        JsonNode pin = features.path("pin_required_to_disarm");
        if (!pin.isMissingNode() && !pin.isBoolean()) {
            throw new IllegalArgumentException("pin_required_to_disarm is not a boolean");
        }
        // Without an armed state the trait refuses itself: a panel that cannot arm is malformed.
        return new Trait.SecurityPanel(armStates, alarms, !pin.isBoolean() || pin.booleanValue());
    }

    /** A camera's {@code features.streaming} as the one stream configuration it offers; values Alexa has no word for are left out. */
    private static CameraStreams.Configuration streaming(JsonNode streaming) {
        List<CameraStreams.Resolution> resolutions = new ArrayList<>();
        for (JsonNode resolution : array(streaming.path("resolutions"), "resolutions")) {
            resolutions.add(resolution(resolution));
        }
        return new CameraStreams.Configuration(known(streaming.path("protocols"), "protocols", PROTOCOLS, CameraStreams.Protocol.class),
                resolutions,
                known(streaming.path("authorizations"), "authorizations", AUTHORIZATIONS, CameraStreams.Authorization.class),
                known(streaming.path("video_codecs"), "video_codecs", VIDEO_CODECS, CameraStreams.VideoCodec.class),
                known(streaming.path("audio_codecs"), "audio_codecs", AUDIO_CODECS, CameraStreams.AudioCodec.class));
    }

    private static <E extends Enum<E>> Set<E> known(JsonNode values, String field, Map<String, E> vocabulary, Class<E> type) {
        Set<E> known = EnumSet.noneOf(type);
        for (String value : texts(values, field)) {
            if (vocabulary.containsKey(value)) {
                known.add(vocabulary.get(value));
            }
        }
        return known;
    }

    // ------------------------------------------------------------------ state

    /**
     * A device object as a {@link DeviceState}. While the device is online its state is current, so
     * it was observed when the answer arrived; an offline device's state is the last known one, as
     * of {@code updated_at}.
     */
    static DeviceState toState(JsonNode device, Instant receivedAt) {
        if (!device.path("online").isBoolean()) {
            throw new IllegalArgumentException("device without boolean 'online'");
        }
        boolean online = device.path("online").booleanValue();
        DeviceState.Builder state = DeviceState.builder()
                .connectivity(online ? Connectivity.OK : Connectivity.UNREACHABLE)
                .observedAt(online ? receivedAt : VendorJson.instantOr(device.path("updated_at"), receivedAt));
        putState(state, VendorJson.requiredText(device, "type"), device.path("state"));
        return state.build();
    }

    /**
     * Sets the properties of a device's {@code state} object ({@code GET /v1/devices}, and what
     * events carry) for its type. Types without properties (doorbells) and unknown types set none.
     */
    static void putState(DeviceState.Builder builder, String type, JsonNode state) {
        if (!state.isObject()) {
            throw new IllegalArgumentException("device without a 'state' object");
        }
        switch (type) {
            case CONTACT -> builder.set(StateKey.CONTACT, switch (VendorJson.requiredText(state, "contact")) {
                case "open" -> ContactState.OPEN;
                case "closed" -> ContactState.CLOSED;
                default -> throw new IllegalArgumentException("unknown contact state '" + VendorHttp.truncate(state.path("contact").asText()) + "'");
            });
            case MOTION -> builder.set(StateKey.MOTION_DETECTED, requiredBoolean(state, "motion"));
            case CAMERA -> builder.set(StateKey.MOTION_DETECTED, requiredBoolean(state, "motion"))
                    .set(StateKey.PERSON_DETECTED, requiredBoolean(state, "person"));
            case PANEL -> {
                ArmState armState = ARM_STATES.get(VendorJson.requiredText(state, "arm_state"));
                if (armState == null) {
                    throw new IllegalArgumentException("unknown arm state '" + VendorHttp.truncate(state.path("arm_state").asText()) + "'");
                }
                builder.set(StateKey.ARM_STATE, armState);
                JsonNode alarm = state.path("alarm");
                Alarm sounding = null;
                if (!alarm.isNull() && !alarm.isMissingNode()) {
                    sounding = alarm.isTextual() ? ALARMS.get(alarm.asText()) : null;
                    if (sounding == null) {
                        throw new IllegalArgumentException("unknown alarm '" + VendorHttp.truncate(alarm.toString()) + "'");
                    }
                }
                for (Map.Entry<Alarm, StateKey<Boolean>> key : ALARM_KEYS.entrySet()) {
                    builder.set(key.getValue(), key.getKey() == sounding);
                }
            }
            default -> {
                // doorbells have no properties; unknown types are not discovered
            }
        }
    }

    // ------------------------------------------------------------------ commands

    /** The API's arm {@code mode} for an armed state. */
    static String armMode(ArmState armState) {
        return switch (armState) {
            case ARMED_AWAY -> "away";
            case ARMED_STAY -> "stay";
            case ARMED_NIGHT -> "night";
            case DISARMED -> throw new IllegalArgumentException("disarming is not an arm mode");
        };
    }

    /** A stream request of {@code POST /v1/cameras/{id}/streams}: only what Alexa asked for; the camera picks the rest. */
    static ObjectNode streamRequest(CameraStreams.Request request) {
        ObjectNode stream = NODES.objectNode();
        if (request.protocol() != null) {
            stream.put("protocol", request.protocol().name().toLowerCase(Locale.ROOT));
        }
        if (request.resolution() != null) {
            stream.putObject("resolution").put("width", request.resolution().width()).put("height", request.resolution().height());
        }
        if (request.authorization() != null) {
            stream.put("authorization", request.authorization().name().toLowerCase(Locale.ROOT));
        }
        if (request.videoCodec() != null) {
            stream.put("video_codec", request.videoCodec().name().toLowerCase(Locale.ROOT));
        }
        if (request.audioCodec() != null) {
            stream.put("audio_codec", request.audioCodec().name().toLowerCase(Locale.ROOT));
        }
        return stream;
    }

    /** The {@code 201} answer of {@code POST /v1/cameras/{id}/streams} as the streams Alexa gets. */
    static CameraStreams.Answer streamAnswer(JsonNode answer) {
        List<CameraStreams.Stream> streams = new ArrayList<>();
        for (JsonNode stream : array(answer.path("streams"), "streams")) {
            JsonNode idle = stream.path("idle_timeout_seconds");
            if (!idle.isMissingNode() && !(idle.canConvertToInt() && idle.isIntegralNumber() && idle.intValue() > 0)) {
                throw new IllegalArgumentException("idle_timeout_seconds is not a positive integer");
            }
            streams.add(new CameraStreams.Stream(uri(stream, "url"),
                    stream.has("expires_at") ? VendorJson.requiredInstant(stream.path("expires_at"), "expires_at") : null,
                    idle.isMissingNode() ? null : idle.intValue(),
                    one(stream, "protocol", PROTOCOLS), resolution(stream.path("resolution")),
                    one(stream, "authorization", AUTHORIZATIONS), one(stream, "video_codec", VIDEO_CODECS),
                    one(stream, "audio_codec", AUDIO_CODECS)));
        }
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("no stream opened");
        }
        return new CameraStreams.Answer(streams, uri(answer, "snapshot_url"));
    }

    private static <E> E one(JsonNode node, String field, Map<String, E> vocabulary) {
        E value = vocabulary.get(VendorJson.requiredText(node, field));
        if (value == null) {
            throw new IllegalArgumentException("unknown " + field + " '" + VendorHttp.truncate(node.path(field).asText()) + "'");
        }
        return value;
    }

    private static CameraStreams.Resolution resolution(JsonNode resolution) {
        JsonNode width = resolution.path("width");
        JsonNode height = resolution.path("height");
        if (!width.isIntegralNumber() || !height.isIntegralNumber() || !width.canConvertToInt() || !height.canConvertToInt()
                || width.intValue() < 1 || height.intValue() < 1) {
            throw new IllegalArgumentException("resolution is not {width, height} in pixels");
        }
        return new CameraStreams.Resolution(width.intValue(), height.intValue());
    }

    /** An absolute URL; never quoted in messages (stream and snapshot URLs carry credentials). */
    private static URI uri(JsonNode node, String field) {
        String text = VendorJson.requiredText(node, field);
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !uri.isAbsolute()) {
            throw new IllegalArgumentException("'" + field + "' is not an absolute URL");
        }
        return uri;
    }

    // ------------------------------------------------------------------ JSON

    static boolean requiredBoolean(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' is not a boolean");
        }
        return value.booleanValue();
    }

    private static JsonNode array(JsonNode value, String field) {
        if (!value.isArray()) {
            throw new IllegalArgumentException("'" + field + "' is not an array");
        }
        return value;
    }

    /** The strings of an array (missing = none); anything but strings in it is malformed. */
    private static Set<String> texts(JsonNode value, String field) {
        if (value.isMissingNode()) {
            return Set.of();
        }
        Set<String> texts = new java.util.LinkedHashSet<>();
        for (JsonNode entry : array(value, field)) {
            if (!entry.isTextual()) {
                throw new IllegalArgumentException("'" + field + "' holds a non-string");
            }
            texts.add(entry.asText());
        }
        return texts;
    }
}
