package dev.homewire.core.schedule;

import dev.homewire.core.config.HomewireConfig;
import dev.homewire.core.util.Hashes;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.SchedulerClientBuilder;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;

/**
 * One EventBridge Scheduler schedule per user with poll-only devices: every
 * {@code rate(N minutes)} it sends {@link SyncMessage} for the user to the sync queue, whose Lambda
 * runs the background sync.
 *
 * <p>Schedule names allow only {@code [0-9a-zA-Z-_.]}, at most 64 characters, and user ids may
 * hold anything, so the name is {@code homewire-sync-} and the first 40 hex digits of the
 * SHA-256 of the user id (160 bits: collisions are not a concern). The user id itself only
 * travels in the target input. Schedule names are unique per group: give each deployment its own
 * group ({@code HOMEWIRE_SCHEDULE_GROUP}).
 *
 * <p>{@link #ensureSchedule} is CreateSchedule, an existing schedule ({@code ConflictException})
 * counting as success; {@link #deleteSchedule} is DeleteSchedule, a missing one
 * ({@code ResourceNotFoundException}) counting as success. Other failures propagate as the SDK's
 * exceptions; callers decide whether they matter (discovery and the dispatcher only log them).
 */
public final class EventBridgeSyncScheduler implements SyncScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(EventBridgeSyncScheduler.class);

    public static final String NAME_PREFIX = "homewire-sync-";
    private static final int HASH_HEX_DIGITS = 40;
    /** EventBridge Scheduler's finest rate. */
    private static final Duration MINIMUM_RATE = Duration.ofMinutes(1);

    private final Supplier<SchedulerClient> client;
    private final Supplier<Settings> settings;

    /**
     * @param group          schedule group of this deployment
     * @param interval       how often each user is synced (rounded up to whole minutes, at least one)
     * @param syncQueueArn   the SQS queue the schedules send to
     * @param roleArn        the role EventBridge Scheduler assumes to send to that queue
     */
    public record Settings(String group, Duration interval, String syncQueueArn, String roleArn) {
        public Settings {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(syncQueueArn, "syncQueueArn");
            Objects.requireNonNull(roleArn, "roleArn");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval must be positive, got " + interval);
            }
        }

        public static Settings fromConfig(HomewireConfig config) {
            return new Settings(config.scheduleGroup(), config.syncInterval(), config.syncQueueArn(), config.schedulerRoleArn());
        }
    }

    public EventBridgeSyncScheduler(SchedulerClient client, Settings settings) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(settings, "settings");
        this.client = () -> client;
        this.settings = () -> settings;
    }

    private EventBridgeSyncScheduler(Supplier<SchedulerClient> client, Supplier<Settings> settings) {
        this.client = client;
        this.settings = settings;
    }

    /**
     * The scheduler of this deployment, with its own client (build it once per process). Client and
     * settings are made on first use, so a Lambda that never schedules needs none of the settings,
     * and missing ones surface as an exception of {@link #ensureSchedule} / {@link #deleteSchedule},
     * not when the process starts.
     */
    public static EventBridgeSyncScheduler fromConfig(HomewireConfig config) {
        Objects.requireNonNull(config, "config");
        return new EventBridgeSyncScheduler(memoize(() -> client(config)), memoize(() -> Settings.fromConfig(config)));
    }

    /**
     * A Scheduler client on the URL-connection HTTP client (as {@code AwsClients} builds the others),
     * each call bounded by the configured HTTP timeout. An endpoint override (a local or fake API)
     * comes with static dummy credentials.
     */
    public static SchedulerClient client(HomewireConfig config) {
        Duration timeout = config.httpTimeout();
        // callTimeout(config) is the whole call: two attempts of the HTTP timeout each
        SchedulerClientBuilder builder = SchedulerClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
                .region(Region.of(config.awsRegion()))
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(timeout).apiCallTimeout(callTimeout(config)));
        config.schedulerEndpoint().ifPresentOrElse(
                uri -> builder.endpointOverride(uri)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))),
                () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        return builder.build();
    }

    /** The longest one Scheduler call may take (the SDK's retries included), for callers' time budgets. */
    public static Duration callTimeout(HomewireConfig config) {
        return config.httpTimeout().multipliedBy(2);
    }

    @Override
    public void ensureSchedule(String userId) {
        String name = scheduleName(userId);
        Settings settings = this.settings.get();
        try {
            client.get().createSchedule(b -> b
                    .name(name)
                    .groupName(settings.group())
                    .description("Homewire background sync of one user's poll-only devices")
                    .scheduleExpression(rateExpression(settings.interval()))
                    .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .state(ScheduleState.ENABLED)
                    .target(t -> t
                            .arn(settings.syncQueueArn())
                            .roleArn(settings.roleArn())
                            .input(SyncMessage.toJson(userId))
                            // a sync that could not be delivered within one interval is superseded by the next
                            .retryPolicy(r -> r.maximumEventAgeInSeconds(maximumEventAgeSeconds(settings.interval()))
                                    .maximumRetryAttempts(2))));
            LOG.info("sync schedule {} created for user {} ({})", name, userId, rateExpression(settings.interval()));
        } catch (ConflictException e) {
            LOG.debug("sync schedule {} of user {} already exists", name, userId);
        }
    }

    @Override
    public void deleteSchedule(String userId) {
        String name = scheduleName(userId);
        Settings settings = this.settings.get();
        try {
            client.get().deleteSchedule(b -> b.name(name).groupName(settings.group()));
            LOG.info("sync schedule {} of user {} deleted", name, userId);
        } catch (ResourceNotFoundException e) {
            LOG.debug("user {} had no sync schedule {}", userId, name);
        }
    }

    /** {@code homewire-sync-} + 40 hex digits of SHA-256(userId): 54 characters of {@code [0-9a-z-]}. */
    public static String scheduleName(String userId) {
        Objects.requireNonNull(userId, "userId");
        return NAME_PREFIX + Hashes.sha256Hex(userId).substring(0, HASH_HEX_DIGITS);
    }

    /** {@code rate(1 minute)}, {@code rate(N minutes)}: the interval rounded up to whole minutes, at least one. */
    public static String rateExpression(Duration interval) {
        long minutes = Math.max(MINIMUM_RATE.toMinutes(), (interval.getSeconds() + (interval.getNano() > 0 ? 1 : 0) + 59) / 60);
        return minutes == 1 ? "rate(1 minute)" : "rate(" + minutes + " minutes)";
    }

    /** Thread-safe; a failed creation is tried again on the next call. */
    private static <T> Supplier<T> memoize(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            v = factory.get();
                            value = v;
                        }
                    }
                }
                return v;
            }
        };
    }

    /** EventBridge Scheduler accepts 60 s to 24 h. */
    static int maximumEventAgeSeconds(Duration interval) {
        return (int) Math.max(60, Math.min(86_400, interval.getSeconds()));
    }
}
