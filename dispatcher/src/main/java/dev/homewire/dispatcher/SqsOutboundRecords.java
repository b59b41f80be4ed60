package dev.homewire.dispatcher;

import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.OutboundQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * {@link OutboundRecords} on SQS: ChangeMessageVisibility on the outbound queue, SendMessage to its
 * dead-letter queue (reason, time, attempts as message attributes; the body as it was, which holds
 * no token: the dispatcher adds the scope only when it posts), and the outbound queue for split parts.
 */
public final class SqsOutboundRecords implements OutboundRecords {
    private final SqsClient sqs;
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final OutboundQueue outbound;
    private final Clock clock;

    public SqsOutboundRecords(SqsClient sqs, String queueUrl, String deadLetterQueueUrl, OutboundQueue outbound, Clock clock) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
        this.deadLetterQueueUrl = Objects.requireNonNull(deadLetterQueueUrl, "deadLetterQueueUrl");
        this.outbound = Objects.requireNonNull(outbound, "outbound");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void retryLater(String receiptHandle, Duration delay) {
        int seconds = (int) Math.min(RetrySchedule.SQS_MAX_VISIBILITY.toSeconds(), Math.max(0, delay.toSeconds()));
        sqs.changeMessageVisibility(b -> b.queueUrl(queueUrl).receiptHandle(receiptHandle).visibilityTimeout(seconds));
    }

    @Override
    public void deadLetter(String body, String reason, int attempts) {
        sqs.sendMessage(b -> b.queueUrl(deadLetterQueueUrl).messageBody(body).messageAttributes(Map.of(
                REASON, text(reason.length() > 1000 ? reason.substring(0, 1000) : reason),
                DEAD_LETTERED_AT, text(clock.instant().toString()),
                ATTEMPTS, MessageAttributeValue.builder().dataType("Number").stringValue(Integer.toString(attempts)).build(),
                DEAD_LETTERED_BY, text("dispatcher"))));
    }

    @Override
    public void publish(OutboundEvent event) {
        outbound.publish(event);
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
