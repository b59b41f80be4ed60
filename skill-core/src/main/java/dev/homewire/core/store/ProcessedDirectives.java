package dev.homewire.core.store;

/**
 * Remembers directives whose answer was already handed to the outbound queue, so a duplicate
 * SQS delivery does not drive the device twice or answer Alexa twice
 * (DynamoDB: PK messageId, with a TTL).
 */
public interface ProcessedDirectives {

    /** Whether this directive was already answered. */
    boolean alreadyAnswered(String messageId);

    /** Records that the answer to this directive is on its way. */
    void markAnswered(String messageId);
}
