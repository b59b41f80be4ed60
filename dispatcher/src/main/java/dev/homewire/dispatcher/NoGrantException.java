package dev.homewire.dispatcher;

/** The user has no (usable) AcceptGrant grant: events for them cannot be sent until they enable the skill again. */
public class NoGrantException extends RuntimeException {
    private final String userId;

    public NoGrantException(String userId) {
        this(userId, "user " + userId + " has no Alexa event grant");
    }

    protected NoGrantException(String userId, String message) {
        super(message);
        this.userId = userId;
    }

    public String userId() {
        return userId;
    }
}
