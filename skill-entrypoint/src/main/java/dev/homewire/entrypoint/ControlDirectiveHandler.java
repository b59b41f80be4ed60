package dev.homewire.entrypoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.store.EndpointRecord;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every device control directive ({@code capabilities.isControlDirective}): checked here, queued for
 * the processors, answered with a DeferredResponse whose estimate is the adapter's typical latency
 * plus the pipeline's overhead. Only what is queued is promised: a queue failure is answered with
 * INTERNAL_ERROR. The linking token never travels in the queue.
 */
final class ControlDirectiveHandler implements DirectiveHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ControlDirectiveHandler.class);

    private final EntrypointDependencies deps;
    private final Lookups lookups;

    ControlDirectiveHandler(EntrypointDependencies deps, Lookups lookups) {
        this.deps = deps;
        this.lookups = lookups;
    }

    @Override
    public boolean canHandle(DirectiveRequest input) {
        Directive d = input.directive();
        return deps.capabilities().isControlDirective(d.namespace(), d.name());
    }

    @Override
    public AlexaEvent handle(DirectiveRequest input) {
        Directive directive = input.directive();
        String userId = lookups.userId(directive);
        EndpointRecord endpoint = lookups.ownedEndpoint(userId, directive);
        DeviceAdapter adapter = lookups.adapter(endpoint);
        if (directive.correlationToken() == null || directive.correlationToken().isEmpty()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                    directive.namespace() + "." + directive.name() + " has no correlationToken to answer to");
        }
        validate(directive, endpoint);

        int seconds = deferralSeconds(adapter.typicalCommandLatency(endpoint.device()), deps.deferralOverhead());
        Instant now = deps.clock().instant();
        QueuedDirective queued = new QueuedDirective(userId, endpoint.endpointId(), endpoint.adapterId(),
                endpoint.deviceId(), withoutScope(directive.raw()), input.receivedAt(), now.plusSeconds(seconds));
        try {
            deps.directives().enqueue(queued);
        } catch (RuntimeException e) {
            LOG.error("control: {}.{} for {} could not be queued ({}); answering INTERNAL_ERROR", directive.namespace(),
                    directive.name(), endpoint.endpointId(), e.getClass().getName());
            throw new AlexaErrorException(ErrorType.INTERNAL_ERROR, "the directive could not be accepted; try again");
        }
        return AlexaMessages.deferredResponse(directive.correlationToken(), seconds);
    }

    /**
     * Refuses synchronously what the processors would refuse anyway: an interface the device does not
     * have, a malformed payload, a value out of range, an unknown instance or mode, a malformed PIN.
     * Rules that depend on the device's state (a thermostat that is off, a relative change) are the
     * processor's, which reads the state first — asking the vendor when none is stored.
     */
    private void validate(Directive directive, EndpointRecord endpoint) {
        deps.capabilities().validate(directive, endpoint.device());
    }

    /** ceil(latency + overhead) in seconds, at least 1. */
    static int deferralSeconds(Duration typicalLatency, Duration overhead) {
        Duration total = (typicalLatency == null || typicalLatency.isNegative() ? Duration.ZERO : typicalLatency).plus(overhead);
        long millis = total.toMillis();
        long seconds = millis / 1000 + (millis % 1000 == 0 ? 0 : 1);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }

    /** A deep copy of the directive without {@code directive.endpoint.scope} (the linking token). */
    static ObjectNode withoutScope(ObjectNode raw) {
        ObjectNode copy = raw.deepCopy();
        JsonNode endpoint = copy.path("directive").path("endpoint");
        if (endpoint instanceof ObjectNode) {
            ((ObjectNode) endpoint).remove("scope");
        }
        return copy;
    }
}
