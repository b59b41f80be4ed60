package dev.homewire.core.queue.sqs;

import dev.homewire.core.pending.DeadlineCheck;
import dev.homewire.core.pending.DeadlineQueue;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Puts deadline checks on the deadline queue with SQS {@code DelaySeconds}: the delay rounded
 * down to whole seconds (a check may come early and look again, never late) and clamped to
 * 0..900. Bodies as in {@link QueueMessages}.
 */
public final class SqsDeadlineQueue implements DeadlineQueue {
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDeadlineQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void schedule(DeadlineCheck check, Duration delay) {
        int delaySeconds = delay == null || delay.isNegative() ? 0 : (int) Math.min(delay.getSeconds(), SqsPollQueue.MAX_DELAY_SECONDS);
        String body = QueueMessages.toJson(check);
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).delaySeconds(delaySeconds));
    }
}
