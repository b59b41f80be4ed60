package dev.homewire.alexa;

/** Thrown anywhere a directive must end in a given ErrorResponse; turned into the message in one place. */
public class AlexaErrorException extends RuntimeException {
    private final AlexaError error;

    public AlexaErrorException(AlexaError error) {
        super(error.toString());
        this.error = error;
    }

    public AlexaErrorException(ErrorType type, String message) {
        this(AlexaError.of(type, message));
    }

    public AlexaError error() {
        return error;
    }
}
