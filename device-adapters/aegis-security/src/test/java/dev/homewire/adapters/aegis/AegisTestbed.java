package dev.homewire.adapters.aegis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.PushNotifications;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.adapter.spi.WebhookRejectedException;
import dev.homewire.adapter.spi.WebhookRequest;
import dev.homewire.core.http.HttpClientFactory;
import dev.homewire.simulator.aegis.AegisCloudSimulator;
import dev.homewire.testkit.WebhookCapture;
import dev.homewire.testkit.WebhookSigning;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.StreamSupport;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.function.Executable;

/**
 * What the adapter tests run against: the real simulator over HTTP, its signed webhooks caught by
 * the testkit's loopback receiver and handed to {@code adapter.push()} exactly as received, the
 * adapter created by its factory from the simulator's settings over the production HTTP client.
 */
final class AegisTestbed implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    static final Duration WAIT = Duration.ofSeconds(5);
    /** Where simplelogger.properties sends the test JVM's logs. */
    static final Path LOG_FILE = Path.of("target", "aegis-adapter-test.log");

    final CloseableHttpClient httpClient = HttpClientFactory.create(Duration.ofSeconds(5));
    final AegisCloudSimulator simulator;
    final WebhookCapture receiver;
    final DeviceAdapter adapter;
    final PushNotifications push;
    final VendorAccount alice;
    final VendorAccount bob;
    final String secret;

    AegisTestbed(Duration operationDelay) {
        // The simulator first: loading SimulatedCloud turns on TCP_NODELAY for the JDK's HttpServer,
        // which reads it once, when the JVM's first HttpServer (here the receiver's) is made.
        simulator = new AegisCloudSimulator(operationDelay);
        receiver = new WebhookCapture();
        simulator.start(0);
        simulator.connectWebhook(receiver.url());
        secret = simulator.adapterSettings().get("WEBHOOK_SECRET");
        adapter = adapterWith(simulator.adapterSettings(), CALL_TIMEOUT);
        push = adapter.push().orElseThrow();
        alice = account("alice");
        bob = account("bob");
    }

    @Override
    public void close() throws IOException {
        simulator.close();
        receiver.close();
        httpClient.close();
    }

    DeviceAdapter adapterWith(Map<String, String> settings, Duration callTimeout) {
        Map<String, String> env = new HashMap<>();
        settings.forEach((key, value) -> env.put(AdapterContext.envName("aegis", key), value));
        return factory().create(new AdapterContext("aegis", env, httpClient, callTimeout));
    }

    static DeviceAdapterFactory factory() {
        return ServiceLoader.load(DeviceAdapterFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.adapterId().equals("aegis")).findFirst().orElseThrow();
    }

    private VendorAccount account(String demoUser) {
        return simulator.demoAccounts().stream().filter(a -> a.demoUser().equals(demoUser))
                .map(a -> new VendorAccount("aegis", a.accountId(), a.credentials())).findFirst().orElseThrow();
    }

    JsonNode control(String deviceId) {
        return StreamSupport.stream(simulator.devices().spliterator(), false)
                .filter(d -> d.path("deviceId").asText().equals(deviceId)).findFirst().orElseThrow();
    }

    void change(String deviceId, String json) throws IOException {
        simulator.changeDeviceState(deviceId, JSON.readTree(json));
    }

    /** The next delivery the receiver caught. */
    WebhookRequest nextDelivery() {
        WebhookRequest delivery = receiver.next(WAIT);
        assertNotNull(delivery, "the cloud delivered a webhook");
        return delivery;
    }

    /** The next delivery, parsed by the adapter; exactly one update expected. */
    DeviceUpdate nextUpdate() throws WebhookRejectedException {
        List<DeviceUpdate> updates = push.parseWebhook(nextDelivery());
        assertEquals(1, updates.size(), "one update per event");
        return updates.get(0);
    }

    // ------------------------------------------------------------------ signing, done independently of the adapter

    /** Aegis's headers, signed by the testkit from the shared secret alone. */
    static final WebhookSigning SIGNING = new WebhookSigning("Aegis-Timestamp", "Aegis-Signature");

    /** A body signed now with the cloud's secret, as if Aegis had sent it. */
    WebhookRequest signed(String json) {
        return SIGNING.signed(secret, json);
    }

    static AdapterException assertFails(AdapterException.Reason reason, Executable call) {
        AdapterException e = assertThrows(AdapterException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }

    /**
     * A stand-in for the Aegis cloud on loopback that answers every call with the body {@code answers}
     * gives for {@code "<METHOD> <path>"} ({@code {}} for null): {@code 202} to a POST, {@code 200}
     * otherwise. Stop it with {@code stop(0)}.
     */
    static HttpServer fakeCloud(Function<String, String> answers) throws IOException {
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        fake.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String body = answers.apply(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] bytes = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 202 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        fake.start();
        return fake;
    }

    /** An adapter of this test bed's secret pointed at a {@link #fakeCloud}. */
    DeviceAdapter adapterAt(HttpServer fake) {
        return adapterWith(Map.of("BASE_URL", "http://127.0.0.1:" + fake.getAddress().getPort() + "/", "WEBHOOK_SECRET", secret),
                CALL_TIMEOUT);
    }

    /** The test JVM's log so far, with operation and event ids (random hex) blanked out. */
    static String logWithoutIds() throws IOException {
        return Files.exists(LOG_FILE) ? Files.readString(LOG_FILE).replaceAll("(op|evt)_[0-9a-f]+", "$1_…") : "";
    }
}
