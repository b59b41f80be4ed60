package dev.homewire.core.lwa;

/** Login with Amazon refused or failed. {@link #invalidGrant()} means the code or refresh token is no good any more. */
public class LwaException extends RuntimeException {
    private final boolean invalidGrant;

    public LwaException(String message, boolean invalidGrant, Throwable cause) {
        super(message, cause);
        this.invalidGrant = invalidGrant;
    }

    public boolean invalidGrant() {
        return invalidGrant;
    }
}
