package dev.homewire.entrypoint;

import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;

/** Last in the chain: any directive no other handler takes is INVALID_DIRECTIVE. */
final class FallbackHandler implements DirectiveHandler {

    @Override
    public boolean canHandle(DirectiveRequest input) {
        return true;
    }

    @Override
    public AlexaEvent handle(DirectiveRequest input) {
        Directive d = input.directive();
        throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, d.namespace() + "." + d.name() + " is not supported by this skill");
    }
}
