package dev.homewire.entrypoint;

import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.ErrorType;
import dev.homewire.core.identity.UserResolver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Linking tokens of the tests: known ones map to users, {@link #EXPIRED} is expired, anything else invalid. */
final class TestUsers implements UserResolver {
    static final String ALICE_TOKEN = "Atza|alice-linking-token-0001";
    static final String BOB_TOKEN = "Atza|bob-linking-token-0002";
    static final String EXPIRED = "Atza|expired-linking-token-0003";
    static final String UNKNOWN = "Atza|unknown-linking-token-0004";
    /** Makes the resolver fail the way a bug would. */
    static final String BOOM = "Atza|boom-linking-token-0005";

    final Map<String, String> users = new ConcurrentHashMap<>(Map.of(ALICE_TOKEN, "alice", BOB_TOKEN, "bob"));

    @Override
    public String resolveUserId(String bearerToken) {
        if (EXPIRED.equals(bearerToken)) {
            throw new AlexaErrorException(ErrorType.EXPIRED_AUTHORIZATION_CREDENTIAL, "the linking token has expired");
        }
        if (BOOM.equals(bearerToken)) {
            throw new IllegalStateException("resolver bug with internal details");
        }
        String user = users.get(bearerToken);
        if (user == null) {
            throw new AlexaErrorException(ErrorType.INVALID_AUTHORIZATION_CREDENTIAL, "the linking token is not valid");
        }
        return user;
    }
}
