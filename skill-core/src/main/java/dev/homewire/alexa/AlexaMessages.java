package dev.homewire.alexa;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Factories for every message the skill sends, each with a fresh messageId. */
public final class AlexaMessages {
    private AlexaMessages() {
    }

    public static AlexaEvent discoverResponse(List<ObjectNode> endpoints) {
        return discoveryEvent("Discover.Response", endpoints);
    }

    public static AlexaEvent acceptGrantResponse() {
        return AlexaEvent.builder(Header.outbound("Alexa.Authorization", "AcceptGrant.Response", null)).build();
    }

    /** A DeferredResponse: no endpoint, the real answer follows through the event gateway. */
    public static AlexaEvent deferredResponse(String correlationToken, int estimatedDeferralInSeconds) {
        ObjectNode payload = Json.object();
        payload.put("estimatedDeferralInSeconds", estimatedDeferralInSeconds);
        return AlexaEvent.builder(Header.outbound("Alexa", "DeferredResponse", correlationToken)).payload(payload).build();
    }

    /** A synchronous StateReport; the scope (if given) echoes the directive's. */
    public static AlexaEvent stateReport(String correlationToken, String endpointId, Scope scope, List<Property> properties) {
        return AlexaEvent.builder(Header.outbound("Alexa", "StateReport", correlationToken))
                .endpoint(endpointId, scope).context(properties).build();
    }

    /** An {@code Alexa.Response} with the endpoint's full state; the dispatcher adds the LWA scope. */
    public static AlexaEvent response(String correlationToken, String endpointId, List<Property> properties) {
        return AlexaEvent.builder(Header.outbound("Alexa", "Response", correlationToken))
                .endpoint(endpointId, null).context(properties).build();
    }

    /**
     * An ErrorResponse of the error's namespace. {@code endpointId} may be null (e.g. a directive
     * that could not be read); {@code scope} is null for gateway events (the dispatcher adds it).
     */
    public static AlexaEvent errorResponse(String correlationToken, String endpointId, Scope scope, AlexaError error) {
        return AlexaEvent.builder(Header.outbound(error.namespace(), "ErrorResponse", correlationToken))
                .endpoint(endpointId, scope).payload(error.payload()).build();
    }

    /**
     * An {@code Alexa.Discovery.AddOrUpdateReport}: endpoints added or changed since discovery
     * (at most 300, 256 KB); the dispatcher adds {@code payload.scope}.
     */
    public static AlexaEvent addOrUpdateReport(List<ObjectNode> endpoints) {
        return discoveryEvent("AddOrUpdateReport", endpoints);
    }

    /** An {@code Alexa.Discovery} event listing endpoint objects (a Discover.Response, an AddOrUpdateReport). */
    private static AlexaEvent discoveryEvent(String name, List<ObjectNode> endpoints) {
        ObjectNode payload = Json.object();
        ArrayNode array = payload.putArray("endpoints");
        endpoints.forEach(array::add);
        return AlexaEvent.builder(Header.outbound("Alexa.Discovery", name, null)).payload(payload).build();
    }

    /** An {@code Alexa.Discovery.DeleteReport}: endpoints that are gone (at most 300); the dispatcher adds {@code payload.scope}. */
    public static AlexaEvent deleteReport(List<String> endpointIds) {
        ObjectNode payload = Json.object();
        ArrayNode array = payload.putArray("endpoints");
        endpointIds.forEach(id -> array.addObject().put("endpointId", id));
        return AlexaEvent.builder(Header.outbound("Alexa.Discovery", "DeleteReport", null)).payload(payload).build();
    }

    /** A proactive ChangeReport: the changed properties in the payload, all others in the context. */
    public static AlexaEvent changeReport(String endpointId, ChangeCause cause, List<Property> changed, List<Property> unchanged) {
        if (changed.isEmpty()) {
            throw new IllegalArgumentException("a ChangeReport needs at least one changed property");
        }
        ObjectNode payload = Json.object();
        ObjectNode change = payload.putObject("change");
        change.putObject("cause").put("type", cause.name());
        ArrayNode properties = change.putArray("properties");
        changed.forEach(p -> properties.add(p.toJson()));
        return AlexaEvent.builder(Header.outbound("Alexa", "ChangeReport", null))
                .endpoint(endpointId, null).payload(payload).context(unchanged).build();
    }
}
