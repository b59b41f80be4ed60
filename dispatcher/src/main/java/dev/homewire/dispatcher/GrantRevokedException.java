package dev.homewire.dispatcher;

/**
 * Login with Amazon answered {@code invalid_grant} to a refresh: the user disabled the skill (or
 * the grant was revoked). The grant has been deleted; the user's events can no longer be sent.
 */
public class GrantRevokedException extends NoGrantException {
    public GrantRevokedException(String userId) {
        super(userId, "the Alexa event grant of user " + userId + " was revoked (LWA invalid_grant)");
    }
}
