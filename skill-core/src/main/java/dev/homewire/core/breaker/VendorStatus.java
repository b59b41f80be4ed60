package dev.homewire.core.breaker;

import java.time.Instant;
import java.util.Objects;

/**
 * The status row of one vendor cloud shared by every instance (table vendor-status, key
 * {@code adapterId}): {@link Status#UP}, or {@link Status#DOWN} until {@code openUntil}, with at
 * most one half-open probe at a time ({@code probeOwner} holding the lease {@code probeLeaseUntil}).
 * Every write raises {@code version} and is conditional on the version it read.
 *
 * @param timesOpened how often the row went DOWN (a failed probe counts again)
 * @param reason      why it went DOWN last (no secret: an adapter's failure message)
 */
public record VendorStatus(String adapterId, Status status, Instant openUntil, String probeOwner, Instant probeLeaseUntil,
                           long version, Instant updatedAt, long timesOpened, String reason) {

    public enum Status {
        /** Calls go through; each instance's local breaker counts their failures. */
        UP,
        /** Every instance fails fast until {@code openUntil}; then one probe call decides. */
        DOWN
    }

    public VendorStatus {
        Objects.requireNonNull(adapterId, "adapterId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public boolean down() {
        return status == Status.DOWN;
    }

    /** Whether {@code now} is still inside the open interval (fail fast, no probe yet). */
    public boolean openAt(Instant now) {
        return down() && openUntil != null && now.isBefore(openUntil);
    }

    /** Whether some instance holds a live probe lease at {@code now}. */
    public boolean probingAt(Instant now) {
        return probeLeaseUntil != null && now.isBefore(probeLeaseUntil);
    }
}
