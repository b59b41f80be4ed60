package dev.homewire.entrypoint;

import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.core.store.EndpointRecord;

/** The checks every endpoint directive goes through: who is asking, for which of their endpoints, via which adapter. */
final class Lookups {
    private final EntrypointDependencies deps;

    Lookups(EntrypointDependencies deps) {
        this.deps = deps;
    }

    /**
     * Our user id for the directive's linking token ({@code endpoint.scope} or {@code payload.scope}).
     *
     * @throws AlexaErrorException INVALID_AUTHORIZATION_CREDENTIAL without a token; whatever the
     *         {@link dev.homewire.core.identity.UserResolver} throws otherwise
     */
    String userId(Directive directive) {
        String token = directive.bearerToken().filter(t -> !t.isBlank()).orElseThrow(() -> new AlexaErrorException(
                ErrorType.INVALID_AUTHORIZATION_CREDENTIAL, "the directive carries no linking token"));
        return deps.users().resolveUserId(token);
    }

    /** The endpoint id an endpoint directive addresses; INVALID_DIRECTIVE when it has none. */
    static String endpointId(Directive directive) {
        return directive.endpoint().map(Directive.Endpoint::endpointId).orElseThrow(() -> new AlexaErrorException(
                ErrorType.INVALID_DIRECTIVE, directive.namespace() + "." + directive.name() + " needs an endpoint"));
    }

    /** The user's endpoint the directive addresses; NO_SUCH_ENDPOINT when it is not theirs (or unknown). */
    EndpointRecord ownedEndpoint(String userId, Directive directive) {
        String endpointId = endpointId(directive);
        return deps.endpoints().find(userId, endpointId).orElseThrow(() -> new AlexaErrorException(
                ErrorType.NO_SUCH_ENDPOINT, "endpoint " + endpointId + " is unknown; run discovery again"));
    }

    /**
     * The adapter behind an endpoint; ENDPOINT_UNREACHABLE when it is disabled (it could not start),
     * INTERNAL_ERROR when this deployment does not have it.
     */
    DeviceAdapter adapter(EndpointRecord endpoint) {
        return deps.adapters().require(endpoint.adapterId());
    }
}
