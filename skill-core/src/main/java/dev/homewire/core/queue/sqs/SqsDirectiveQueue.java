package dev.homewire.core.queue.sqs;

import dev.homewire.core.queue.DirectiveQueue;
import dev.homewire.core.queue.QueuedDirective;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Puts accepted directives on the directive queue, bodies as in {@link QueueMessages}. */
public final class SqsDirectiveQueue implements DirectiveQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SqsDirectiveQueue.class);
    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDirectiveQueue(SqsClient sqs, String queueUrl) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    @Override
    public void enqueue(QueuedDirective directive) {
        String body = QueueMessages.toJson(directive);
        String messageId = sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body)).messageId();
        LOG.debug("queued directive for endpoint {} of user {} as SQS message {}", directive.endpointId(), directive.userId(), messageId);
    }
}
