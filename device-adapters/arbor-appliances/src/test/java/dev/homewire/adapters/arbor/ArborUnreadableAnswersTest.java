package dev.homewire.adapters.arbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.core.http.HttpClientFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Answers the simulator never gives: a captive portal's HTML, and JSON that is not what Arbor
 * documents. Served by a stub on loopback; the adapter must fail {@link Reason#VENDOR_UNAVAILABLE}
 * (or skip what it cannot use), never with an unchecked exception.
 */
class ArborUnreadableAnswersTest {
    private static final VendorAccount ACCOUNT = new VendorAccount("arbor", "arbor-acct-x", Map.of("accessToken", "arb_secret_token"));
    private static final String APPLIANCES = "{\"appliances\": ["
            + "{\"id\": \"ar-ok\", \"type\": \"blinds\", \"name\": \"Blinds\", \"online\": true, \"state\": {\"position\": \"high\"}, \"revision\": \"1\"},"
            + "{\"id\": \"ar-robot\", \"type\": \"robot\", \"online\": true},"
            + "{\"type\": \"fan\", \"online\": true},"
            + "{\"id\": \"ar-fan\", \"type\": \"fan\", \"online\": true, \"specs\": {}},"
            + "{\"id\": \"ar-thermostat\", \"type\": \"thermostat\", \"online\": true, \"specs\": {\"setpointRange\": {\"min\": \"cold\"}}},"
            + "{\"id\": \"ar-washer\", \"type\": \"washer\", \"online\": true, \"specs\": {\"cycles\": [7]}},"
            + "{\"id\": \"ar-offline\", \"type\": \"heater\"}"
            + "]}";

    private static HttpServer stub;
    private static CloseableHttpClient httpClient;

    @BeforeAll
    static void start() throws IOException {
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        stub.createContext("/portal", exchange -> answer(exchange, "text/html", "<html><body>Sign in to the hotel Wi-Fi</body></html>"));
        stub.createContext("/odd", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body;
            if (exchange.getRequestMethod().equals("POST")) {
                body = "{\"status\": \"pending\"}";
            } else if (path.endsWith("/v1/summary")) {
                body = "{\"appliances\": [{\"id\": \"ar-ok\", \"online\": true}]}";
            } else if (path.endsWith("/v1/appliances")) {
                body = APPLIANCES;
            } else {
                body = "{\"id\": \"someone-else\", \"type\": \"blinds\", \"online\": true}";
            }
            answer(exchange, "application/json", body);
        });
        stub.createContext("/empty", exchange -> answer(exchange, "application/json", "{\"appliances\": {}}"));
        stub.start();
        httpClient = HttpClientFactory.create(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() throws IOException {
        stub.stop(0);
        httpClient.close();
    }

    private static void answer(HttpExchange exchange, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 202 : 200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static DeviceAdapter adapterAt(String prefix) {
        String base = "http://127.0.0.1:" + stub.getAddress().getPort() + prefix;
        return new ArborAdapterFactory().create(new AdapterContext("arbor", Map.of(AdapterContext.envName("arbor", "BASE_URL"), base),
                httpClient, Duration.ofSeconds(2)));
    }

    private static AdapterException assertUnavailable(Executable call) {
        AdapterException e = assertThrows(AdapterException.class, call);
        assertEquals(Reason.VENDOR_UNAVAILABLE, e.reason(), e.getMessage());
        assertTrue(!e.getMessage().contains("arb_secret_token"), e.getMessage());
        return e;
    }

    @Test
    void aCaptivePortalIsAnUnavailableCloud() {
        DeviceAdapter portal = adapterAt("/portal");
        DeviceCommand on = new DeviceCommand.SetPower(PowerState.ON);
        assertUnavailable(() -> portal.discover(ACCOUNT));
        assertUnavailable(() -> portal.queryState(ACCOUNT, "ar-ok"));
        assertUnavailable(() -> portal.queryStates(ACCOUNT, List.of("ar-ok")));
        assertUnavailable(() -> portal.execute(ACCOUNT, "ar-ok", on));
    }

    @Test
    void undocumentedJsonIsRefusedOrSkipped() {
        DeviceAdapter odd = adapterAt("/odd");
        var devices = odd.discover(ACCOUNT);
        assertEquals(List.of("ar-ok"), devices.stream().map(d -> d.deviceId()).toList(),
                "unknown types, missing ids and undescribable specs are skipped");
        AdapterException noOperation = assertUnavailable(() -> odd.execute(ACCOUNT, "ar-ok",
                new DeviceCommand.SetRangeValue("Blind.Lift", 30)));
        assertTrue(noOperation.getMessage().contains("operationId"), noOperation.getMessage());
        AdapterException stranger = assertUnavailable(() -> odd.queryState(ACCOUNT, "ar-ok"));
        assertTrue(stranger.getMessage().contains("not about the appliance"), stranger.getMessage());
        assertUnavailable(() -> odd.queryStates(ACCOUNT, List.of("ar-ok")));
        assertUnavailable(() -> adapterAt("/empty").discover(ACCOUNT));
    }
}
