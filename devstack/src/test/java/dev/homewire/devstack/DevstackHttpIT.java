package dev.homewire.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.devstack.http.Http;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The devstack's own routes under bad requests: a malformed body or parameter is a 400 with a
 * message (never a 500 naming a Java exception), a body over the limit a 413, and clients that send
 * their body slowly neither stall the other routes nor hold a connection past the body deadline.
 */
class DevstackHttpIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static Devstack devstack;

    @BeforeAll
    static void start() throws Exception {
        devstack = Devstack.start(DevstackOptions.anyPort());
    }

    @AfterAll
    static void stop() {
        if (devstack != null) {
            devstack.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(devstack.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void malformedBodiesAndParametersAre400WithAMessageNotAJavaException() throws Exception {
        String device = DevstackClient.read(send("GET", "/vendors/lumio/devices", null).body()).path(0).path("deviceId").asText();
        Map<String, String[]> requests = new LinkedHashMap<>();
        requests.put("faults, not JSON", new String[] {"POST", "/vendors/lumio/faults", "{not json"});
        requests.put("faults, truncated", new String[] {"POST", "/vendors/lumio/faults", "{\"failureRate\": 0."});
        requests.put("device state, not JSON", new String[] {"POST", "/vendors/lumio/devices/" + device + "/state", "[1,"});
        requests.put("pairing, not JSON", new String[] {"POST", "/vendors/aegis/devices", "{\"user\":"});
        requests.put("LWA form, bad %-encoding", new String[] {"POST", "/lwa/auth/o2/token", "grant_type=%zz"});
        for (Map.Entry<String, String[]> r : requests.entrySet()) {
            String[] response = raw(r.getValue()[0], r.getValue()[1], r.getValue()[2]);
            assertEquals("400", response[0], r.getKey() + ": " + response[1]);
            String message = DevstackClient.read(response[1]).path("error").asText();
            assertFalse(message.isBlank(), r.getKey() + " has a message: " + response[1]);
            assertFalse(response[1].matches("(?s).*(Exception|com\\.fasterxml|java\\.|\\bat dev\\.).*"),
                    r.getKey() + " names no Java internals: " + response[1]);
        }
        System.out.printf("malformed requests to helper routes answered 400 with a message: %d/%d%n", requests.size(), requests.size());
    }

    /** One request over a plain socket, as a script would send it: {status, body}. */
    private static String[] raw(String method, String path, String body) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", devstack.baseUrl().getPort()), 2000);
            socket.setSoTimeout(10_000);
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: devstack\r\nConnection: close\r\n"
                    + "Content-Length: " + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(content);
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headersEnd = answer.indexOf("\r\n\r\n");
            return new String[] {answer.substring(9, 12), headersEnd < 0 ? "" : answer.substring(headersEnd + 4)};
        }
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        byte[] body = new byte[Http.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        for (String path : new String[] {"/alexa", "/vendors/lumio/faults"}) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(devstack.baseUrl() + path))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, response.statusCode(), path + ": " + response.body());
            assertTrue(DevstackClient.read(response.body()).path("error").asText().contains(Integer.toString(Http.MAX_BODY_BYTES)));
        }
    }

    @Test
    void slowBodiesNeitherStallOtherRoutesNorHoldTheirConnectionPastTheDeadline() throws Exception {
        int slowClients = 20;
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < slowClients; i++) {
                Socket socket = new Socket();
                socket.connect(new InetSocketAddress("127.0.0.1", devstack.baseUrl().getPort()), 2000);
                socket.getOutputStream().write(("POST /alexa HTTP/1.1\r\nHost: devstack\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 1000\r\n\r\n{\"directive\":").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            Thread.sleep(500); // every slow exchange now holds a server thread, blocked reading its body
            long started = System.nanoTime();
            for (String path : new String[] {"/users", "/vendors", "/gateway/events", "/"}) {
                assertEquals(200, send("GET", path, null).statusCode(), path);
            }
            long otherRoutesMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(otherRoutesMs < 3000, "other routes answered in " + otherRoutesMs + " ms while " + slowClients + " bodies trickle");

            long deadline = System.nanoTime() + Http.BODY_TIMEOUT.plusSeconds(5).toNanos();
            int closed = 0;
            for (Socket socket : slow) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                try (InputStream in = socket.getInputStream()) {
                    in.readAllBytes(); // ends when the devstack closes the connection
                    closed++;
                } catch (java.net.SocketTimeoutException e) {
                    // still open: counted below
                } catch (IOException e) {
                    closed++; // reset by the devstack: closed too
                }
            }
            long heldMs = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("%d slow clients: 4 other routes answered in %d ms; %d/%d slow connections closed after %d ms"
                    + " (body deadline %d s)%n", slowClients, otherRoutesMs, closed, slowClients, heldMs, Http.BODY_TIMEOUT.toSeconds());
            assertEquals(slowClients, closed, "every slow connection is closed by the body deadline");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }
}
