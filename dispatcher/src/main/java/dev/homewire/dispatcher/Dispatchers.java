package dev.homewire.dispatcher;

import dev.homewire.core.SkillRuntime;
import dev.homewire.core.aws.AwsClients;
import dev.homewire.core.config.HomewireConfig;
import dev.homewire.core.schedule.EventBridgeSyncScheduler;
import java.time.Duration;

/** Wires the dispatcher from the composition root: the same for Lambda and the devstack. */
public final class Dispatchers {
    private Dispatchers() {
    }

    /**
     * How long one token refresh may take: LWA's deadline (the HTTP timeout) and the lease, save and
     * release writes. It is the refresh lease, and how long others wait for it.
     */
    public static Duration refreshLease(HomewireConfig config) {
        return config.httpTimeout().plus(AwsClients.callTimeout(config).multipliedBy(3));
    }

    /**
     * The worst case of one event, to fit the dispatcher's Lambda timeout: the LWA phase (a refresh,
     * or waiting for another container's: {@link #refreshLease}), two gateway posts (the HTTP
     * timeout each, a hard deadline), deleting a sync schedule ({@code schedulerCallTimeout}) and
     * {@link EventDispatcher#MAX_AWS_CALLS_PER_EVENT} DynamoDB/SQS calls.
     */
    public static Duration worstCasePerEvent(HomewireConfig config, Duration schedulerCallTimeout) {
        Duration aws = AwsClients.callTimeout(config);
        return refreshLease(config)
                .plus(config.httpTimeout().multipliedBy(2))
                .plus(schedulerCallTimeout)
                .plus(aws.multipliedBy(EventDispatcher.MAX_AWS_CALLS_PER_EVENT));
    }

    /** How long a claim of an event's messageId holds: twice the worst case, so it outlives any live attempt. */
    public static Duration claimLease(HomewireConfig config, Duration schedulerCallTimeout) {
        return worstCasePerEvent(config, schedulerCallTimeout).multipliedBy(2);
    }

    public static EventDispatcher eventDispatcher(SkillRuntime runtime) {
        HomewireConfig config = runtime.config();
        LwaTokenProvider tokens = new LwaTokenProvider(runtime.grants(), runtime.lwa(), runtime.clock(),
                config.lwaRefreshMargin(), refreshLease(config));
        GatewayClient gateway = new GatewayClient(runtime.httpClient(), config::gatewayUrl, config.httpTimeout());
        RetrySchedule retries = new RetrySchedule(config.dispatchMaxAttempts(), config.dispatchRetryBase(), config.dispatchRetryMax());
        return new EventDispatcher(runtime.grants(), tokens, gateway, runtime.syncScheduler(), runtime.deliveredEvents(),
                runtime.deliveredSampleTimes(), retries, claimLease(config, EventBridgeSyncScheduler.callTimeout(config)), runtime.clock());
    }

    /** The SQS batch handler of the outbound queue. */
    public static OutboundBatchHandler batchHandler(SkillRuntime runtime) {
        HomewireConfig config = runtime.config();
        return new OutboundBatchHandler(eventDispatcher(runtime), new SqsOutboundRecords(runtime.sqs(), config.outboundQueueUrl(),
                config.outboundDeadLetterQueueUrl(), runtime.outboundQueue(), runtime.clock()));
    }
}
