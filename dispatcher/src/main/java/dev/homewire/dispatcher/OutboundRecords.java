package dev.homewire.dispatcher;

import dev.homewire.core.queue.OutboundEvent;
import java.time.Duration;

/**
 * What the batch handler does to an outbound SQS record besides acking it (SQS in production, a
 * fake in unit tests).
 */
public interface OutboundRecords {
    /** Message attribute of a dead letter the dispatcher sent itself: why. */
    String REASON = "reason";
    /** Message attribute: when it was dead-lettered (ISO-8601). */
    String DEAD_LETTERED_AT = "deadLetteredAt";
    /** Message attribute: the record's receive count when it was dead-lettered. */
    String ATTEMPTS = "attempts";
    /** Message attribute: which function dead-lettered it. */
    String DEAD_LETTERED_BY = "deadLetteredBy";

    /** Makes the record visible again after {@code delay} (ChangeMessageVisibility on its receipt handle). */
    void retryLater(String receiptHandle, Duration delay);

    /** Sends the record's body to the outbound dead-letter queue with the reason. */
    void deadLetter(String body, String reason, int attempts);

    /** Puts a (split) event on the outbound queue. */
    void publish(OutboundEvent event);
}
