package dev.homewire.adapter.spi;

import java.time.Duration;
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
        VENDOR_ERROR,
        /** The device cannot do this in its current mode (carries the mode). Alexa: NOT_SUPPORTED_IN_CURRENT_MODE. */
        NOT_SUPPORTED_IN_CURRENT_MODE,
        /** The device is already doing what was asked (a program already running). Alexa: ALREADY_IN_OPERATION. */
        ALREADY_IN_OPERATION,
        /** The device is not doing what the command needs (resume with nothing held). Alexa: NOT_IN_OPERATION. */
        NOT_IN_OPERATION,
        /** The battery is too low to act. Alexa: ENDPOINT_LOW_POWER. */
        LOW_POWER,
        /** The device reports a hardware fault. Alexa: HARDWARE_MALFUNCTION. */
        HARDWARE_MALFUNCTION,
        /** The thermostat is off and takes no setpoint. Alexa: ThermostatController THERMOSTAT_IS_OFF. */
        THERMOSTAT_OFF,
        /** The thermostat refuses the value (e.g. a lockout). Alexa: ThermostatController UNWILLING_TO_SET_VALUE. */
        THERMOSTAT_UNWILLING,
        /** The panel needs a PIN and got none. Alexa: SecurityPanelController AUTHORIZATION_REQUIRED. */
        PIN_REQUIRED,
        /** The PIN is wrong. Alexa: SecurityPanelController UNAUTHORIZED. */
        PIN_REJECTED,
        /** A door or window is open, so the panel cannot arm. Alexa: SecurityPanelController NOT_READY. */
        NOT_READY_TO_ARM,
        /** Open sensors must be bypassed to arm. Alexa: SecurityPanelController BYPASS_NEEDED. */
        BYPASS_NEEDED,
        /** An alarm is active and must be cleared first. Alexa: SecurityPanelController UNCLEARED_ALARM. */
        UNCLEARED_ALARM,
        /** A trouble condition must be cleared first. Alexa: SecurityPanelController UNCLEARED_TROUBLE. */
        UNCLEARED_TROUBLE
    }

    /** The current mode that NOT_SUPPORTED_IN_CURRENT_MODE names (Alexa's vocabulary). */
    public enum DeviceMode {
        COLOR,
        ASLEEP,
        NOT_PROVISIONED,
        OTHER
    }

    private final Reason reason;
    private final Double minimumValue;
    private final Double maximumValue;
    private final DeviceMode currentMode;
    private final Temperature.Scale rangeScale;
    private Duration retryAfter;

    public AdapterException(Reason reason, String message) {
        this(reason, message, null, null, null, null, null);
    }

    public AdapterException(Reason reason, String message, Throwable cause) {
        this(reason, message, null, null, null, null, cause);
    }

    private AdapterException(Reason reason, String message, Double minimumValue, Double maximumValue, Temperature.Scale rangeScale,
                             DeviceMode currentMode, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.minimumValue = minimumValue;
        this.maximumValue = maximumValue;
        this.rangeScale = rangeScale;
        this.currentMode = currentMode;
    }

    public static AdapterException valueOutOfRange(String message, double minimumValue, double maximumValue) {
        return new AdapterException(Reason.VALUE_OUT_OF_RANGE, message, minimumValue, maximumValue, null, null, null);
    }

    /**
     * A setpoint outside what the device takes, the bounds in {@code scale} (best the scale the
     * user spoke in). Alexa: TEMPERATURE_VALUE_OUT_OF_RANGE, so it can say "between 50 and 90 degrees".
     */
    public static AdapterException temperatureOutOfRange(String message, double minimumValue, double maximumValue,
                                                         Temperature.Scale scale) {
        return new AdapterException(Reason.VALUE_OUT_OF_RANGE, message, minimumValue, maximumValue,
                Objects.requireNonNull(scale, "scale"), null, null);
    }

    public static AdapterException notSupportedInCurrentMode(String message, DeviceMode currentMode) {
        return new AdapterException(Reason.NOT_SUPPORTED_IN_CURRENT_MODE, message, null, null, null,
                Objects.requireNonNull(currentMode, "currentMode"), null);
    }

    public Reason reason() {
        return reason;
    }

    /**
     * The vendor's {@code Retry-After} of a {@link Reason#RATE_LIMITED} answer: the earliest a retry
     * is welcome. Returns this exception.
     */
    public AdapterException retryAfter(Duration wait) {
        this.retryAfter = wait == null || wait.isNegative() ? null : wait;
        return this;
    }

    /** How long the vendor asked us to wait before trying again, or null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
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

    /** The scale of the valid range when it is a temperature range ({@link #temperatureOutOfRange}); otherwise null. */
    public Temperature.Scale rangeScale() {
        return rangeScale;
    }

    /** The device's mode, for {@link Reason#NOT_SUPPORTED_IN_CURRENT_MODE}; otherwise null. */
    public DeviceMode currentMode() {
        return currentMode;
    }
}
