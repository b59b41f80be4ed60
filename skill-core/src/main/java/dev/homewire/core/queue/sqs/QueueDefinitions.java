package dev.homewire.core.queue.sqs;

import dev.homewire.alexa.Json;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The SQS queues as in production, each with its dead-letter queue: {@code <prefix>-directives}
 * (entrypoint to processors), {@code <prefix>-outbound} (processors to dispatcher) and
 * {@code <prefix>-polls} (delayed "look again" messages of the polling processor) and
 * {@code <prefix>-sync} (background-sync requests sent by the users' EventBridge schedules) and
 * {@code <prefix>-deadlines} (delayed deadline checks of pending operations). The
 * devstack and the integration tests create them with {@link #createAll}; {@code template.yaml}
 * must mirror the constants here.
 */
public final class QueueDefinitions {
    private static final Logger LOG = LoggerFactory.getLogger(QueueDefinitions.class);

    public static final String DIRECTIVES_SUFFIX = "-directives";
    public static final String OUTBOUND_SUFFIX = "-outbound";
    public static final String POLLS_SUFFIX = "-polls";
    /** Target of the per-user EventBridge schedules of background sync. */
    public static final String SYNC_SUFFIX = "-sync";
    /** Delayed deadline checks of pending operations (the deadline sweep). */
    public static final String DEADLINES_SUFFIX = "-deadlines";
    public static final String DLQ_SUFFIX = "-dlq";
    /** Deliveries before a message moves to the dead-letter queue. */
    public static final int MAX_RECEIVE_COUNT = 5;
    public static final int DIRECTIVE_VISIBILITY_TIMEOUT_SECONDS = 30;
    /**
     * 6 x the dispatcher's Lambda timeout (25 s, one event per batch). Only crashes wait this long:
     * the dispatcher sets a retried record's visibility to its backoff itself.
     */
    public static final int OUTBOUND_VISIBILITY_TIMEOUT_SECONDS = 150;
    public static final int POLL_VISIBILITY_TIMEOUT_SECONDS = 30;
    public static final int SYNC_VISIBILITY_TIMEOUT_SECONDS = 60;
    public static final int DEADLINE_VISIBILITY_TIMEOUT_SECONDS = 30;
    /** Dead letters are kept as long as SQS allows (14 days), for inspection and redrive. */
    public static final int DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,65}");

    private QueueDefinitions() {
    }

    /** The URLs of the queues and their dead-letter queues. */
    public record Queues(String directiveQueueUrl, String directiveDlqUrl, String outboundQueueUrl, String outboundDlqUrl,
                         String pollQueueUrl, String pollDlqUrl, String syncQueueUrl, String syncDlqUrl,
                         String deadlineQueueUrl, String deadlineDlqUrl) {
        public Queues {
            Objects.requireNonNull(directiveQueueUrl, "directiveQueueUrl");
            Objects.requireNonNull(directiveDlqUrl, "directiveDlqUrl");
            Objects.requireNonNull(outboundQueueUrl, "outboundQueueUrl");
            Objects.requireNonNull(outboundDlqUrl, "outboundDlqUrl");
            Objects.requireNonNull(pollQueueUrl, "pollQueueUrl");
            Objects.requireNonNull(pollDlqUrl, "pollDlqUrl");
            Objects.requireNonNull(syncQueueUrl, "syncQueueUrl");
            Objects.requireNonNull(syncDlqUrl, "syncDlqUrl");
            Objects.requireNonNull(deadlineQueueUrl, "deadlineQueueUrl");
            Objects.requireNonNull(deadlineDlqUrl, "deadlineDlqUrl");
        }
    }

    /**
     * Creates the queues (CreateQueue is idempotent for equal attributes, so existing ones are
     * reused) and answers their URLs.
     *
     * @param prefix letters, digits, '-' and '_', at most 65 characters (SQS names are at most 80)
     */
    public static Queues createAll(SqsClient sqs, String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("queue prefix must be 1-65 letters, digits, '-' or '_': " + prefix);
        }
        String directiveDlq = createDeadLetterQueue(sqs, prefix + DIRECTIVES_SUFFIX + DLQ_SUFFIX);
        String outboundDlq = createDeadLetterQueue(sqs, prefix + OUTBOUND_SUFFIX + DLQ_SUFFIX);
        String pollDlq = createDeadLetterQueue(sqs, prefix + POLLS_SUFFIX + DLQ_SUFFIX);
        String directives = createQueue(sqs, prefix + DIRECTIVES_SUFFIX, DIRECTIVE_VISIBILITY_TIMEOUT_SECONDS, directiveDlq);
        String outbound = createQueue(sqs, prefix + OUTBOUND_SUFFIX, OUTBOUND_VISIBILITY_TIMEOUT_SECONDS, outboundDlq);
        String polls = createQueue(sqs, prefix + POLLS_SUFFIX, POLL_VISIBILITY_TIMEOUT_SECONDS, pollDlq);
        String syncDlq = createDeadLetterQueue(sqs, prefix + SYNC_SUFFIX + DLQ_SUFFIX);
        String sync = createQueue(sqs, prefix + SYNC_SUFFIX, SYNC_VISIBILITY_TIMEOUT_SECONDS, syncDlq);
        String deadlineDlq = createDeadLetterQueue(sqs, prefix + DEADLINES_SUFFIX + DLQ_SUFFIX);
        String deadlines = createQueue(sqs, prefix + DEADLINES_SUFFIX, DEADLINE_VISIBILITY_TIMEOUT_SECONDS, deadlineDlq);
        return new Queues(directives, directiveDlq, outbound, outboundDlq, polls, pollDlq, sync, syncDlq, deadlines, deadlineDlq);
    }

    /** The redrive policy JSON of a queue whose dead letters go to {@code deadLetterQueueArn}. */
    public static String redrivePolicy(String deadLetterQueueArn) {
        return Json.write(Json.object().put("deadLetterTargetArn", deadLetterQueueArn).put("maxReceiveCount", MAX_RECEIVE_COUNT));
    }

    private static String createDeadLetterQueue(SqsClient sqs, String name) {
        String url = sqs.createQueue(b -> b.queueName(name)
                .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Integer.toString(DLQ_RETENTION_SECONDS)))).queueUrl();
        LOG.info("queue {} ready", name);
        return url;
    }

    private static String createQueue(SqsClient sqs, String name, int visibilityTimeoutSeconds, String deadLetterQueueUrl) {
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterQueueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        if (dlqArn == null) {
            throw new IllegalStateException("no QueueArn for " + deadLetterQueueUrl);
        }
        String url = sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds),
                QueueAttributeName.REDRIVE_POLICY, redrivePolicy(dlqArn)))).queueUrl();
        LOG.info("queue {} ready (dead letters after {} receives to {})", name, MAX_RECEIVE_COUNT, dlqArn);
        return url;
    }
}
