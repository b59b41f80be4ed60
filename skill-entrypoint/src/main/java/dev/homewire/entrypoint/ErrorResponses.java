package dev.homewire.entrypoint;

import com.amazon.ask.request.exception.handler.GenericExceptionHandler;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.InvalidDirectiveException;
import dev.homewire.alexa.Scope;
import dev.homewire.core.capability.AlexaLimits;
import dev.homewire.core.errors.AdapterErrors;
import dev.homewire.core.util.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become ErrorResponses: the dispatcher's exception handler, and the
 * answer to a body that is not a directive. The answer never carries a stack trace or an
 * exception's internals; unexpected exceptions are logged with their stack trace instead.
 */
final class ErrorResponses implements GenericExceptionHandler<DirectiveRequest, AlexaEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
    static final String INTERNAL_MESSAGE = "the skill could not handle the directive";

    @Override
    public boolean canHandle(DirectiveRequest input, Throwable throwable) {
        return true;
    }

    @Override
    public AlexaEvent handle(DirectiveRequest input, Throwable throwable) {
        return forFailure(input.directive(), throwable);
    }

    /** The ErrorResponse to a directive whose handling failed. */
    static AlexaEvent forFailure(Directive directive, Throwable failure) {
        AlexaError error = toError(directive, failure);
        if (AcceptGrantHandler.isAcceptGrant(directive) && !AcceptGrantHandler.NAMESPACE.equals(error.namespace())) {
            error = AlexaError.acceptGrantFailed(error.type().equals(ErrorType.INTERNAL_ERROR.name())
                    ? "the grant could not be accepted" : error.message());
        }
        String endpointId = directive.endpoint().map(Directive.Endpoint::endpointId).orElse(null);
        Scope scope = directive.endpoint().map(Directive.Endpoint::scope).filter(ErrorResponses::echoable).orElse(null);
        return AlexaMessages.errorResponse(usableCorrelationToken(directive.correlationToken()), endpointId, scope, error);
    }

    private static AlexaError toError(Directive directive, Throwable failure) {
        if (failure instanceof AlexaErrorException) {
            AlexaError error = ((AlexaErrorException) failure).error();
            LOG.debug("{} refused: {}", directive, LogSafe.value(error.toString()));
            return error;
        }
        if (failure instanceof AdapterException) {
            AdapterException e = (AdapterException) failure;
            LOG.warn("{} adapter failure {}: {}", directive, e.reason(), LogSafe.value(e.getMessage()));
            return AdapterErrors.toAlexaError(e);
        }
        if (failure instanceof InvalidDirectiveException) {
            return AlexaError.of(ErrorType.INVALID_DIRECTIVE, failure.getMessage());
        }
        LOG.error("{} failed unexpectedly", directive, failure);
        return AlexaError.of(ErrorType.INTERNAL_ERROR, INTERNAL_MESSAGE);
    }

    /** The INVALID_DIRECTIVE answer to a body that could not be read as a directive, echoing what could be read. */
    static AlexaEvent forUnreadable(InvalidDirectiveException e) {
        return AlexaMessages.errorResponse(usableCorrelationToken(e.correlationToken()), usableEndpointId(e.endpointId()),
                null, AlexaError.of(ErrorType.INVALID_DIRECTIVE, e.getMessage()));
    }

    /** An INTERNAL_ERROR answer when nothing else could be built. */
    static AlexaEvent internalError(String correlationToken) {
        return AlexaMessages.errorResponse(usableCorrelationToken(correlationToken), null, null,
                AlexaError.of(ErrorType.INTERNAL_ERROR, INTERNAL_MESSAGE));
    }

    static String usableEndpointId(String endpointId) {
        return AlexaLimits.validEndpointId(endpointId) ? endpointId : null;
    }

    /**
     * Whether an answer may carry the directive's scope back: the schema wants type BearerToken and a
     * non-empty token (an empty token is refused, and echoing it would make the answer invalid).
     */
    static boolean echoable(Scope scope) {
        return scope != null && "BearerToken".equals(scope.type()) && scope.token() != null && !scope.token().isEmpty();
    }

    static String usableCorrelationToken(String correlationToken) {
        return correlationToken == null || correlationToken.isEmpty() ? null : correlationToken;
    }
}
