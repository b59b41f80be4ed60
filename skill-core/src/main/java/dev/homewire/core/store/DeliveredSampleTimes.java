package dev.homewire.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Per user and endpoint, the newest {@code timeOfSample} the dispatcher has sent to Alexa, so an
 * older state never reaches Alexa after a newer one (DynamoDB: PK userId, SK endpointId).
 */
public interface DeliveredSampleTimes {

    /** The newest sample time sent for the endpoint, if any. */
    Optional<Instant> newest(String userId, String endpointId);

    /**
     * Records {@code sampledAt} as the newest sample time of the endpoint unless a newer one is
     * recorded (an equal one is fine: the same event again). Atomic (a conditional write).
     *
     * @return false when a newer sample time was recorded already
     */
    boolean advance(String userId, String endpointId, Instant sampledAt);
}
