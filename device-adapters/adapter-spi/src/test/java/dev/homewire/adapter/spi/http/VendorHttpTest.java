package dev.homewire.adapter.spi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.VendorAccount;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The helper against a local HTTP server that answers what each test tells it to. */
class VendorHttpTest {
    private static final String TOKEN = "tok-SECRET-123";
    private static final VendorAccount ACCOUNT = new VendorAccount("acme", "acct-1", Map.of("accessToken", TOKEN));
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(600);

    private static CloseableHttpClient client;

    private HttpServer server;
    private URI baseUrl;
    /** What the server answers, per path. */
    private final Map<String, Handler> answers = new ConcurrentHashMap<>();
    /** The request headers the server saw last, per path. */
    private final Map<String, Map<String, List<String>>> seen = new ConcurrentHashMap<>();
    /** Requests the server received. */
    private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    @FunctionalInterface
    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    @BeforeAll
    static void client() {
        client = HttpClients.custom().disableAutomaticRetries().build();
    }

    @AfterAll
    static void closeClient() throws IOException {
        client.close();
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            calls.incrementAndGet();
            seen.put(path, Map.copyOf(exchange.getRequestHeaders()));
            Handler handler = answers.get(path);
            try {
                if (handler == null) {
                    respond(exchange, 404, "{\"error\":\"not_found\"}", Map.of());
                } else {
                    handler.handle(exchange);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
        baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void answer(String path, int status, String body) {
        answer(path, status, body, Map.of());
    }

    private void answer(String path, int status, String body, Map<String, String> headers) {
        answers.put("/api" + path, exchange -> respond(exchange, status, body, headers));
    }

    private VendorHttp.Builder acme() {
        return VendorHttp.builder("Acme").baseUrl(baseUrl).httpClient(client).callTimeout(CALL_TIMEOUT)
                .auth(VendorHttp.Auth.bearer("accessToken"));
    }

    private static AdapterException assertFails(Reason reason, Executable call) {
        AdapterException failure = assertThrows(AdapterException.class, call);
        assertEquals(reason, failure.reason(), failure.getMessage());
        assertFalse(failure.getMessage().contains(TOKEN), "token in message: " + failure.getMessage());
        return failure;
    }

    // ------------------------------------------------------------------ success

    @Test
    void callSendsTheBearerTokenAndReadsTheAnswer() {
        answer("/v1/devices", 200, "{\"devices\":[1,2]}", Map.of("Retry-After", "3"));
        VendorHttp http = acme().build();
        Instant before = Instant.now();

        VendorHttp.Answer answer = http.call(ACCOUNT, new HttpGet(http.uri("/v1/devices")), "discovery");

        assertEquals(200, answer.status());
        assertEquals("3", answer.retryAfter());
        assertFalse(answer.receivedAt().isBefore(before));
        assertEquals(2, http.readJson(answer, "discovery").path("devices").size());
        Map<String, List<String>> headers = seen.get("/api/v1/devices");
        assertEquals(List.of("Bearer " + TOKEN), headers.get("Authorization"));
        assertEquals(List.of("application/json"), headers.get("Accept"));
    }

    @Test
    void otherAuthorizationsAndNoneAtAll() {
        answer("/v1/ping", 200, "{}");
        VendorAccount keyed = new VendorAccount("acme", "acct-2", Map.of("apiKey", "key-1"));
        VendorHttp keyedHttp = acme().auth(VendorHttp.Auth.header("X-Api-Key", "apiKey")).build();
        keyedHttp.call(keyed, new HttpGet(keyedHttp.uri("/v1/ping")), "ping");
        assertEquals(List.of("key-1"), seen.get("/api/v1/ping").get("X-api-key"));
        assertEquals(null, seen.get("/api/v1/ping").get("Authorization"));

        VendorHttp open = acme().auth(VendorHttp.Auth.NONE).build();
        open.call(keyed, new HttpGet(open.uri("/v1/ping")), "ping");
        assertEquals(null, seen.get("/api/v1/ping").get("Authorization"));
    }

    @Test
    void aMissingCredentialIsExpiredCredentialsBeforeAnyCall() {
        VendorHttp http = acme().build();
        AdapterException failure = assertFails(Reason.CREDENTIALS_EXPIRED, () -> http.call(
                new VendorAccount("acme", "acct-3", Map.of()), new HttpGet(http.uri("/v1/devices")), "discovery"));
        assertTrue(failure.getMessage().contains("accessToken"), failure.getMessage());
        assertTrue(seen.isEmpty());
    }

    // ------------------------------------------------------------------ status mapping

    @Test
    void standardMappingOfStatuses() {
        VendorHttp http = acme().build();
        Map<Integer, Reason> expected = Map.of(401, Reason.CREDENTIALS_EXPIRED, 403, Reason.CREDENTIALS_EXPIRED,
                404, Reason.DEVICE_NOT_FOUND, 429, Reason.RATE_LIMITED, 500, Reason.VENDOR_UNAVAILABLE,
                503, Reason.VENDOR_UNAVAILABLE, 400, Reason.VENDOR_ERROR, 409, Reason.VENDOR_ERROR,
                422, Reason.VENDOR_ERROR);
        expected.forEach((status, reason) -> {
            answer("/v1/s", status, "{\"error\":\"code_" + status + "\",\"message\":\"text\"}");
            AdapterException failure = assertFails(reason, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "the call"));
            assertEquals("the call: Acme answered HTTP " + status + " code_" + status + " (text)", failure.getMessage());
        });
    }

    @Test
    void rateLimitsNameRetryAfterAndVendorTextIsScrubbedAndTruncated() {
        VendorHttp http = acme().build();
        answer("/v1/s", 429, "{\"error\":\"slow_down\"}", Map.of("Retry-After", "7"));
        AdapterException limited = assertFails(Reason.RATE_LIMITED, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));
        assertEquals("w: Acme answered HTTP 429 slow_down; retry after 7 s", limited.getMessage());
        assertEquals(Duration.ofSeconds(7), limited.retryAfter());

        answer("/v1/s", 401, "{\"error\":\"bad_token\",\"message\":\"token " + TOKEN + " revoked\"}");
        AdapterException expired = assertFails(Reason.CREDENTIALS_EXPIRED, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));
        assertEquals("w: Acme answered HTTP 401 bad_token (token *** revoked)", expired.getMessage());

        answer("/v1/s", 400, "{\"message\":\"" + "x".repeat(1000) + "\"}");
        AdapterException refused = assertFails(Reason.VENDOR_ERROR, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));
        assertEquals("w: Acme answered HTTP 400 (" + "x".repeat(VendorHttp.MAX_MESSAGE_CHARS) + "…)", refused.getMessage());

