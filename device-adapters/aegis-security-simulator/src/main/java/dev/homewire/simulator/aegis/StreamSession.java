package dev.homewire.simulator.aegis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /v1/cameras/{id}/streams}: reads the requested streams and opens, for each, the one
 * the camera supports that comes closest (docs/vendors/aegis-cloud-api.md). Stateless; URLs carry
 * fresh random credentials.
 */
final class StreamSession {
    /** The most streams one request may open. */
    static final int MAX_STREAMS = 3;
    /** How long an opened stream URL stays valid. */
    static final Duration LIFETIME = Duration.ofMinutes(15);
    /** How long a stream stays open without a viewer. */
    static final int IDLE_TIMEOUT_SECONDS = 30;
    static final String STREAM_HOST = "streams.aegis.example:443";
    static final String SNAPSHOT_HOST = "snapshots.aegis.example";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> FIELDS = Set.of("protocol", "resolution", "authorization", "video_codec", "audio_codec");
    private static final SecureRandom RANDOM = new SecureRandom();

    private StreamSession() {
    }

    /** Checks the request body and answers the requests (not yet opened); {@code 400} for a malformed one. */
    static List<JsonNode> requests(JsonNode body) throws ApiError {
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!field.getKey().equals("streams")) {
                throw ApiError.badRequest("unknown field '" + field.getKey() + "'");
            }
        }
        JsonNode streams = body.path("streams");
        if (!streams.isArray() || streams.isEmpty() || streams.size() > MAX_STREAMS) {
            throw ApiError.badRequest("streams must be an array of 1 to " + MAX_STREAMS + " stream requests");
        }
        for (JsonNode stream : streams) {
            if (!stream.isObject()) {
                throw ApiError.badRequest("each stream request is a JSON object");
            }
            for (Map.Entry<String, JsonNode> field : stream.properties()) {
                String key = field.getKey();
                JsonNode value = field.getValue();
                if (!FIELDS.contains(key)) {
                    throw ApiError.badRequest("unknown stream field '" + key + "'");
                }
                if (key.equals("resolution")) {
                    if (!value.isObject() || value.size() != 2 || !positiveInt(value.path("width")) || !positiveInt(value.path("height"))) {
                        throw ApiError.badRequest("resolution must be {\"width\": <pixels>, \"height\": <pixels>}");
                    }
                } else if (!value.isTextual()) {
                    throw ApiError.badRequest(key + " must be a string");
                }
            }
        }
        List<JsonNode> requests = new ArrayList<>();
        streams.forEach(requests::add);
        return requests;
    }

    private static boolean positiveInt(JsonNode value) {
        return value.isIntegralNumber() && value.canConvertToInt() && value.intValue() > 0;
    }

    /** The answer: one opened stream per request, a snapshot URL, and the camera as it is now. */
    static ObjectNode open(SimDevice camera, List<JsonNode> requests, Instant now) {
        ObjectNode answer = NODES.objectNode();
        answer.put("camera_id", camera.id);
        ArrayNode streams = answer.putArray("streams");
        for (JsonNode request : requests) {
            streams.add(stream(camera, request, now));
        }
        answer.put("snapshot_url", "https://" + SNAPSHOT_HOST + "/v1/" + camera.id + "/" + hex(8) + ".jpg?sig=" + hex(16));
        answer.set("camera", camera.apiDevice());
        return answer;
    }

    private static ObjectNode stream(SimDevice camera, JsonNode request, Instant now) {
        String protocol = pick(request.path("protocol"), SimDevice.STREAM_PROTOCOLS);
        int[] resolution = closest(request.path("resolution"));
        String authorization = pick(request.path("authorization"), SimDevice.STREAM_AUTHORIZATIONS);
        String path = "/live/" + camera.id + "/" + hex(6);
        String url = authorization.equals("basic")
                ? "rtsp://u" + hex(4) + ":" + hex(12) + "@" + STREAM_HOST + path
                : "rtsp://" + STREAM_HOST + path + "?token=" + hex(16);
        ObjectNode stream = NODES.objectNode();
        stream.put("url", url);
        stream.put("expires_at", now.plus(LIFETIME).toString());
        stream.put("idle_timeout_seconds", IDLE_TIMEOUT_SECONDS);
        stream.put("protocol", protocol);
        stream.putObject("resolution").put("width", resolution[0]).put("height", resolution[1]);
        stream.put("authorization", authorization);
        stream.put("video_codec", pick(request.path("video_codec"), SimDevice.VIDEO_CODECS));
        stream.put("audio_codec", pick(request.path("audio_codec"), SimDevice.AUDIO_CODECS));
        return stream;
    }

    /** The requested value when the camera has it, else the camera's first (preferred) one. */
    private static String pick(JsonNode requested, List<String> supported) {
        return requested.isTextual() && supported.contains(requested.asText()) ? requested.asText() : supported.get(0);
    }

    /** The supported resolution closest in pixel count to the requested one; the largest when none is asked for. */
    private static int[] closest(JsonNode requested) {
        if (requested.isMissingNode()) {
            return SimDevice.STREAM_RESOLUTIONS.get(0);
        }
        long pixels = (long) requested.path("width").intValue() * requested.path("height").intValue();
        int[] best = SimDevice.STREAM_RESOLUTIONS.get(0);
        for (int[] candidate : SimDevice.STREAM_RESOLUTIONS) {
            if (Math.abs((long) candidate[0] * candidate[1] - pixels) < Math.abs((long) best[0] * best[1] - pixels)) {
                best = candidate;
            }
        }
        return best;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
