package dev.homewire.core.store;

import java.time.Duration;

/**
 * The event messageIds the dispatcher posted to the Alexa event gateway, so that a redelivered
 * outbound record (SQS delivering twice, a crash before the ack, a dead-letter replay) is not
 * posted again (DynamoDB: PK messageId, with a TTL). A dispatcher <em>claims</em> an id for a
 * lease before posting and marks it <em>delivered</em> after the gateway's 202.
 */
public interface DeliveredEvents {

    /** What {@link #claim} found. */
    enum Claim {
        /** Ours until the lease ends: post it. */
        CLAIMED,
        /** The gateway already accepted this messageId: do not post it again. */
        ALREADY_DELIVERED,
        /** Another dispatcher holds a live claim (it is posting it right now): try again after the lease. */
        HELD_ELSEWHERE
    }

    /** Claims the messageId for {@code lease}, unless it was delivered or another live claim holds it. */
    Claim claim(String messageId, Duration lease);

    /** The gateway answered 202: the messageId is never posted again (for the retention period). */
    void markDelivered(String messageId);

    /** The gateway refused the event (a definite answer, not a timeout): a later attempt may claim it at once. */
    void release(String messageId);
}
