package dev.homewire.simulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Objects;
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
 * The webhook delivery of a simulated push cloud, as the vendors document theirs: events queued in
 * the order they happened and {@code POST}ed one at a time to the connected URL, each attempt
 * signed afresh, retried twice ({@link #RETRY_BACKOFF}, after 0.5 s and 2 s) when the receiver
 * fails, does not answer within {@link #DELIVERY_TIMEOUT} or answers anything but 2xx, then dropped.
 *
 * <h2>A delivery</h2>
 * <pre>
 * POST &lt;connected URL&gt;
 * Content-Type: application/json; charset=utf-8
 * User-Agent: &lt;user agent&gt;
 * &lt;event id header&gt;: &lt;the event's event_id&gt;
 * &lt;timestamp header&gt;: &lt;epoch seconds of this attempt&gt;
 * &lt;signature header&gt;: v1=&lt;lower-case hex HMAC-SHA256, keyed with the secret's UTF-8 bytes, of "&lt;timestamp&gt;." + body&gt;
 *
 * &lt;the event as JSON, the same bytes on every attempt&gt;
 * </pre>
 * What an adapter checks with {@code dev.homewire.adapter.spi.http.WebhookSignatures}.
 *
 * <h2>Life cycle</h2>
 * {@link #start Started} with the scheduler retries wait on and a thread factory for the HTTP
 * client, {@link #connect connected} to the receiver's URL, {@link #stop stopped} when the cloud
 * closes; {@link SimulatedPushCloud} does all three for a cloud that extends it. Events
 * {@link #publish published} while it is not started, stopped, or not connected are dropped, as a
 * vendor drops events of an integration without a webhook. {@link #attempts()},
 * {@link #delivered()} and {@link #abandoned()} count for tests.
 *
 * <p>Thread-safe: the queue is guarded by one monitor, which is never held while waiting for a
 * receiver. Never deployed; uses the JDK's {@link HttpClient}.
 *
 * <pre>{@code
 * sender = new SignedWebhookSender("Acme", webhookSecret,
 *         new SignedWebhookSender.Headers("Acme-Event-Id", "Acme-Timestamp", "Acme-Signature"), "Acme-Webhooks/1.0");
 * }</pre>
 */
public final class SignedWebhookSender {

    /** Pauses before the second and third delivery attempt of an event. */
    public static final List<Duration> RETRY_BACKOFF = List.of(Duration.ofMillis(500), Duration.ofSeconds(2));
    /** How long one delivery attempt waits for the receiver's answer. */
    public static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(SignedWebhookSender.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String vendor;
    private final String secret;
    private final Headers headers;
    private final String userAgent;

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

    /**
     * The header names of a vendor's deliveries.
     *
     * @param eventId   names the event ({@code event_id}), the same on every attempt, e.g. {@code Acme-Event-Id}
     * @param timestamp holds the attempt's signed timestamp in epoch seconds, e.g. {@code Acme-Timestamp}
     * @param signature holds {@code v1=<signature>}, e.g. {@code Acme-Signature}
     */
    public record Headers(String eventId, String timestamp, String signature) {
        public Headers {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(timestamp, "timestamp");
            Objects.requireNonNull(signature, "signature");
        }
    }

    /**
     * A sender that is not started yet.
     *
     * @param vendor    the vendor's name as logs show it, e.g. {@code "Latchkey"}
     * @param secret    the webhook signing secret (as the cloud's {@code WEBHOOK_SECRET} setting gives it to the adapter)
     * @param headers   the vendor's header names
     * @param userAgent the {@code User-Agent} of deliveries, e.g. {@code Acme-Webhooks/1.0}
     */
    public SignedWebhookSender(String vendor, String secret, Headers headers, String userAgent) {
        this.vendor = Objects.requireNonNull(vendor, "vendor");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    /**
     * Starts the HTTP client (a connect timeout of 2 s, no redirects) on a cached pool of
     * {@code threads}; retries wait on {@code retryScheduler}, which the cloud owns and shuts down.
     */
    public void start(ScheduledExecutorService retryScheduler, ThreadFactory threads) {
        retries = Objects.requireNonNull(retryScheduler, "retryScheduler");
        pool = Executors.newCachedThreadPool(threads);
        client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(pool)
                .build();
    }

    /** Drops queued events and stops the client's threads; nothing is delivered afterwards. */
    public void stop() {
        synchronized (lock) {
            stopped = true;
            queue.clear();
        }
        ExecutorService threads = pool;
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    /**
     * Where events go from now on; null stops deliveries.
     *
     * @throws IllegalArgumentException when the URL is not an absolute http(s) URL
     */
    public void connect(URI webhookUrl) {
        if (webhookUrl != null) {
            String scheme = webhookUrl.getScheme() == null ? "" : webhookUrl.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || webhookUrl.getHost() == null) {
                throw new IllegalArgumentException("webhook URL must be an absolute http(s) URL: " + webhookUrl);
            }
        }
        this.url = webhookUrl;
    }

    /**
     * Queues an event (a JSON object with its {@code event_id} and {@code type}) for delivery after
     * those queued before it; dropped when not started, stopped or no URL is connected.
     */
    public void publish(JsonNode event) {
        byte[] body;
        try {
            body = MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a webhook event", e);
        }
        synchronized (lock) {
            if (stopped || client == null || url == null) {
                LOG.log(System.Logger.Level.DEBUG, "{0} simulator: no webhook connected, dropping {1}", vendor,
                        event.path("type").asText());
                return;
            }
            queue.add(new Delivery(event.path("event_id").asText(), body, 1));
            if (!delivering) {
                delivering = true;
                deliverNext();
            }
        }
    }

    /** The secret deliveries are signed with. */
    public String secret() {
        return secret;
    }

    /** Delivery attempts made so far (first tries and retries). */
    public int attempts() {
        return attempts.get();
    }

    /** Events the receiver acknowledged with a 2xx answer. */
    public int delivered() {
        return delivered.get();
    }

    /** Events given up on after every attempt failed. */
    public int abandoned() {
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
                .header("User-Agent", userAgent)
                .header(headers.eventId(), delivery.eventId())
                .header(headers.timestamp(), timestamp)
                .header(headers.signature(), "v1=" + sign(secret, timestamp, delivery.body()))
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
                LOG.log(System.Logger.Level.WARNING, "{0} simulator: webhook {1} abandoned after {2} attempts ({3})",
                        vendor, delivery.eventId(), delivery.attempt(), problem);
                deliverNext();
                return;
            }
            Duration pause = RETRY_BACKOFF.get(delivery.attempt() - 1);
            LOG.log(System.Logger.Level.DEBUG, "{0} simulator: webhook {1} attempt {2} failed ({3}); retrying in {4} ms",
                    vendor, delivery.eventId(), delivery.attempt(), problem, pause.toMillis());
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
