package dev.homewire.core.breaker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The vendors' shared status rows ({@link VendorStatus}). Every write is conditional on the version
 * the caller read ({@code 0} = no row yet) and answers the row written, or empty when another
 * instance wrote first (then read again).
 */
public interface VendorStatusStore {

    /** The row, read strongly consistent; empty when the vendor was never marked. */
    Optional<VendorStatus> find(String adapterId);

    /** Every row (a small table: one row per adapter). */
    List<VendorStatus> all();

    /** DOWN until {@code openUntil}, clearing any probe lease; counts one more opening. */
    Optional<VendorStatus> markDown(String adapterId, long expectedVersion, Instant openUntil, String reason, Instant now);

    /**
     * Takes the half-open probe: only on a DOWN row whose open interval ended and whose probe lease
     * (if any) lapsed, at {@code expectedVersion}.
     */
    Optional<VendorStatus> claimProbe(String adapterId, long expectedVersion, String owner, Instant leaseUntil, Instant now);

    /** UP again (a probe succeeded), clearing the probe lease. */
    Optional<VendorStatus> markUp(String adapterId, long expectedVersion, Instant now);
}
