package dev.homewire.simulator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import dev.homewire.simulator.VendorCloudSimulator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatedPushCloudTest {

    /** {@code POST /v1/ping} answers 202 and pushes {@code pong} after the operation delay, from the event thread. */
    private static final class PingCloud extends SimulatedPushCloud {
        PingCloud() {
            super("ping", "Ping", "/v1", List.of(bearerAccount("alice", "acct-alice", "tok-alice")),
                    new SignedWebhookSender("Ping", "pgwh_secret", new SignedWebhookSender.Headers("Ping-Event-Id", "Ping-Timestamp",
                            "Ping-Signature"), "Ping-Webhooks/1.0"));
            setOperationDelay(Duration.ofMillis(100));
        }

        @Override
        protected ApiResponse route(ApiRequest request, String accountId) throws ApiError {
            request.requireMethod("POST");
            scheduleOperation(() -> publish(JsonNodeFactory.instance.objectNode().put("event_id", "evt_1").put("type", "pong")
                    .put("thread", Thread.currentThread().getName())));
            return ApiResponse.accepted(JsonNodeFactory.instance.objectNode().put("account", accountId));
        }

        @Override
        public JsonNode devices() {
            return JsonNodeFactory.instance.arrayNode();
        }

        @Override
        public void changeDeviceState(String deviceId, JsonNode change) {
            publish(JsonNodeFactory.instance.objectNode().put("event_id", "evt_2").put("type", "changed"));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    private HttpServer receiver;
    private PingCloud cloud;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes()) + " " + exchange.getRequestHeaders().getFirst("Ping-Signature"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        cloud = new PingCloud();
        cloud.start(0);
        cloud.connectWebhook(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/ping"));
    }

    @AfterEach
    void stop() {
        cloud.close();
        receiver.stop(0);
    }

    @Test
    void operationsCompleteOnTheEventThreadAndTheirOutcomeIsPushedSigned() throws Exception {
        assertEquals(Map.of("BASE_URL", cloud.baseUrl().toString(), "WEBHOOK_SECRET", "pgwh_secret"), cloud.adapterSettings());
        assertEquals("pgwh_secret", cloud.webhookSecret());
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(cloud.baseUrl().resolve("/v1/ping"))
                .header("Authorization", "Bearer tok-alice").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, answer.statusCode());
        String delivery = received.poll(5, TimeUnit.SECONDS);
        assertNotNull(delivery, "the outcome is pushed");
        assertTrue(delivery.startsWith("{\"event_id\":\"evt_1\",\"type\":\"pong\",\"thread\":\"ping-sim-events-1\"} v1="), delivery);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (cloud.deliveredWebhooks() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, cloud.deliveredWebhooks());
        assertEquals(1, cloud.webhookAttempts());
        assertEquals(0, cloud.abandonedWebhooks());
    }

    @Test
    void theOperationDelayIsValidatedAndAClosedCloudPushesNothing() throws Exception {
        assertEquals(Duration.ofMillis(100), cloud.operationDelay());
        assertThrows(IllegalArgumentException.class, () -> cloud.setOperationDelay(Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> cloud.setOperationDelay(null));
        cloud.setOperationDelay(Duration.ZERO);
        assertEquals(Duration.ZERO, cloud.operationDelay());
        assertThrows(IllegalArgumentException.class, () -> cloud.connectWebhook(URI.create("ftp://example.com/x")));

        cloud.close();
        cloud.changeDeviceState("any", JsonNodeFactory.instance.objectNode());
        assertNull(received.poll(300, TimeUnit.MILLISECONDS), "a closed cloud pushes nothing");
        assertEquals(0, cloud.webhookAttempts());
    }

    @Test
    void droppedOperationsAreAcceptedButNeverCompleteAndAClosingCloudRefusesThem() throws Exception {
        cloud.setFaults(new VendorCloudSimulator.FaultSpec(0, 0, 0, true));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(cloud.baseUrl().resolve("/v1/ping"))
                .header("Authorization", "Bearer tok-alice").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, answer.statusCode());
        assertNull(received.poll(400, TimeUnit.MILLISECONDS), "a dropped operation never completes");

        cloud.clearFaults();
        cloud.close();
        ApiError closing = assertThrows(ApiError.class, () -> cloud.scheduleOperation(() -> { }));
        assertEquals(503, closing.status());
        assertEquals("shutting down", closing.getMessage());
    }

    @Test
    void idsAndTheBoundedOperationMap() {
        assertTrue(SimulatedPushCloud.newOperationId().matches("op_[0-9a-f]{24}"));
        assertTrue(SimulatedPushCloud.newEventId().matches("evt_[0-9a-f]{24}"));
        Map<String, Integer> operations = SimulatedCloud.eldestForgotten(2);
        operations.put("a", 1);
        operations.put("b", 2);
        operations.get("a");
        operations.put("c", 3);
        assertEquals(List.of("b", "c"), List.copyOf(operations.keySet()), "the eldest goes, however recently read");
    }
}
