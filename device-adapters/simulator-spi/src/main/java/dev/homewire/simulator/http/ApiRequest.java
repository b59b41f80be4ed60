package dev.homewire.simulator.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One API call to a {@link SimulatedCloud}, as its routes see it: the method (upper case), the
 * raw (still percent-encoded) path and query, the {@code Authorization} header and the whole
 * body, plus the checks every route makes.
 */
public final class ApiRequest {
    private static final ObjectReader LENIENT_JSON = new ObjectMapper().reader();
    private static final ObjectReader STRICT_JSON = LENIENT_JSON.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String method;
    private final String path;
    private final String rawQuery;
    private final String authorization;
    private final byte[] body;

    ApiRequest(String method, String path, String rawQuery, String authorization, byte[] body) {
        this.method = method;
        this.path = path;
        this.rawQuery = rawQuery;
        this.authorization = authorization;
        this.body = body;
    }

    /** The HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** The raw path, e.g. {@code /v1/devices/id:a%2Cb/state}. */
    public String path() {
        return path;
    }

    /** The raw query without {@code ?}, or null without one. */
    public String rawQuery() {
        return rawQuery;
    }

    /** The {@code Authorization} header, or null. */
    public String authorization() {
        return authorization;
    }

    /** The request body (empty without one). */
    public byte[] body() {
        return body.clone();
    }

    /**
     * The raw path segments after {@code collection} (e.g. {@code /v1/devices}), split at every
     * {@code /} and still percent-encoded: none for the collection itself (with or without a
     * trailing slash), {@code ["a"]} for {@code <collection>/a}, {@code ["a", ""]} for
     * {@code <collection>/a/}, {@code ["a", "state"]} for {@code <collection>/a/state}.
     *
     * @throws ApiError {@link #noSuchPath()} when the path is not the collection or under it
     */
    public String[] segmentsAfter(String collection) throws ApiError {
        if (!path.equals(collection) && !path.startsWith(collection + "/")) {
            throw noSuchPath();
        }
        String rest = path.substring(collection.length());
        return rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/", -1);
    }

    /** {@code 404 not_found} {@code "no such path <path>"}, for a path the API does not have. */
    public ApiError noSuchPath() {
        return ApiError.notFound("no such path " + path);
    }

    /** {@code 405} with {@code Allow: <allowed>} unless the call uses {@code allowed}. */
    public void requireMethod(String allowed) throws ApiError {
        if (!method.equals(allowed)) {
            throw ApiError.methodNotAllowed(allowed);
        }
    }

    /**
     * The body as a JSON object: {@code 400 "body is not valid JSON"} when it does not parse,
     * {@code 400 <notAnObject>} when it is no object. Content after the JSON value is ignored.
     */
    public ObjectNode jsonObject(String notAnObject) throws ApiError {
        return jsonObject(LENIENT_JSON, notAnObject);
    }

    /** Like {@link #jsonObject(String)}, but content after the JSON value makes it invalid JSON. */
    public ObjectNode strictJsonObject(String notAnObject) throws ApiError {
        return jsonObject(STRICT_JSON, notAnObject);
    }

    private ObjectNode jsonObject(ObjectReader reader, String notAnObject) throws ApiError {
        JsonNode json;
        try {
            json = reader.readTree(body);
        } catch (IOException e) {
            throw ApiError.badRequest("body is not valid JSON");
        }
        if (json == null || !json.isObject()) {
            throw ApiError.badRequest(notAnObject);
        }
        return (ObjectNode) json;
    }

    /** A decoded path segment; {@code +} stays a plus. {@code 400} for malformed percent-encoding. */
    public static String decodeSegment(String rawSegment) throws ApiError {
        return decode(rawSegment, "malformed percent-encoding in the path");
    }

    /**
     * A decoded path segment or query component; {@code +} stays a plus.
     * {@code 400 <malformedMessage>} for malformed percent-encoding.
     */
    public static String decode(String raw, String malformedMessage) throws ApiError {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(malformedMessage);
        }
    }
}
