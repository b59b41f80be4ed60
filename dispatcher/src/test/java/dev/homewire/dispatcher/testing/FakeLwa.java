package dev.homewire.dispatcher.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Login with Amazon's token endpoint on a loopback port. By default every refresh succeeds with
 * {@code access-N} / {@code refresh-N} (N counting from 1) valid for 3600 s; answers can be scripted.
 */
public final class FakeLwa implements AutoCloseable {
    public record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final AtomicInteger issued = new AtomicInteger();
    private final Deque<Answer> scripted = new ArrayDeque<>();
    public final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    /** Runs on each request before it is answered (e.g. to change the grant store meanwhile). */
    public volatile Consumer<Map<String, String>> onRequest = form -> { };
    public volatile long delayMillis;
    /**
     * When set, LWA rotates refresh tokens strictly: only the newest one issued (at first
     * {@code refresh-0}) is accepted, any older one answers {@code invalid_grant}. A stampede of
     * refreshes, or a lost newest refresh token, then shows as errors.
     */
    public volatile boolean strictRotation;
    private volatile String newestRefreshToken = "refresh-0";

    public FakeLwa() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/auth/o2/token", this::handle);
        server.start();
    }

    public URI tokenUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/auth/o2/token");
    }

    public synchronized void answerNext(int status, String body) {
        scripted.add(new Answer(status, body));
    }

    public void answerInvalidGrantNext() {
        answerNext(400, "{\"error\":\"invalid_grant\",\"error_description\":\"The request has an invalid grant parameter\"}");
    }

    /** The refresh token LWA issued last (with {@link #strictRotation}, the only valid one). */
    public String newestRefreshToken() {
        return newestRefreshToken;
    }

    public int calls() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(form);
        onRequest.accept(form);
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Answer answer;
        synchronized (this) {
            answer = scripted.poll();
            if (answer == null && strictRotation && !newestRefreshToken.equals(form.get("refresh_token"))) {
                answer = new Answer(400, "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token was rotated\"}");
            }
            if (answer == null) {
                int n = issued.incrementAndGet();
                newestRefreshToken = "refresh-" + n;
                answer = new Answer(200, "{\"access_token\":\"access-" + n + "\",\"refresh_token\":\"refresh-" + n
                        + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
            }
        }
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
