package dev.homewire.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A {@link SimulatedCloud} of a push vendor: commands answer {@code 202} with an operation that
 * completes {@linkplain #operationDelay() a moment later}, and its outcome — like every other
 * change — is pushed as a signed webhook. What such a cloud shares with the others, so that it
 * only writes its API, its devices and its events:
 * <ul>
 *   <li>the webhook delivery, a {@link SignedWebhookSender} made with the cloud's secret:
 *       {@link #connectWebhook(URI)}, {@link #publish(JsonNode)} and the counters
 *       {@link #webhookAttempts()}, {@link #deliveredWebhooks()}, {@link #abandonedWebhooks()};</li>
 *   <li>{@link #adapterSettings()}: {@value #BASE_URL} and {@value #WEBHOOK_SECRET} (the sender's secret);</li>
 *   <li>one event thread ({@link #events()}, {@code <adapterId>-sim-events}): operations the cloud
 *       schedules there complete in the order they were accepted, never on an API thread, and
 *       webhook retries wait there too; the sender's HTTP client runs on
 *       {@code <adapterId>-sim-webhook} threads;</li>
 *   <li>the {@linkplain #setOperationDelay operation delay}, which the cloud applies when it schedules an operation.</li>
 * </ul>
 * {@link #onStart()} starts the event thread and the sender; {@link #onStop()} drops queued webhooks
 * and stops both. A cloud that starts or stops more overrides them and calls {@code super}.
 */
public abstract class SimulatedPushCloud extends SimulatedCloud {

    /** Setting key of {@link #adapterSettings()}: the secret webhooks are signed with. */
    public static final String WEBHOOK_SECRET = "WEBHOOK_SECRET";

    private final SignedWebhookSender webhooks;
    private volatile Duration operationDelay = Duration.ZERO;
    private volatile ScheduledThreadPoolExecutor events;

    /**
     * A cloud that is not started yet; set its {@link #setOperationDelay operation delay} in the
     * subclass's constructor.
     *
     * @param webhooks how the cloud delivers its webhooks, signed with its (usually random) secret
     * @see SimulatedCloud#SimulatedCloud(String, String, String, List)
     */
    protected SimulatedPushCloud(String adapterId, String vendorName, String apiRoot, List<DemoAccount> demoAccounts,
                                 SignedWebhookSender webhooks) {
        super(adapterId, vendorName, apiRoot, demoAccounts);
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
    }

    // ------------------------------------------------------------------ configuration

    /** How long accepted operations take until they complete and their webhook is sent. */
    public Duration operationDelay() {
        return operationDelay;
    }

    /** Changes the delay for operations accepted from now on. */
    public void setOperationDelay(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("operation delay must not be negative");
        }
        this.operationDelay = delay;
    }

    /** The shared secret webhooks are signed with (also {@code adapterSettings().get("WEBHOOK_SECRET")}). */
    public String webhookSecret() {
        return webhooks.secret();
    }

    // ------------------------------------------------------------------ VendorCloudSimulator

    /** Starts the event thread and the webhook client. */
    @Override
    protected void onStart() {
        // One thread: operations accepted in order complete in order; webhook retries wait here too.
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads(adapterId() + "-sim-events"));
        scheduler.setRemoveOnCancelPolicy(true);
        events = scheduler;
        webhooks.start(scheduler, daemonThreads(adapterId() + "-sim-webhook"));
    }

    /** Drops queued webhooks and stops the event thread and the webhook client. */
    @Override
    protected void onStop() {
        webhooks.stop();
        ScheduledThreadPoolExecutor scheduler = events;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** The base class's settings ({@code BASE_URL}) and {@code WEBHOOK_SECRET}. */
    @Override
    public Map<String, String> adapterSettings() {
        Map<String, String> settings = new HashMap<>(super.adapterSettings());
        settings.put(WEBHOOK_SECRET, webhooks.secret());
        return Map.copyOf(settings);
    }

    /**
     * Where webhooks go from now on (an http(s) URL); {@code null} stops deliveries. Events raised
     * while no URL is connected are dropped, as a vendor drops events for an integration without
     * a webhook.
     *
     * @throws IllegalArgumentException when the URL is not an absolute http(s) URL
     */
    @Override
    public void connectWebhook(URI url) {
        webhooks.connect(url);
    }

    // ------------------------------------------------------------------ counters for tests

    /** Webhook delivery attempts made so far (first tries and retries). */
    public int webhookAttempts() {
        return webhooks.attempts();
    }

    /** Webhooks the receiver acknowledged with a 2xx answer. */
    public int deliveredWebhooks() {
        return webhooks.delivered();
    }

    /** Webhooks given up on after every attempt failed. */
    public int abandonedWebhooks() {
        return webhooks.abandoned();
    }

    // ------------------------------------------------------------------ for the cloud

    /**
     * The event thread, for the cloud's operations ({@code events().schedule(…, operationDelay())}).
     * Null before {@link #start(int)}; rejects tasks once closed.
     */
    protected final ScheduledExecutorService events() {
        return events;
    }

    /**
     * Schedules an accepted operation's completion on the {@linkplain #events() event thread},
     * {@link #operationDelay()} from now (so operations complete in the order accepted); not at
     * all when {@link #dropCommands()}: the operation is accepted but never applied.
     *
     * @throws ApiError {@code 503 unavailable} ({@code "shutting down"}) when the cloud is closing
     */
    protected final void scheduleOperation(Runnable completion) throws ApiError {
        if (dropCommands()) {
            return;
        }
        try {
            events().schedule(completion, operationDelay().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closing) {
            throw ApiError.of(503, "unavailable", "shutting down");
        }
    }

    /** A new operation id: {@code op_} and 24 random hex digits. */
    protected static String newOperationId() {
        return "op_" + randomHex(12);
    }

    /** A new event id: {@code evt_} and 24 random hex digits. */
    protected static String newEventId() {
        return "evt_" + randomHex(12);
    }

    /**
     * Queues an event (a JSON object with its {@code event_id} and {@code type}) for delivery after
     * those raised before it; dropped once the cloud is closed, and while no webhook is connected.
     */
    protected final void publish(JsonNode event) {
        if (!isClosed()) {
            webhooks.publish(event);
        }
    }
}
