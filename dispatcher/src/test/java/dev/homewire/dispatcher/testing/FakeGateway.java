package dev.homewire.dispatcher.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.homewire.core.config.AlexaRegion;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The Alexa event gateways of all three regions on one loopback port ({@code /na|eu|fe/v3/events}).
 * Records every request; answers 202 unless told otherwise.
 */
public final class FakeGateway implements AutoCloseable {
    /** @param contentType every Content-Type header sent, comma-joined */
    public record Request(String path, String authorization, String contentType, String body) {
    }

    private record Answer(int status, String body, String retryAfter) {
    }

    private final HttpServer server;
    private final Deque<Answer> scripted = new ArrayDeque<>();
    public final List<Request> requests = new CopyOnWriteArrayList<>();

    public FakeGateway() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url(AlexaRegion region) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + region.name().toLowerCase(Locale.ROOT)
                + "/v3/events");
    }

    /** The next request is answered 202 (to script a failure after it). */
    public synchronized void acceptNext() {
        scripted.add(new Answer(202, "", null));
    }

    /** The next request is answered with this status and the gateway's error body for {@code code}. */
    public synchronized void failNext(int status, String code) {
        failNext(status, code, null);
    }

    /** As {@link #failNext(int, String)}, with a {@code Retry-After} header (seconds) unless null. */
    public synchronized void failNext(int status, String code, Integer retryAfterSeconds) {
        scripted.add(new Answer(status, "{\"header\":{\"namespace\":\"System\",\"name\":\"Exception\",\"messageId\":"
                + "\"5f8a426e-01e4-4cc9-8b79-65f8bd0fd8a4\"},\"payload\":{\"code\":\"" + code
                + "\",\"description\":\"scripted failure\"}}", retryAfterSeconds == null ? null : retryAfterSeconds.toString()));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Authorization"),
                String.join(", ", exchange.getRequestHeaders().getOrDefault("Content-Type", java.util.List.of())), body));
        Answer answer;
        synchronized (this) {
            answer = scripted.poll();
        }
        if (answer == null || answer.status() == 202) {
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
            return;
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
        }
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
