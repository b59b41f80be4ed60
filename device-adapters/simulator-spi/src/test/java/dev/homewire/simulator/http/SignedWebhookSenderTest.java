package dev.homewire.simulator.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignedWebhookSenderTest {
    private static final String SECRET = "acwh_secret";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private record Received(Headers headers, byte[] body) {
    }

    private HttpServer receiver;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private ScheduledThreadPoolExecutor scheduler;
    private SignedWebhookSender sender;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            boolean fail = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
            if (!fail) {
                received.add(new Received(exchange.getRequestHeaders(), body));
            }
            exchange.sendResponseHeaders(fail ? 503 : 204, -1);
            exchange.close();
        });
        receiver.start();
        scheduler = new ScheduledThreadPoolExecutor(1);
        sender = new SignedWebhookSender("Acme", SECRET,
                new SignedWebhookSender.Headers("Acme-Event-Id", "Acme-Timestamp", "Acme-Signature"), "Acme-Webhooks/1.0");
        sender.start(scheduler, SimulatedCloud.daemonThreads("acme-sim-webhook"));
        sender.connect(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/acme"));
    }

    @AfterEach
    void stop() {
        sender.stop();
        scheduler.shutdownNow();
        receiver.stop(0);
    }

    private static ObjectNode event(String id) {
        return JsonNodeFactory.instance.objectNode().put("event_id", id).put("type", "thing.changed");
    }

    /** Our own HMAC, independent of the class under test. */
    private static String hmacHex(String secret, String payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    private static void awaitEquals(int expected, IntSupplier actual, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (actual.getAsInt() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(expected, actual.getAsInt(), what);
    }

    @Test
    void deliversSignedEventsOneAtATimeInOrder() throws Exception {
        for (int i = 1; i <= 3; i++) {
            sender.publish(event("evt_" + i));
        }
        for (int i = 1; i <= 3; i++) {
            Received delivery = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(delivery, "delivery " + i);
            String body = new String(delivery.body(), StandardCharsets.UTF_8);
            assertEquals("{\"event_id\":\"evt_" + i + "\",\"type\":\"thing.changed\"}", body);
            String timestamp = delivery.headers().getFirst("Acme-Timestamp");
            assertTrue(Math.abs(Long.parseLong(timestamp) - Instant.now().getEpochSecond()) <= 5, "fresh timestamp");
            assertEquals("v1=" + hmacHex(SECRET, timestamp + "." + body), delivery.headers().getFirst("Acme-Signature"));
            assertEquals("v1=" + SignedWebhookSender.sign(SECRET, timestamp, delivery.body()), delivery.headers().getFirst("Acme-Signature"));
            assertEquals("evt_" + i, delivery.headers().getFirst("Acme-Event-Id"));
            assertEquals("Acme-Webhooks/1.0", delivery.headers().getFirst("User-Agent"));
            assertEquals("application/json; charset=utf-8", delivery.headers().getFirst("Content-Type"));
        }
        awaitEquals(3, sender::delivered, "acknowledged");
        assertEquals(3, sender.attempts());
        assertEquals(0, sender.abandoned());
    }

    @Test
    void aFailedAttemptIsRetriedWithTheSameBodyAndAFreshSignature() throws Exception {
        failuresLeft.set(1);
        long started = System.nanoTime();
        sender.publish(event("evt_1"));
        Received retried = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(retried, "the second attempt arrives");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= 450, "after the first pause");
        String timestamp = retried.headers().getFirst("Acme-Timestamp");
        assertEquals("v1=" + hmacHex(SECRET, timestamp + "." + new String(retried.body(), StandardCharsets.UTF_8)),
                retried.headers().getFirst("Acme-Signature"));
        assertEquals(2, sender.attempts());
        awaitEquals(1, sender::delivered, "acknowledged");
    }

    @Test
    void aReceiverThatKeepsFailingIsGivenUpOnAfterThreeAttempts() throws Exception {
        failuresLeft.set(100);
        sender.publish(event("evt_1"));
        awaitEquals(1, sender::abandoned, "abandoned");
        assertEquals(3, sender.attempts());
        failuresLeft.set(0);
        sender.publish(event("evt_2"));
        assertNotNull(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "later events still go out");
    }

    @Test
    void withoutAUrlOrOnceStoppedEventsAreDropped() throws Exception {
        sender.connect(null);
        sender.publish(event("evt_1"));
        assertNull(received.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(0, sender.attempts());
        assertThrows(IllegalArgumentException.class, () -> sender.connect(URI.create("ftp://example.com/x")));
        assertThrows(IllegalArgumentException.class, () -> sender.connect(URI.create("/relative")));

        sender.connect(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks/acme"));
        sender.stop();
        sender.publish(event("evt_2"));
        assertNull(received.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(0, sender.attempts());

        SignedWebhookSender notStarted = new SignedWebhookSender("Acme", SECRET, new SignedWebhookSender.Headers("E", "T", "S"), "U");
        notStarted.connect(URI.create("http://127.0.0.1:1/"));
        notStarted.publish(event("evt_3"));
        assertEquals(0, notStarted.attempts());
        assertThrows(NullPointerException.class, () -> new SignedWebhookSender.Headers("E", null, "S"));
    }

    @Test
    void signsLikeTheVendorsDocumentIt() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals(hmacHex(SECRET, "1741944422.{}"), SignedWebhookSender.sign(SECRET, "1741944422", body));
        assertNotEquals(SignedWebhookSender.sign(SECRET, "1741944422", body), SignedWebhookSender.sign("other", "1741944422", body));
        assertArrayEquals(new byte[] {'{', '}'}, body, "the body is not touched");
    }
}
