package dev.homewire.core.errors;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.ErrorType;

/** The one place where typed adapter failures become Alexa ErrorResponse payloads. */
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
            case VENDOR_ERROR:
            default:
                return AlexaError.of(ErrorType.INTERNAL_ERROR, message);
        }
    }
}
