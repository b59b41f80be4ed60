package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.conformance.AlexaSchema;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;

/** Helpers of the interface tests: official samples in, schema-checked messages out. */
final class CapabilityTesting {
    static final String ENDPOINT = "test#device-1";

    private CapabilityTesting() {
    }

    static Directive sample(String path) {
        return Directive.fromJson(AlexaSamples.load(path));
    }

    /** The sample directive with its payload replaced. */
    static Directive withPayload(String path, String payloadJson) {
        ObjectNode root = AlexaSamples.load(path);
        ((ObjectNode) root.get("directive")).set("payload", dev.homewire.alexa.Json.read(payloadJson));
        return Directive.fromJson(root);
    }

    /** An official sample's discovery capability of an interface, the first whose properties include {@code property}. */
    static JsonNode sampleCapability(String interfaceName, String property) {
        JsonNode endpoints = AlexaSamples.load("Discovery/Discovery.response.json").at("/event/payload/endpoints");
        for (JsonNode endpoint : endpoints) {
            for (JsonNode capability : endpoint.path("capabilities")) {
                if (capability.path("interface").asText().equals(interfaceName)
                        && capability.at("/properties/supported").toString().contains("\"" + property + "\"")) {
                    return capability;
                }
            }
        }
        throw new AssertionError("no " + interfaceName + " capability with " + property + " in the discovery sample");
    }

    /** A Discover.Response with the endpoint, as the gateway would receive it: must validate. */
    static void assertDiscoveryValid(ObjectNode endpoint) {
        AlexaSchema.assertValid(AlexaMessages.discoverResponse(List.of(endpoint)).toJson());
    }

    /** An async Response with these properties, with the LWA scope in: must validate. */
    static ObjectNode assertResponseValid(List<Property> properties) {
        ObjectNode message = AlexaEvent.withGatewayToken(AlexaMessages.response("ct-1", ENDPOINT, properties).toJson(), "t");
        AlexaSchema.assertValid(message);
        return message;
    }

    /** Runs the call, which must refuse with an error; the ErrorResponse built from it must validate. */
    static AlexaError assertRefused(Supplier<?> call) {
        AlexaErrorException e = Assertions.assertThrows(AlexaErrorException.class, call::get);
        ObjectNode message = AlexaEvent.withGatewayToken(AlexaMessages.errorResponse("ct-1", ENDPOINT, null, e.error()).toJson(), "t");
        AlexaSchema.assertValid(message);
        return e.error();
    }

    static JsonNode value(List<Property> properties, String name) {
        return properties.stream().filter(p -> p.name().equals(name)).findFirst()
                .map(p -> (JsonNode) p.toJson().get("value")).orElse(null);
    }
}
