package dev.homewire.adapter.spi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.VendorAccount;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The list call against a local server that answers {@code GET /v1/locks} with {@link #body}. */
class DeviceListTest {
    private static final VendorAccount ACCOUNT = new VendorAccount("acme", "acct-1", Map.of("accessToken", "t"));
    private static final DeviceList.StateReader READER = (entry, receivedAt) -> {
        if (!entry.path("online").isBoolean()) {
            throw new IllegalArgumentException("no online");
        }
        return DeviceState.builder().connectivity(entry.path("online").booleanValue() ? Connectivity.OK : Connectivity.UNREACHABLE)
                .observedAt(receivedAt).build();
    };

    private HttpServer server;
    private CloseableHttpClient client;
    private DeviceList list;
    private volatile int status = 200;
    private volatile String body;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile String lastPath;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/locks", exchange -> {
            calls.incrementAndGet();
            lastPath = exchange.getRequestURI().getRawPath();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        client = HttpClients.createDefault();
        VendorHttp http = VendorHttp.builder("Acme", URI.create("http://127.0.0.1:" + server.getAddress().getPort()), client,
                Duration.ofSeconds(2)).auth(VendorHttp.Auth.bearer("accessToken")).build();
        list = new DeviceList(http, "/v1/locks", "locks", "lock", "locks");
    }

    @AfterEach
    void stop() throws IOException {
        server.stop(0);
        client.close();
    }

    @Test
    void theWantedDevicesInTheOrderAskedFromOneCall() {
        body = "{\"locks\":[{\"id\":\"b\",\"online\":false},{\"id\":\"x\"},{\"online\":true},{\"id\":\"a\",\"online\":true}]}";
        Map<String, DeviceState> states = list.states(ACCOUNT, List.of("a", "gone", "b", "a"), READER);
        assertEquals(List.of("a", "b"), List.copyOf(states.keySet()));
        assertEquals(Connectivity.OK, states.get("a").connectivity());
        assertEquals(Connectivity.UNREACHABLE, states.get("b").connectivity());
        assertEquals(1, calls.get());

        assertEquals(Map.of(), list.states(ACCOUNT, List.of(), READER));
        assertEquals(1, calls.get(), "nothing asked, nothing called");
    }

    @Test
    void aWantedEntryThatDoesNotReadFailsTheBatch() {
        body = "{\"locks\":[{\"id\":\"a\",\"online\":true},{\"id\":\"b\"}]}";
        AdapterException failure = assertThrows(AdapterException.class, () -> list.states(ACCOUNT, List.of("a", "b"), READER));
        assertEquals(Reason.VENDOR_UNAVAILABLE, failure.reason());
        assertEquals("state query of 2 Acme locks of account acct-1: unreadable answer from Acme (lock b: no online)", failure.getMessage());
    }

    @Test
    void noArrayIsUnreadableAndA404IsAVendorError() {
        body = "{\"devices\":[]}";
        AdapterException unreadable = assertThrows(AdapterException.class, () -> list.fetch(ACCOUNT, "discovery"));
        assertEquals("discovery: unreadable answer from Acme (expected an object with a 'locks' array)", unreadable.getMessage());

        status = 404;
        body = "{\"error\":\"not_found\"}";
        assertEquals(Reason.VENDOR_ERROR, assertThrows(AdapterException.class, () -> list.fetch(ACCOUNT, "discovery")).reason());
    }

    @Test
    void oneDeviceFromItsOwnPath() {
        body = "{\"id\":\"a b\",\"online\":true}";
        assertEquals(Connectivity.OK, list.state(ACCOUNT, "a b", READER).connectivity());
        assertEquals("/v1/locks/a%20b", lastPath);

        AdapterException other = assertThrows(AdapterException.class, () -> list.state(ACCOUNT, "b", READER));
        assertEquals("state query of Acme lock b: unreadable answer from Acme (not the requested lock)", other.getMessage());
        body = "{\"id\":\"b\"}";
        assertEquals("state query of Acme lock b: unreadable answer from Acme (no online)",
                assertThrows(AdapterException.class, () -> list.state(ACCOUNT, "b", READER)).getMessage());
        status = 404;
        assertEquals(Reason.DEVICE_NOT_FOUND, assertThrows(AdapterException.class, () -> list.state(ACCOUNT, "b", READER)).reason());
    }
}
