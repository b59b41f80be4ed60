package dev.homewire.simulator.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.homewire.simulator.VendorCloudSimulator.DemoAccount;
import dev.homewire.simulator.VendorCloudSimulator.FaultSpec;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedCloudTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A one-route cloud: {@code GET /v1/echo} answers the account; {@code /v1/boom} fails. */
    private static final class EchoCloud extends SimulatedCloud {
        final AtomicInteger echoCalls = new AtomicInteger();
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();

        EchoCloud() {
            this(List.of(bearerAccount("alice", "acct-alice", "tok-alice"), bearerAccount("bob", "acct-bob", "tok-bob")));
        }

        EchoCloud(List<DemoAccount> accounts) {
            super("echo", "Echo", "/v1", accounts);
        }

        @Override
        protected ApiResponse route(ApiRequest request, String accountId) throws ApiError {
            String[] segments = request.segmentsAfter("/v1/echo");
            if (segments.length == 0) {
                request.requireMethod("GET");
                return ApiResponse.ok(JsonNodeFactory.instance.objectNode().put("account", accountId));
            }
            if (segments.length == 1 && segments[0].equals("boom")) {
                throw new IllegalStateException("boom");
            }
            if (segments.length == 1 && segments[0].equals("teapot")) {
                throw ApiError.of(418, "teapot", "short and stout").with("spout", 1);
            }
            throw request.noSuchPath();
        }

        @Override
        protected void count(ApiRequest request) {
            if (request.path().startsWith("/v1/echo")) {
                echoCalls.incrementAndGet();
            }
        }

        @Override
        protected ApiError injectedError(int status) {
            return status == 403 ? ApiError.of(403, "forbidden", "simulated fault: no scope") : super.injectedError(status);
        }

        @Override
        protected void onStart() {
            starts.incrementAndGet();
        }

        @Override
        protected void onStop() {
            stops.incrementAndGet();
        }

        @Override
        public JsonNode devices() {
            return JsonNodeFactory.instance.arrayNode();
        }

        @Override
        public void changeDeviceState(String deviceId, JsonNode state) {
            throw new IllegalArgumentException("no devices");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private EchoCloud cloud;

    @BeforeEach
    void start() {
        cloud = new EchoCloud();
        cloud.start(0);
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    private HttpResponse<String> call(String method, String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(cloud.baseUrl().resolve(path)).timeout(Duration.ofSeconds(5))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Test
    void servesOnLoopbackOnceAndNeverAfterClose() {
        assertEquals("127.0.0.1", cloud.baseUrl().getHost());
        assertEquals(Map.of("BASE_URL", cloud.baseUrl().toString()), cloud.adapterSettings());
        assertEquals("echo", cloud.adapterId());
        assertEquals(1, cloud.starts.get());
        IllegalStateException twice = assertThrows(IllegalStateException.class, () -> cloud.start(0));
        assertTrue(twice.getMessage().startsWith("simulator already started at http://127.0.0.1:"));

        cloud.close();
        cloud.close();
        assertEquals(1, cloud.stops.get(), "onStop runs once");
        assertEquals("simulator is closed", assertThrows(IllegalStateException.class, () -> cloud.start(0)).getMessage());

        try (EchoCloud unstarted = new EchoCloud()) {
            assertEquals("simulator not started", assertThrows(IllegalStateException.class, unstarted::baseUrl).getMessage());
        }
    }

    @Test
    void demoAccountsNeedTheirOwnAccessToken() {
        assertEquals(List.of("alice", "bob"), cloud.demoAccounts().stream().map(a -> a.demoUser()).toList());
        assertEquals("tok-alice", cloud.demoAccounts().get(0).credentials().get(SimulatedCloud.ACCESS_TOKEN));
        assertThrows(IllegalArgumentException.class, () -> new EchoCloud(List.of(
                SimulatedCloud.bearerAccount("alice", "a", "same"), SimulatedCloud.bearerAccount("bob", "b", "same"))));
        assertThrows(IllegalArgumentException.class, () -> new EchoCloud(List.of(
                new DemoAccount("alice", "a", Map.of("password", "x")))));
    }

    @Test
    void answersTheRouteForTheAccountOfTheBearerToken() throws Exception {
        HttpResponse<String> alice = call("GET", "/v1/echo", "Bearer tok-alice");
        assertEquals(200, alice.statusCode());
        assertEquals("application/json; charset=utf-8", alice.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("acct-alice", body(alice).path("account").asText());
        assertEquals("acct-bob", body(call("GET", "/v1/echo/", "  bearer   tok-bob ")).path("account").asText());
    }

    @Test
    void pathsOutsideTheApiRootAreNotFoundBeforeAuthentication() throws Exception {
        HttpResponse<String> outside = call("GET", "/v2/echo", null);
        assertEquals(404, outside.statusCode());
        assertEquals("{\"error\":\"not_found\",\"message\":\"no such path /v2/echo\"}", outside.body());
        assertEquals(401, call("GET", "/v1", null).statusCode());
        assertEquals(404, call("GET", "/v1x", "Bearer tok-alice").statusCode());
        assertEquals(404, call("GET", "/v1/echoes", "Bearer tok-alice").statusCode());
    }

    @Test
    void missingOrUnknownTokensAreUnauthorizedWithTheRealm() throws Exception {
        for (String authorization : new String[] {null, "Bearer nope", "Basic tok-alice", "Bearer", "tok-alice"}) {
            HttpResponse<String> response = call("GET", "/v1/echo", authorization);
            assertEquals(401, response.statusCode(), String.valueOf(authorization));
            assertEquals("Bearer realm=\"echo\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
            assertEquals("{\"error\":\"unauthorized\",\"message\":\"missing or invalid access token\"}", response.body());
        }
    }

    @Test
    void apiErrorsAndFailuresBecomeJsonAnswers() throws Exception {
        HttpResponse<String> wrongMethod = call("DELETE", "/v1/echo", "Bearer tok-alice");
        assertEquals(405, wrongMethod.statusCode());
        assertEquals("GET", wrongMethod.headers().firstValue("Allow").orElseThrow());

        HttpResponse<String> teapot = call("GET", "/v1/echo/teapot", "Bearer tok-alice");
        assertEquals(418, teapot.statusCode());
        assertEquals("{\"error\":\"teapot\",\"message\":\"short and stout\",\"spout\":1}", teapot.body());

        HttpResponse<String> boom = call("GET", "/v1/echo/boom", "Bearer tok-alice");
        assertEquals(500, boom.statusCode());
        assertEquals("{\"error\":\"internal_error\",\"message\":\"simulator failure: IllegalStateException\"}", boom.body());
    }

    @Test
    void countsEveryCallIncludingFailedAndFaultInjectedOnes() throws Exception {
        call("GET", "/v1/echo", "Bearer tok-alice");
        call("GET", "/v1/echo", null);
        call("GET", "/elsewhere", null);
        cloud.setFaults(new FaultSpec(1.0, 503, 0));
        call("GET", "/v1/echo", "Bearer tok-alice");
        assertEquals(4, cloud.totalCalls());
        assertEquals(3, cloud.echoCalls.get());
    }

    @Test
    void injectedFaultsAnswerTheDocumentedErrorBeforeAuthentication() throws Exception {
        cloud.setFaults(new FaultSpec(1.0, 429, 0));
        HttpResponse<String> limited = call("GET", "/anywhere", null);
        assertEquals(429, limited.statusCode());
        assertEquals("1", limited.headers().firstValue("Retry-After").orElseThrow());
        assertEquals("rate_limited", body(limited).path("error").asText());

        cloud.setFaults(new FaultSpec(1.0, 401, 0));
        assertEquals("Bearer realm=\"echo\"", call("GET", "/v1/echo", "Bearer tok-alice").headers()
                .firstValue("WWW-Authenticate").orElseThrow());

        cloud.setFaults(new FaultSpec(1.0, 403, 0));
        assertEquals("simulated fault: no scope", body(call("GET", "/v1/echo", "Bearer tok-alice")).path("message").asText());

        for (int[] statusAndCode : new int[][] {{400, 0}, {404, 1}, {500, 2}, {503, 3}, {422, 4}}) {
            cloud.setFaults(new FaultSpec(1.0, statusAndCode[0], 0));
            HttpResponse<String> failed = call("GET", "/v1/echo", "Bearer tok-alice");
            assertEquals(statusAndCode[0], failed.statusCode());
            assertEquals(List.of("bad_request", "not_found", "internal_error", "unavailable", "error").get(statusAndCode[1]),
                    body(failed).path("error").asText());
            assertEquals("simulated fault", body(failed).path("message").asText());
        }

        cloud.setFaults(new FaultSpec(1.0, 502, 200));
        long started = System.nanoTime();
        assertEquals(502, call("GET", "/v1/echo", "Bearer tok-alice").statusCode());
        assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(200), "waits latencyMs");

        cloud.setFaults(new FaultSpec(0.0, 500, 0, true));
        assertEquals(200, call("GET", "/v1/echo", "Bearer tok-alice").statusCode());
        assertTrue(cloud.dropCommands());
        cloud.clearFaults();
        assertEquals(200, call("GET", "/v1/echo", "Bearer tok-alice").statusCode());
        assertFalse(cloud.dropCommands());
    }

    @Test
    void statusZeroNeverAnswersAndCloseDropsTheConnection() throws Exception {
        cloud.setFaults(new FaultSpec(1.0, 0, 0));
        HttpRequest hanging = HttpRequest.newBuilder(cloud.baseUrl().resolve("/v1/echo")).timeout(Duration.ofMillis(300)).GET().build();
        assertThrows(HttpTimeoutException.class, () -> http.send(hanging, HttpResponse.BodyHandlers.ofString()));

        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
                HttpRequest.newBuilder(cloud.baseUrl().resolve("/v1/echo")).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(200);
        cloud.close();
        ExecutionException dropped = assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
        assertTrue(dropped.getCause() instanceof IOException, dropped.getCause().toString());
    }

    @Test
    void requestHelpersSplitDecodeAndParse() throws Exception {
        ApiRequest request = new ApiRequest("PUT", "/v1/devices/a%2Cb/state", null, null,
                "{\"a\":1} trailing".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(new String[] {"a%2Cb", "state"}, request.segmentsAfter("/v1/devices"));
        assertEquals(404, assertThrows(ApiError.class, () -> request.segmentsAfter("/v1/dev")).status());
        assertArrayEquals(new String[0], new ApiRequest("GET", "/v1/devices/", null, null, new byte[0]).segmentsAfter("/v1/devices"));
        assertArrayEquals(new String[] {"x", ""}, new ApiRequest("GET", "/v1/devices/x/", null, null, new byte[0]).segmentsAfter("/v1/devices"));

        assertEquals("a,b+c", ApiRequest.decodeSegment("a%2Cb+c"));
        ApiError malformed = assertThrows(ApiError.class, () -> ApiRequest.decodeSegment("%ZZ"));
        assertEquals("malformed percent-encoding in the path", malformed.getMessage());
        assertEquals("bad", assertThrows(ApiError.class, () -> ApiRequest.decode("%Z", "bad")).getMessage());

        assertEquals(1, request.jsonObject("object please").path("a").asInt());
        assertEquals("body is not valid JSON", assertThrows(ApiError.class, () -> request.strictJsonObject("object please")).getMessage());
        ApiRequest array = new ApiRequest("PUT", "/v1/x", null, null, "[]".getBytes(StandardCharsets.UTF_8));
        assertEquals("object please", assertThrows(ApiError.class, () -> array.jsonObject("object please")).getMessage());
        ApiRequest empty = new ApiRequest("PUT", "/v1/x", null, null, new byte[0]);
        assertEquals(400, assertThrows(ApiError.class, () -> empty.strictJsonObject("object please")).status());
    }

    @Test
    void helpersForAddingDevicesAndCheckingChanges() {
        assertEquals("acct-bob", cloud.demoAccountId("bob", "no such user"));
        assertEquals("no such user", assertThrows(IllegalArgumentException.class, () -> cloud.demoAccountId("carol", "no such user"))
                .getMessage());

        assertEquals("den-s-tv-2", SimulatedCloud.slug("  Den's TV (2) "));
        assertEquals("", SimulatedCloud.slug("--!"));
        assertEquals("x", SimulatedCloud.freeId("x", id -> false));
        assertEquals("x-3", SimulatedCloud.freeId("x", List.of("x", "x-2")::contains));

        assertEquals(7, SimulatedCloud.requireIntegerIn("level", JsonNodeFactory.instance.numberNode(7), 0, 10));
        assertEquals("level must be an integer within 0..10, not 11", assertThrows(IllegalArgumentException.class,
                () -> SimulatedCloud.requireIntegerIn("level", JsonNodeFactory.instance.numberNode(11), 0, 10)).getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SimulatedCloud.requireIntegerIn("level", JsonNodeFactory.instance.numberNode(1.5), 0, 10));
    }
}