        answer("/v1/s", 503, "<html>down</html>");
        AdapterException down = assertFails(Reason.VENDOR_UNAVAILABLE, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));
        assertEquals("w: Acme answered HTTP 503", down.getMessage());
    }

    @Test
    void secretsACallNamesAreScrubbedBeforeTheMappingsSeeTheMessage() {
        VendorHttp http = acme().errors(f -> f.is(403, "bad_pin_4321") ? f.as(Reason.PIN_REJECTED) : null).build();
        answer("/v1/s", 403, "{\"error\":\"bad_pin_4321\",\"message\":\"pin 4321 or 8765, token " + TOKEN + "\"}");
        AdapterException rejected = assertFails(Reason.PIN_REJECTED,
                () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w", null, "4321", null, "8765"));
        assertEquals("w: Acme answered HTTP 403 bad_pin_*** (pin *** or ***, token ***)", rejected.getMessage());
        AdapterException seen = assertFails(Reason.PIN_REJECTED, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w",
                f -> {
                    assertFalse(f.message().contains("4321"), f.message());
                    return null;
                }, "4321"));
        assertTrue(seen.getMessage().contains("(pin *** or 8765"), seen.getMessage());
    }

    @Test
    void theAdaptersMappingThenTheCallsOwnComeFirst() {
        VendorHttp http = acme()
                .errors(f -> f.is(409, "device_offline") ? f.as(Reason.DEVICE_OFFLINE)
                        : f.status() == 422 ? AdapterException.valueOutOfRange(f.message(), f.body().path("min").doubleValue(), 9) : null)
                .build();
        answer("/v1/s", 409, "{\"error\":\"device_offline\"}");
        assertFails(Reason.DEVICE_OFFLINE, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));
        answer("/v1/s", 409, "{\"error\":\"busy\"}");
        assertFails(Reason.VENDOR_ERROR, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));
        answer("/v1/s", 422, "{\"error\":\"range\",\"min\":2}");
        AdapterException range = assertFails(Reason.VALUE_OUT_OF_RANGE, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));
        assertEquals(2.0, range.minimumValue());
        assertEquals(9.0, range.maximumValue());

        answer("/v1/s", 404, "{}");
        VendorHttp.ErrorMapping listing = f -> f.status() == 404 ? f.as(Reason.VENDOR_ERROR) : null;
        assertFails(Reason.VENDOR_ERROR, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w", listing));
        assertFails(Reason.DEVICE_NOT_FOUND, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));
        answer("/v1/s", 409, "{\"error\":\"device_offline\"}");
        assertFails(Reason.DEVICE_OFFLINE, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w", listing));
    }

    @Test
    void otherErrorFields() {
        VendorHttp http = acme().errorFields("code", "detail").build();
        answer("/v1/s", 400, "{\"code\":\"E42\",\"detail\":\"nope\"}");
        AdapterException failure = assertFails(Reason.VENDOR_ERROR, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));
        assertEquals("w: Acme answered HTTP 400 E42 (nope)", failure.getMessage());
    }

    @Test
    void theSharedRulesOfListPathsAndRefusedValues() {
        VendorHttp http = acme().errors(VendorHttp::unprocessable).build();
        answer("/v1/s", 404, "{}");
        assertFails(Reason.VENDOR_ERROR, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w",
                VendorHttp.ErrorMapping.NO_DEVICE_ADDRESSED));

        answer("/v1/s", 422, "{\"error\":\"value_out_of_range\",\"min\":2,\"max\":9}");
        AdapterException range = assertFails(Reason.VALUE_OUT_OF_RANGE, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));
        assertEquals(2.0, range.minimumValue());
        assertEquals(9.0, range.maximumValue());
        assertEquals("w: Acme answered HTTP 422 value_out_of_range", range.getMessage());
        answer("/v1/s", 422, "{\"error\":\"value_out_of_range\",\"min\":2}");
        assertFails(Reason.INVALID_VALUE, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));
        answer("/v1/s", 422, "{\"error\":\"unknown_input\"}");
        assertFails(Reason.INVALID_VALUE, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));
        answer("/v1/s", 409, "{\"error\":\"value_out_of_range\",\"min\":2,\"max\":9}");
        assertFails(Reason.VENDOR_ERROR, () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/s")), "w"));

        VendorHttp scaled = acme().errors(f -> VendorHttp.unprocessable(f, (refused, min, max) ->
                AdapterException.valueOutOfRange(refused.message() + " in tenths", min * 10, max * 10))).build();
        answer("/v1/s", 422, "{\"error\":\"value_out_of_range\",\"min\":2,\"max\":9}");
        AdapterException tenths = assertFails(Reason.VALUE_OUT_OF_RANGE, () -> scaled.call(ACCOUNT, new HttpGet(scaled.uri("/v1/s")), "w"));
        assertEquals(20.0, tenths.minimumValue());
        assertTrue(tenths.getMessage().endsWith(" in tenths"), tenths.getMessage());
    }

    // ------------------------------------------------------------------ no answer

    @Test
    void aSilentCloudTimesOut() {
        answers.put("/api/v1/slow", exchange -> sleep(3000));
        VendorHttp http = acme().build();
        long started = System.nanoTime();
        AdapterException failure = assertFails(Reason.VENDOR_UNAVAILABLE,
                () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/slow")), "w"));
        assertEquals("w: no answer within 600 ms", failure.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2000);
        assertNotNull(failure.getCause());
    }

    @Test
    void aCallIsCutToTheTimeItsBudgetHasLeft() {
        answers.put("/api/v1/slow", exchange -> sleep(3000));
        VendorHttp http = acme().build(); // call timeout 600 ms
        long started = System.nanoTime();
        AdapterException failure = assertFails(Reason.VENDOR_UNAVAILABLE, () -> dev.homewire.adapter.spi.CallBudget.within(
                java.time.Instant.now().plusMillis(200), () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/slow")), "w")));
        long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.println("a call with 200 ms of budget left gave up after " + took + " ms (call timeout 600 ms)");
        assertTrue(failure.getMessage().startsWith("w: no answer within 1") || failure.getMessage().startsWith("w: no answer within 2"),
                failure.getMessage());
        assertTrue(took < 550, "cut to its budget: " + took + " ms");

        int before = calls.get();
        AdapterException late = assertFails(Reason.VENDOR_UNAVAILABLE, () -> dev.homewire.adapter.spi.CallBudget.within(
                java.time.Instant.now().minusMillis(1), () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/slow")), "w")));
        assertTrue(late.getMessage().contains("no time left"), late.getMessage());
        assertEquals(before, calls.get(), "no request once the budget is spent");
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");
        assertEquals(Duration.ofSeconds(3), VendorHttp.retryAfter("3", now));
        assertEquals(Duration.ofSeconds(30), VendorHttp.retryAfter("Wed, 02 Dec 2026 10:00:30 GMT", now));
        assertEquals(null, VendorHttp.retryAfter("soon", now));
        assertEquals(null, VendorHttp.retryAfter(null, now));
    }

    @Test
    void aTricklingAnswerIsCancelledAtTheDeadline() {
        // every byte arrives well within the response timeout, the whole answer never does
        answers.put("/api/v1/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 40; i++) {
                out.write(' ');
                out.flush();
                sleep(100);
            }
            out.close();
        });
        VendorHttp http = acme().build();
        long started = System.nanoTime();
        AdapterException failure = assertFails(Reason.VENDOR_UNAVAILABLE,
                () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/trickle")), "w"));
        assertEquals("w: no answer within 600 ms", failure.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 2500);
    }

    @Test
    void anUnreachableCloudIsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        VendorHttp http = acme().baseUrl(URI.create("http://127.0.0.1:" + closedPort)).build();
        AdapterException failure = assertFails(Reason.VENDOR_UNAVAILABLE,
                () -> http.call(ACCOUNT, new HttpGet(http.uri("/v1/devices")), "w"));
        assertTrue(failure.getMessage().startsWith("w: cloud unreachable ("), failure.getMessage());
    }

    // ------------------------------------------------------------------ bodies

    @Test
    void unreadableBodiesAreVendorUnavailable() {
        VendorHttp http = acme().build();
        answer("/v1/empty", 200, "");
        answer("/v1/html", 200, "<html/>");
        VendorHttp.Answer empty = http.call(ACCOUNT, new HttpGet(http.uri("/v1/empty")), "w");
        VendorHttp.Answer html = http.call(ACCOUNT, new HttpGet(http.uri("/v1/html")), "w");
        assertEquals("w: unreadable answer from Acme (empty body)",
                assertFails(Reason.VENDOR_UNAVAILABLE, () -> http.readJson(empty, "w")).getMessage());
        assertEquals("w: unreadable answer from Acme (not JSON)",
                assertFails(Reason.VENDOR_UNAVAILABLE, () -> http.readJson(html, "w")).getMessage());
    }

    @Test
    void arrayFieldsAndAcceptedIds() {
        VendorHttp http = acme().build();
        answer("/v1/list", 200, "{\"items\":[1],\"other\":{}}");
        answer("/v1/accepted", 202, "{\"op\":\"op-1\",\"blank\":\" \"}");
        VendorHttp.Answer list = http.call(ACCOUNT, new HttpGet(http.uri("/v1/list")), "w");
        VendorHttp.Answer accepted = http.call(ACCOUNT, new HttpGet(http.uri("/v1/accepted")), "w");

        assertEquals(1, http.arrayField(http.readJson(list, "w"), "items", "w", "no items").size());
        assertEquals("w: unreadable answer from Acme (no items)", assertFails(Reason.VENDOR_UNAVAILABLE,
                () -> http.arrayField(http.readJson(list, "w"), "other", "w", "no items")).getMessage());
        assertEquals("op-1", http.acceptedId(accepted, "op", "w", "no op"));
        assertEquals("w: unreadable answer from Acme (no op)",
                assertFails(Reason.VENDOR_UNAVAILABLE, () -> http.acceptedId(accepted, "blank", "w", "no op")).getMessage());
        assertEquals("w: unreadable answer from Acme (no op)",
                assertFails(Reason.VENDOR_UNAVAILABLE, () -> http.acceptedId(accepted, "missing", "w", "no op")).getMessage());
    }

    // ------------------------------------------------------------------ set-up and text

    @Test
    void theBuilderChecksWhatItIsGiven() {
        assertEquals("http://h.example/p/v1/x", acme().baseUrl(URI.create("http://h.example/p//")).build().uri("/v1/x").toString());
        for (String bad : List.of("ftp://h.example", "http://h.example/?q=1", "http://h.example/#f", "/relative")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> acme().baseUrl(URI.create(bad)).build());
            assertEquals("Acme base URL must be an http(s) URL without query: " + bad, e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> acme().baseUrl(null).build());
        assertThrows(NullPointerException.class, () -> acme().httpClient(null).build());
        assertThrows(NullPointerException.class, () -> acme().callTimeout(null).build());
        assertThrows(IllegalArgumentException.class, () -> acme().callTimeout(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> acme().callTimeout(Duration.ofMillis(-1)).build());
        assertEquals("Acme", acme().build().vendor());
        assertEquals("http://h.example/v1/x", VendorHttp.builder("Acme", URI.create("http://h.example"), client, CALL_TIMEOUT)
                .build().uri("/v1/x").toString());
        assertEquals(CALL_TIMEOUT, acme().build().callTimeout());
    }

    @Test
    void textHelpers() {
        assertEquals("a%20b%2Fc%3F", VendorHttp.pathSegment("a b/c?"));
        assertEquals("short", VendorHttp.truncate("short"));
        assertEquals("y".repeat(300) + "…", VendorHttp.truncate("y".repeat(301)));
        assertEquals("key *** and *** again", VendorHttp.scrub("key s3 and s3 again", "s3"));
        assertEquals("as is", VendorHttp.scrub("as is", null));
        assertEquals("as is", VendorHttp.scrub("as is", ""));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
