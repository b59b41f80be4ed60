package dev.homewire.simulator.aegis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Aegis's webhook delivery (docs/vendors/aegis-cloud-api.md, "Webhooks"): events queued in the
 * order they happened and sent one at a time to the connected URL, each signed afresh on every
 * attempt ({@code Aegis-Timestamp}, {@code Aegis-Signature: v1=<hex HMAC-SHA256 of
 * "<timestamp>.<body>">}), retried twice (after 0.5 s and 2 s) when the receiver fails or answers
 * anything but 2xx, then dropped. Thread-safe: the queue is guarded by one monitor, which is never
 * held while waiting for a receiver.
 */
final class WebhookPublisher {
    static final String EVENT_ID_HEADER = "Aegis-Event-Id";
    static final String TIMESTAMP_HEADER = "Aegis-Timestamp";
    static final String SIGNATURE_HEADER = "Aegis-Signature";

    /** Pauses before the second and third delivery attempt of an event. */
    static final List<Duration> RETRY_BACKOFF = List.of(Duration.ofMillis(500), Duration.ofSeconds(2));
    /** How long one delivery attempt waits for the receiver's answer. */
    static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(WebhookPublisher.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String secret;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();

    private final Object lock = new Object();
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>(); // guarded by lock
    private boolean delivering; // guarded by lock
    private boolean stopped; // guarded by lock

    private volatile URI url;
    private volatile ScheduledExecutorService retries;
    private volatile ExecutorService pool;
    private volatile HttpClient client;

    private record Delivery(String eventId, byte[] body, int attempt) {
    }

    WebhookPublisher(String secret) {
        this.secret = secret;
    }

    /** Starts the HTTP client; retries are scheduled on {@code retryScheduler}. */
    void start(ScheduledExecutorService retryScheduler, ThreadFactory threads) {
        retries = retryScheduler;
        pool = Executors.newCachedThreadPool(threads);
        client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(pool)
                .build();
    }

    /** Drops queued events and stops the client's threads; nothing is delivered afterwards. */
    void stop() {
        synchronized (lock) {
            stopped = true;
            queue.clear();
        }
        ExecutorService threads = pool;
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    /** Where events go from now on (an absolute http(s) URL); null stops deliveries. */
    void connect(URI webhookUrl) {
        if (webhookUrl != null) {
            String scheme = webhookUrl.getScheme() == null ? "" : webhookUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || webhookUrl.getHost() == null) {
                throw new IllegalArgumentException("webhook URL must be an absolute http(s) URL: " + webhookUrl);
            }
        }
        this.url = webhookUrl;
    }

    /** Queues an event; dropped when no URL is connected (as Aegis drops events of an integration without a webhook). */
    void publish(ObjectNode event) {
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a webhook event", e);
        }
        synchronized (lock) {
            if (stopped || client == null || url == null) {
                LOG.log(System.Logger.Level.DEBUG, "Aegis simulator: no webhook connected, dropping {0}", event.path("type").asText());
                return;
            }
            queue.add(new Delivery(event.path("event_id").asText(), body, 1));
            if (!delivering) {
                delivering = true;
                deliverNext();
            }
        }
    }

    int attempts() {
        return attempts.get();
    }

    int delivered() {
        return delivered.get();
    }

    int abandoned() {
        return abandoned.get();
    }

    /** Sends the head of the queue; the caller holds the lock and has set {@code delivering}. */
    private void deliverNext() {
        Delivery delivery = queue.poll();
        URI target = url;
        if (delivery == null || stopped || target == null) {
            delivering = false;
            queue.clear();
            return;
        }
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(DELIVERY_TIMEOUT)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Aegis-Webhooks/2.1")
                .header(EVENT_ID_HEADER, delivery.eventId())
                .header(TIMESTAMP_HEADER, timestamp)
                .header(SIGNATURE_HEADER, "v1=" + sign(secret, timestamp, delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                .build();
        attempts.incrementAndGet();
        try {
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> answered(delivery, response, failure));
        } catch (RuntimeException closing) {
            answered(delivery, null, closing);
        }
    }

    private void answered(Delivery delivery, HttpResponse<Void> response, Throwable failure) {
        synchronized (lock) {
            if (failure == null && response.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                deliverNext();
                return;
            }
            String problem = failure != null ? failure.getClass().getSimpleName() : "HTTP " + response.statusCode();
            if (delivery.attempt() > RETRY_BACKOFF.size() || stopped) {
                abandoned.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "Aegis simulator: webhook {0} abandoned after {1} attempts ({2})",
                        delivery.eventId(), delivery.attempt(), problem);
                deliverNext();
                return;
            }
            Duration pause = RETRY_BACKOFF.get(delivery.attempt() - 1);
            queue.addFirst(new Delivery(delivery.eventId(), delivery.body(), delivery.attempt() + 1));
            try {
                retries.schedule(() -> {
                    synchronized (lock) {
                        deliverNext();
                    }
                }, pause.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException shutDown) {
                delivering = false;
                queue.clear();
            }
        }
    }

    /** Lower-case hex HMAC-SHA256 of {@code "<timestamp>.<body>"}, keyed with the secret's UTF-8 bytes. */
    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
