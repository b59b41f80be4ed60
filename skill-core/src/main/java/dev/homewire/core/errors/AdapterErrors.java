package dev.homewire.core.errors;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaError.SecurityPanelErrorType;
import dev.homewire.alexa.AlexaError.ThermostatErrorType;
import dev.homewire.alexa.ErrorType;

/**
 * The one place where typed adapter failures become Alexa ErrorResponse payloads, in the
 * namespace Alexa expects them (interface-specific types in {@code Alexa.ThermostatController} and
 * {@code Alexa.SecurityPanelController}, the others in {@code Alexa}).
 */
public final class AdapterErrors {
    private AdapterErrors() {
    }

    public static AlexaError toAlexaError(AdapterException e) {
        String message = e.getMessage();
        switch (e.reason()) {
            case DEVICE_OFFLINE:
            case VENDOR_UNAVAILABLE:
                return AlexaError.of(ErrorType.ENDPOINT_UNREACHABLE, message);
            case DEVICE_NOT_FOUND:
                return AlexaError.of(ErrorType.NO_SUCH_ENDPOINT, message);
            case VALUE_OUT_OF_RANGE:
                if (e.minimumValue() != null && e.maximumValue() != null && e.rangeScale() != null) {
                    return AlexaError.temperatureValueOutOfRange(message, e.minimumValue(), e.maximumValue(), e.rangeScale().name());
                }
                if (e.minimumValue() != null && e.maximumValue() != null) {
                    return AlexaError.valueOutOfRange(message, e.minimumValue(), e.maximumValue());
                }
                return AlexaError.of(ErrorType.INVALID_VALUE, message);
            case INVALID_VALUE:
                return AlexaError.of(ErrorType.INVALID_VALUE, message);
            case DEVICE_BUSY:
                return AlexaError.of(ErrorType.ENDPOINT_BUSY, message);
            case RATE_LIMITED:
                return AlexaError.of(ErrorType.RATE_LIMIT_EXCEEDED, message);
            case CREDENTIALS_EXPIRED:
                return AlexaError.of(ErrorType.EXPIRED_AUTHORIZATION_CREDENTIAL, message);
            case NOT_SUPPORTED_IN_CURRENT_MODE:
                return AlexaError.notSupportedInCurrentMode(message,
                        (e.currentMode() == null ? AdapterException.DeviceMode.OTHER : e.currentMode()).name());
            case ALREADY_IN_OPERATION:
                return AlexaError.of(ErrorType.ALREADY_IN_OPERATION, message);
            case NOT_IN_OPERATION:
                return AlexaError.of(ErrorType.NOT_IN_OPERATION, message);
            case LOW_POWER:
                return AlexaError.of(ErrorType.ENDPOINT_LOW_POWER, message);
            case HARDWARE_MALFUNCTION:
                return AlexaError.of(ErrorType.HARDWARE_MALFUNCTION, message);
            case THERMOSTAT_OFF:
                return AlexaError.thermostat(ThermostatErrorType.THERMOSTAT_IS_OFF, message);
            case THERMOSTAT_UNWILLING:
                return AlexaError.thermostat(ThermostatErrorType.UNWILLING_TO_SET_VALUE, message);
            case PIN_REQUIRED:
                return AlexaError.securityPanel(SecurityPanelErrorType.AUTHORIZATION_REQUIRED, message);
            case PIN_REJECTED:
                return AlexaError.securityPanel(SecurityPanelErrorType.UNAUTHORIZED, message);
            case NOT_READY_TO_ARM:
                return AlexaError.securityPanel(SecurityPanelErrorType.NOT_READY, message);
            case BYPASS_NEEDED:
                return AlexaError.securityPanel(SecurityPanelErrorType.BYPASS_NEEDED, message);
            case UNCLEARED_ALARM:
                return AlexaError.securityPanel(SecurityPanelErrorType.UNCLEARED_ALARM, message);
            case UNCLEARED_TROUBLE:
                return AlexaError.securityPanel(SecurityPanelErrorType.UNCLEARED_TROUBLE, message);
            case VENDOR_ERROR:
            default:
                return AlexaError.of(ErrorType.INTERNAL_ERROR, message);
        }
    }
}
