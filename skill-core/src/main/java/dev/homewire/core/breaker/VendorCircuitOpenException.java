package dev.homewire.core.breaker;

import dev.homewire.adapter.spi.AdapterException;

/**
 * A vendor call refused without calling: the vendor's circuit breaker is open (its cloud is
 * failing). A {@link AdapterException.Reason#VENDOR_UNAVAILABLE}, so every caller treats it as the
 * outage it is (ENDPOINT_UNREACHABLE, stored endpoints kept, a poll looks again later), but not
 * worth retrying within one directive: the breaker stays open for seconds.
 */
public final class VendorCircuitOpenException extends AdapterException {

    public VendorCircuitOpenException(String adapterId) {
        super(Reason.VENDOR_UNAVAILABLE, "the " + adapterId + " cloud is unavailable");
    }
}
