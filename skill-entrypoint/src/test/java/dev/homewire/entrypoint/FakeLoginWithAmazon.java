package dev.homewire.entrypoint;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Login with Amazon's token endpoint on 127.0.0.1: a real JDK HTTP server answering as scripted. */
final class FakeLoginWithAmazon implements AutoCloseable {
    static final String ACCESS_TOKEN = "Atza|lwa-access-token-9999";
    static final String REFRESH_TOKEN = "Atzr|lwa-refresh-token-8888";

    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    volatile String body = "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"refresh_token\":\"" + REFRESH_TOKEN
            + "\",\"token_type\":\"bearer\",\"expires_in\":3600}";

    FakeLoginWithAmazon() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/auth/o2/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("_method", exchange.getRequestMethod());
            fields.put("_contentType", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            for (String pair : form.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            requests.add(fields);
            byte[] answer = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    void refuseWithInvalidGrant() {
        status = 400;
        body = "{\"error\":\"invalid_grant\",\"error_description\":\"The request has an invalid grant parameter : code\"}";
    }

    URI tokenUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/auth/o2/token");
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
        }
    }
}
