package dev.homewire.core.queue.sqs;

import dev.homewire.core.pending.PollQueue;
import dev.homewire.core.pending.PollRequest;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Puts poll requests on the poll queue with SQS {@code DelaySeconds}: the delay rounded up to
 * whole seconds and clamped to 0..900 (SQS's maximum, 15 minutes). Bodies as in {@link QueueMessages}.
 */
public final class SqsPollQueue implements PollQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SqsPollQueue.class);
    /** SQS refuses longer delays. */
    public static final int MAX_DELAY_SECONDS = 900;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsPollQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void schedule(PollRequest request, Duration delay) {
        int delaySeconds = delaySeconds(delay);
        String body = QueueMessages.toJson(request);
        String messageId = sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).delaySeconds(delaySeconds)).messageId();
        LOG.debug("poll {} of endpoint {} (user {}) in {} s as SQS message {}", request.attempt(), request.endpointId(),
                request.userId(), delaySeconds, messageId);
    }

    /** The delay in whole seconds, rounded up, within 0..{@value #MAX_DELAY_SECONDS}. */
    static int delaySeconds(Duration delay) {
        if (delay == null || delay.isNegative() || delay.isZero()) {
            return 0;
        }
        long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
        return (int) Math.min(seconds, MAX_DELAY_SECONDS);
    }
}
