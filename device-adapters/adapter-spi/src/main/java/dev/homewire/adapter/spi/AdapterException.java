package dev.homewire.adapter.spi;

import java.util.Objects;

/**
 * A typed failure of a vendor call. Core maps each {@link Reason} to an Alexa ErrorResponse type
 * in one place, so adapters never build Alexa messages themselves.
 */
public class AdapterException extends RuntimeException {

    public enum Reason {
        /** The vendor reports the device offline. Alexa: ENDPOINT_UNREACHABLE. */
        DEVICE_OFFLINE,
        /** The device does not exist (any more) at the vendor. Alexa: NO_SUCH_ENDPOINT. */
        DEVICE_NOT_FOUND,
        /** The value is outside what the device accepts; carries the valid range. Alexa: VALUE_OUT_OF_RANGE. */
        VALUE_OUT_OF_RANGE,
        /** The value is of the wrong kind for the device. Alexa: INVALID_VALUE. */
        INVALID_VALUE,
        /** The device is busy with another operation. Alexa: ENDPOINT_BUSY. */
        DEVICE_BUSY,
        /** The vendor throttles us. Alexa: RATE_LIMIT_EXCEEDED. */
        RATE_LIMITED,
        /** Our credentials at the vendor no longer work; the user must relink. Alexa: EXPIRED_AUTHORIZATION_CREDENTIAL. */
        CREDENTIALS_EXPIRED,
        /** The vendor cloud failed (5xx, timeout, unreadable answer). Transient. Alexa: ENDPOINT_UNREACHABLE. */
        VENDOR_UNAVAILABLE,
        /** Anything else the vendor refused. Alexa: INTERNAL_ERROR. */
        VENDOR_ERROR
    }

    private final Reason reason;
    private final Double minimumValue;
    private final Double maximumValue;

    public AdapterException(Reason reason, String message) {
        this(reason, message, null, null, null);
    }

    public AdapterException(Reason reason, String message, Throwable cause) {
        this(reason, message, null, null, cause);
    }

    private AdapterException(Reason reason, String message, Double minimumValue, Double maximumValue, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.minimumValue = minimumValue;
        this.maximumValue = maximumValue;
    }

    public static AdapterException valueOutOfRange(String message, double minimumValue, double maximumValue) {
        return new AdapterException(Reason.VALUE_OUT_OF_RANGE, message, minimumValue, maximumValue, null);
    }

    public Reason reason() {
        return reason;
    }

    /** Whether trying again soon may succeed (vendor outage, throttling). */
    public boolean transientFailure() {
        return reason == Reason.VENDOR_UNAVAILABLE || reason == Reason.RATE_LIMITED;
    }

    /** Lower bound of the valid range, for {@link Reason#VALUE_OUT_OF_RANGE}; otherwise null. */
    public Double minimumValue() {
        return minimumValue;
    }

    /** Upper bound of the valid range, for {@link Reason#VALUE_OUT_OF_RANGE}; otherwise null. */
    public Double maximumValue() {
        return maximumValue;
    }
}
