package dev.homewire.core.identity;

import dev.homewire.alexa.AlexaErrorException;

/**
 * Turns the account-linking bearer token Alexa sends into our stable user id. Pluggable: the
 * default asks an OAuth userinfo-style endpoint.
 */
public interface UserResolver {

    /**
     * @throws AlexaErrorException INVALID_AUTHORIZATION_CREDENTIAL for an unknown token,
     *         EXPIRED_AUTHORIZATION_CREDENTIAL for an expired one, INTERNAL_ERROR when the
     *         identity provider cannot be reached
     */
    String resolveUserId(String bearerToken);
}
