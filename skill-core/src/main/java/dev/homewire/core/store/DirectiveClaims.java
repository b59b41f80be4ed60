package dev.homewire.core.store;

import dev.homewire.alexa.Directive;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Durable claims on queued directives, so every directive drives its device at most once and is
 * answered once, through duplicate SQS deliveries, concurrent consumers and crashes
 * (DynamoDB: PK {@code directiveKey}, with a TTL).
 *
 * <p>A processor {@linkplain #claim claims} a directive before acting on it; the claim is a lease
 * shorter than the queue's visibility timeout, so a redelivery after a crash finds it expired and
 * takes it over, while a concurrent duplicate finds it held and backs off. Before calling the vendor
 * the owner {@linkplain #recordVendorCall records the command}; whoever takes over a claim with a
 * recorded vendor call knows the device may already have acted and must not send the command again.
 * The owner {@linkplain #complete records the answer} before publishing it: a redelivery of a
 * completed directive finds that answer and republishes exactly it (same event messageId, which the
 * dispatcher delivers at most once), never a new one.
 */
public interface DirectiveClaims {

    /**
     * The claim key of a directive: {@link Directive#deduplicationKey(String, String)}, a hash of its
     * messageId and correlationToken. Both take part because Alexa's messageId identifies a message,
     * not the request: a messageId reused with a new correlationToken is a new directive that needs
     * its own answer. Hashed because the two together may be longer than a DynamoDB key may be.
     */
    static String keyOf(String messageId, String correlationToken) {
        return Directive.deduplicationKey(Objects.requireNonNull(messageId, "messageId"), correlationToken);
    }

    /** What claiming a directive found. */
    sealed interface Claim permits Acquired, Held, Completed {
        String key();
    }

    /**
     * This caller owns the directive until {@code leaseUntil}.
     *
     * @param attempt    1 for the first claim, more when a lapsed claim was taken over
     * @param vendorCall the command a previous owner recorded before calling the vendor (it may or
     *                   may not have reached the device), or null when no vendor call was made
     */
    record Acquired(String key, String owner, Instant leaseUntil, int attempt, String vendorCall) implements Claim {
        public Acquired {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(leaseUntil, "leaseUntil");
        }

        /** Whether a previous owner already called the vendor for this directive. */
        public boolean vendorCalled() {
            return vendorCall != null;
        }
    }

    /** Another delivery holds the directive until {@code leaseUntil}: back off and look again later. */
    record Held(String key, Instant leaseUntil) implements Claim {
    }

    /**
     * The directive was handled.
     *
     * @param answer the answer event (JSON) that was published, or null when the answer follows
     *               from a pending operation or the directive was dropped
     */
    record Completed(String key, String answer) implements Claim {
    }

    /** Claims the directive for {@code lease}; takes over a claim whose lease lapsed. */
    Claim claim(String key, Duration lease);

    /**
     * Records, before it is sent, the command about to go to the vendor.
     *
     * @return false when the claim was lost (taken over after its lease lapsed): do not call the vendor
     */
    boolean recordVendorCall(Acquired claim, String command);

    /**
     * Gives the claim up without an outcome (the delivery failed unexpectedly and SQS will deliver
     * the directive again): its lease ends now, so the next delivery takes it over at once; a
     * recorded vendor call stays. A no-op when the claim was lost already.
     */
    void release(Acquired claim);

    /**
     * Records the outcome.
     *
     * @param answer the answer about to be published (JSON), or null when there is none to publish now
     * @return false when the claim was lost: the new owner answers, this caller must not publish
     */
    boolean complete(Acquired claim, String answer);
}
