package dev.homewire.testkit;

import com.sun.net.httpserver.HttpServer;
import dev.homewire.adapter.spi.WebhookRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback HTTP server standing in for our webhook route: it records each delivery exactly as
 * received (headers and raw body), answers 200, and lets the kit hand deliveries to the
 * adapter's parser — untouched or tampered with.
 */
public final class WebhookCapture implements AutoCloseable {
    static {
        // as SimulatedCloud does: the JDK reads it once, at its first HttpServer, whichever class makes it
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final LinkedBlockingQueue<WebhookRequest> deliveries = new LinkedBlockingQueue<>();

    public WebhookCapture() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, new ArrayList<>(v)));
            deliveries.add(new WebhookRequest(headers, body, Instant.now()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks");
    }

    /** The next delivery, or null when none arrives in time. */
    public WebhookRequest next(Duration timeout) {
        try {
            return deliveries.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Forgets deliveries received so far. */
    public void clear() {
        deliveries.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
