package dev.homewire.entrypoint;

import com.amazon.ask.request.handler.GenericRequestHandler;
import dev.homewire.alexa.AlexaEvent;

/** A handler of one directive family, as the ASK SDK dispatcher routes them. */
interface DirectiveHandler extends GenericRequestHandler<DirectiveRequest, AlexaEvent> {
}
