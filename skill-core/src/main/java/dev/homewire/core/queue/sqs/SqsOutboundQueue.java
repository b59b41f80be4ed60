package dev.homewire.core.queue.sqs;

import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.OutboundQueue;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Puts events for the Alexa event gateway on the outbound queue, bodies as in {@link QueueMessages}. */
public final class SqsOutboundQueue implements OutboundQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SqsOutboundQueue.class);
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsOutboundQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void publish(OutboundEvent event) {
        String body = QueueMessages.toJson(event);
        String messageId = sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)).messageId();
        LOG.debug("published event for user {} as SQS message {}", event.userId(), messageId);
    }
}
