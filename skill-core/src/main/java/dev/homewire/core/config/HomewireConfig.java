package dev.homewire.core.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration read from environment variables (Lambda sets them from template.yaml; the
 * devstack passes its own map). Every key and default is listed here, nowhere else.
 */
public final class HomewireConfig {
    private final Map<String, String> env;

    public HomewireConfig(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static HomewireConfig fromEnvironment() {
        return new HomewireConfig(System.getenv());
    }

    /** All variables, for adapters, which read their own {@code HOMEWIRE_ADAPTER_*} keys. */
    public Map<String, String> environment() {
        return env;
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(env.get(key)).filter(v -> !v.isBlank());
    }

    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    public String required(String key) {
        return get(key).orElseThrow(() -> new IllegalStateException("missing configuration " + key));
    }

    // --- AWS -------------------------------------------------------------------------------

    public String awsRegion() {
        return get("AWS_REGION", "us-east-1");
    }

    /** Set for DynamoDB Local-style servers; empty in AWS. */
    public Optional<URI> dynamoDbEndpoint() {
        return get("HOMEWIRE_DYNAMODB_ENDPOINT").map(URI::create);
    }

    /** Set for ElasticMQ; empty in AWS. */
    public Optional<URI> sqsEndpoint() {
        return get("HOMEWIRE_SQS_ENDPOINT").map(URI::create);
    }

    public String grantsTable() {
        return get("HOMEWIRE_TABLE_GRANTS", "homewire-grants");
    }

    public String endpointsTable() {
        return get("HOMEWIRE_TABLE_ENDPOINTS", "homewire-endpoints");
    }

    public String deviceStateTable() {
        return get("HOMEWIRE_TABLE_DEVICE_STATE", "homewire-device-state");
    }

    public String linkedAccountsTable() {
        return get("HOMEWIRE_TABLE_LINKED_ACCOUNTS", "homewire-linked-accounts");
    }

    public String directiveClaimsTable() {
        return get("HOMEWIRE_TABLE_DIRECTIVE_CLAIMS", "homewire-directive-claims");
    }

    public String pendingOperationsTable() {
        return get("HOMEWIRE_TABLE_PENDING_OPERATIONS", "homewire-pending-operations");
    }

    /** Event messageIds the dispatcher posted (at most once per messageId at the gateway). */
    public String deliveredEventsTable() {
        return get("HOMEWIRE_TABLE_DELIVERED_EVENTS", "homewire-delivered-events");
    }

    /** The newest sample time the dispatcher sent per user and endpoint (no older state after a newer one). */
    public String deliveredSamplesTable() {
        return get("HOMEWIRE_TABLE_DELIVERED_SAMPLES", "homewire-delivered-samples");
    }

    /**
     * Upper bound of one AWS SDK call (DynamoDB, SQS) including the SDK's own retries; unset: the
     * SDK's default (none). The dispatcher sets it so its worst case fits its Lambda timeout.
     */
    public Optional<Duration> awsCallTimeout() {
        return get("HOMEWIRE_AWS_CALL_TIMEOUT_MS").map(ms -> {
            long millis = Long.parseLong(ms);
            if (millis < 1) {
                throw new IllegalStateException("HOMEWIRE_AWS_CALL_TIMEOUT_MS must be positive, got " + millis);
            }
            return Duration.ofMillis(millis);
        });
    }

    public String directiveQueueUrl() {
        return required("HOMEWIRE_DIRECTIVE_QUEUE_URL");
    }

    public String outboundQueueUrl() {
        return required("HOMEWIRE_OUTBOUND_QUEUE_URL");
    }

    /**
     * The outbound queue's dead-letter queue: the dispatcher sends an event there itself, with the
     * reason, when retrying cannot help (gateway 400, 403 INSUFFICIENT_PERMISSION, retries used up).
     */
    public String outboundDeadLetterQueueUrl() {
        return required("HOMEWIRE_OUTBOUND_DLQ_URL");
    }

    /** The delay queue of the polling processor (pending operations of poll-only vendors). */
    public String pollQueueUrl() {
        return required("HOMEWIRE_POLL_QUEUE_URL");
    }

    /** The delay queue of the deadline sweep (pending operations answered before their deadline). */
    public String deadlineQueueUrl() {
        return required("HOMEWIRE_DEADLINE_QUEUE_URL");
    }

    // --- Alexa, Login with Amazon, account linking ----------------------------------------

    /** The Alexa region of this deployment; by default derived from the Lambda's AWS region. */
    public AlexaRegion alexaRegion() {
        return get("HOMEWIRE_ALEXA_REGION").map(AlexaRegion::valueOf).orElseGet(() -> AlexaRegion.forAwsRegion(awsRegion()));
    }

    public URI gatewayUrl(AlexaRegion region) {
        return URI.create(get("HOMEWIRE_GATEWAY_URL_" + region.name(), region.defaultGatewayUrl()));
    }

    public URI lwaTokenUrl() {
        return URI.create(get("HOMEWIRE_LWA_TOKEN_URL", "https://api.amazon.com/auth/o2/token"));
    }

    public String lwaClientId() {
        return required("HOMEWIRE_LWA_CLIENT_ID");
    }

    /** The skill's "Send Alexa Events" client secret. Never log it. */
    public String lwaClientSecret() {
        return required("HOMEWIRE_LWA_CLIENT_SECRET");
    }

    /** Refresh the LWA access token this long before it expires. */
    public Duration lwaRefreshMargin() {
        return Duration.ofSeconds(Long.parseLong(get("HOMEWIRE_LWA_REFRESH_MARGIN_SECONDS", "300")));
    }

    /** The account-linking provider's userinfo endpoint (GET with the bearer token). */
    public URI userInfoUrl() {
        return URI.create(required("HOMEWIRE_USERINFO_URL"));
    }

    /** Field of the userinfo answer holding the stable user id; {@code sub} and {@code user_id} are tried if unset. */
    public Optional<String> userInfoIdField() {
        return get("HOMEWIRE_USERINFO_ID_FIELD");
    }

    public Duration userInfoCacheTtl() {
        return Duration.ofSeconds(Long.parseLong(get("HOMEWIRE_USERINFO_CACHE_TTL_SECONDS", "300")));
    }

    // --- HTTP and timing --------------------------------------------------------------------

    /** Upper bound for one outbound HTTP call (LWA, gateway, userinfo, vendor clouds). */
    public Duration httpTimeout() {
        return Duration.ofMillis(Long.parseLong(get("HOMEWIRE_HTTP_TIMEOUT_MS", "3000")));
    }

    /** Time the queue and processors add to an adapter's command latency in the deferral we promise. */
    public Duration deferralOverhead() {
        return Duration.ofSeconds(Long.parseLong(get("HOMEWIRE_DEFERRAL_OVERHEAD_SECONDS", "3")));
    }

    // --- Dispatcher retries -------------------------------------------------------------------

    /**
     * Gateway attempts of one event (the first and its retries) before the dispatcher dead-letters
     * it with the reason; Alexa asks for at most 3 retries. Below the queues' maxReceiveCount, so
     * SQS's own dead-lettering (without a reason) only catches crashes.
     */
    public int dispatchMaxAttempts() {
        int attempts = Integer.parseInt(get("HOMEWIRE_DISPATCH_MAX_ATTEMPTS", "4"));
        if (attempts < 1) {
            throw new IllegalStateException("HOMEWIRE_DISPATCH_MAX_ATTEMPTS must be at least 1, got " + attempts);
        }
        return attempts;
    }

    /** The first retry's pause (then doubled per attempt, jittered); Alexa asks for at least 1 s. */
    public Duration dispatchRetryBase() {
        Duration base = nonNegativeMillis("HOMEWIRE_DISPATCH_RETRY_BASE_MS", "1000");
        if (base.toMillis() < 1000) {
            throw new IllegalStateException("HOMEWIRE_DISPATCH_RETRY_BASE_MS must be at least 1000 (Alexa: retries >= 1 s apart)");
        }
        return base;
    }

    /** The longest pause between two attempts (a 429's Retry-After may ask for more, up to SQS's 12 h). */
    public Duration dispatchRetryMax() {
        return nonNegativeMillis("HOMEWIRE_DISPATCH_RETRY_MAX_MS", "30000");
    }

    // --- Polling fast path and background sync ----------------------------------------------

    /** The polling processor's first backoff step: the pause after the first poll of a pending operation. */
    public Duration pollBaseInterval() {
        return nonNegativeMillis("HOMEWIRE_POLL_BASE_INTERVAL_MS", "1000");
    }

    /** The longest pause between two polls of a pending operation. */
    public Duration pollMaxInterval() {
        return nonNegativeMillis("HOMEWIRE_POLL_MAX_INTERVAL_MS", "5000");
    }

    /**
     * Kept free before a pending operation's deadline for the dispatcher to post the answer: a poll
     * that would land later is not scheduled and the operation fails at once instead.
     */
    public Duration pollDispatchMargin() {
        return nonNegativeMillis("HOMEWIRE_POLL_DISPATCH_MARGIN_MS", "1500");
    }

    /**
     * How often each user's poll-only devices are synced in the background. EventBridge Scheduler
     * rounds it up to whole minutes (its minimum is one); the devstack's in-process timer takes
     * seconds as they are.
     */
    public Duration syncInterval() {
        long seconds = Long.parseLong(get("HOMEWIRE_SYNC_INTERVAL_SECONDS", "300"));
        if (seconds < 1) {
            throw new IllegalStateException("HOMEWIRE_SYNC_INTERVAL_SECONDS must be at least 1, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /**
     * How often background sync discovers a poll-only account again to notice devices added or
     * renamed at the vendor (a device that stops being reported triggers it at once).
     */
    public Duration rediscoveryInterval() {
        long seconds = Long.parseLong(get("HOMEWIRE_REDISCOVERY_INTERVAL_SECONDS", "900"));
        if (seconds < 1) {
            throw new IllegalStateException("HOMEWIRE_REDISCOVERY_INTERVAL_SECONDS must be at least 1, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    /** The EventBridge Scheduler schedule group holding the users' sync schedules. */
    public String scheduleGroup() {
        return get("HOMEWIRE_SCHEDULE_GROUP", "default");
    }

    /** ARN of the sync queue ({@code <prefix>-sync}) the schedules send their messages to. */
    public String syncQueueArn() {
        return required("HOMEWIRE_SYNC_QUEUE_ARN");
    }

    /** ARN of the role EventBridge Scheduler assumes to send to the sync queue ({@code sqs:SendMessage}). */
    public String schedulerRoleArn() {
        return required("HOMEWIRE_SCHEDULER_ROLE_ARN");
    }

    /** Set for a local or fake Scheduler API; empty in AWS. */
    public Optional<URI> schedulerEndpoint() {
        return get("HOMEWIRE_SCHEDULER_ENDPOINT").map(URI::create);
    }

    // --- Vendor circuit breakers ---------------------------------------------------------------

    /** Each vendor cloud's circuit-breaker row shared by every instance (UP/DOWN, open until, probe lease). */
    public String vendorStatusTable() {
        return get("HOMEWIRE_TABLE_VENDOR_STATUS", "homewire-vendor-status");
    }

    /**
     * How long a vendor's circuit breaker stays open (every instance fails fast, the vendor is not
     * called) before one instance probes it again.
     */
    public Duration breakerOpenInterval() {
        long seconds = Long.parseLong(get("HOMEWIRE_BREAKER_OPEN_SECONDS", "30"));
        if (seconds < 1) {
            throw new IllegalStateException("HOMEWIRE_BREAKER_OPEN_SECONDS must be at least 1, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private Duration nonNegativeMillis(String key, String defaultValue) {
        long millis = Long.parseLong(get(key, defaultValue));
        if (millis < 0) {
            throw new IllegalStateException(key + " must not be negative, got " + millis);
        }
        return Duration.ofMillis(millis);
    }
}
