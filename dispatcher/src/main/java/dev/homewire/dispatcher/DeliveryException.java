package dev.homewire.dispatcher;

/**
 * An event could not be delivered to the Alexa event gateway this time; retryable, so the batch
 * handler reports the SQS record failed and SQS redelivers it (and dead-letters it after
 * maxReceiveCount). Carries the gateway's status and error code when there was an answer; never
 * the message or a token.
 */
public class DeliveryException extends RuntimeException {
    private final int status;
    private final String code;

    public DeliveryException(String message, int status, String code, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    public DeliveryException(String message, Throwable cause) {
        this(message, 0, null, cause);
    }

    /** HTTP status of the gateway's answer, or 0 when there was none (I/O error, LWA failure). */
    public int status() {
        return status;
    }

    /** The gateway's error code ({@code payload.code}), or null. */
    public String code() {
        return code;
    }

    /** Whether sending the same event again later may succeed; true for every failure this class stands for today. */
    public boolean retryable() {
        return true;
    }
}
