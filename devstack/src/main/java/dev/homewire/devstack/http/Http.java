package dev.homewire.devstack.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Small helpers over the JDK HTTP server used by the devstack's simulated services. */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    /** The largest request body any route reads: what Lambda takes as a synchronous invocation payload (6 MB). */
    public static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
    /** How long a route waits for the whole request body; a client that sends slower loses its connection. */
    public static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);

    private static final ScheduledExecutorService BODY_DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "devstack-body-deadlines");
        t.setDaemon(true);
        return t;
    });

    private Http() {
    }

    /**
     * A request the route cannot take, answered with {@code status} (400, 408, 413) and the message
     * as {@code {"error": …}} by the devstack's route wrapper; the message names what is wrong with
     * the request, never a Java class.
     */
    public static final class BadRequest extends RuntimeException {
        private final int status;

        public BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * The whole request body, at most {@link #MAX_BODY_BYTES} (else {@link BadRequest} 413, once the
     * rest of the body has been read and dropped, so the answer can be sent), read within
     * {@link #BODY_TIMEOUT}: when it has not all arrived by then the connection is closed (the client
     * is told nothing more) and {@link BadRequest} 408 ends the route, so a slow client holds a
     * server thread for at most that long.
     */
    public static byte[] body(HttpExchange exchange) throws IOException {
        boolean tooLarge = false;
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                tooLarge = Long.parseLong(declared.trim()) > MAX_BODY_BYTES;
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "the Content-Length header is not a number");
            }
        }
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> deadline = BODY_DEADLINES.schedule(() -> {
            late.set(true);
            exchange.close(); // no answer sent yet, so this closes the connection and ends the blocked read
        }, BODY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try (InputStream in = exchange.getRequestBody()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                tooLarge = tooLarge || body.size() + n > MAX_BODY_BYTES;
                if (!tooLarge) {
                    body.write(buffer, 0, n);
                }
            }
            if (tooLarge) {
                throw new BadRequest(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body.toByteArray();
        } catch (IOException e) {
            if (late.get()) {
                throw new BadRequest(408, "the request body did not arrive within " + BODY_TIMEOUT.toSeconds() + " s");
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    public static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    public static void json(HttpExchange exchange, int status, Object body) throws IOException {
        send(exchange, status, "application/json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body));
    }

    public static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, Map.of("error", message));
    }

    /** The body as JSON ({} when empty); a body that is not JSON is {@link BadRequest} 400. */
    public static JsonNode readJson(HttpExchange exchange) throws IOException {
        byte[] body = body(exchange);
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null || node.isMissingNode() ? JSON.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new BadRequest(400, "the request body is not JSON" + where);
        }
    }

    /** Decodes a query string or a form body. */
    public static Map<String, String> params(String encoded) {
        Map<String, String> params = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return params;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.put(key, value);
            } catch (IllegalArgumentException e) {
                throw new BadRequest(400, "malformed %-encoding in a query or form parameter");
            }
        }
        return params;
    }
}
