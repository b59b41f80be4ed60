package dev.homewire.alexa;

/** The inbound message is not a directive we can read; answered with INVALID_DIRECTIVE. */
public class InvalidDirectiveException extends RuntimeException {
    private final String correlationToken;
    private final String endpointId;

    public InvalidDirectiveException(String message, String correlationToken, String endpointId) {
        super(message);
        this.correlationToken = correlationToken;
        this.endpointId = endpointId;
    }

    /** What could still be read of the broken directive, so the ErrorResponse can echo it; may be null. */
    public String correlationToken() {
        return correlationToken;
    }

    public String endpointId() {
        return endpointId;
    }
}
