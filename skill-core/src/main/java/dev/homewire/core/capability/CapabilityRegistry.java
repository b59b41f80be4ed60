package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Alexa interfaces this skill speaks, registered by namespace and directive name: the one
 * place that maps neutral devices and states to Alexa endpoints and properties.
 */
public final class CapabilityRegistry {
    private final List<AlexaInterface> interfaces;
    private final Map<String, AlexaInterface> byDirective = new HashMap<>();

    public CapabilityRegistry(List<AlexaInterface> interfaces) {
        this.interfaces = List.copyOf(interfaces);
        for (AlexaInterface i : interfaces) {
            for (String name : i.directiveNames()) {
                if (byDirective.put(key(i.namespace(), name), i) != null) {
                    throw new IllegalStateException("two interfaces handle " + i.namespace() + "." + name);
                }
            }
        }
    }

    /** The interfaces of this release, in the order they are announced. */
    public static CapabilityRegistry standard() {
        return new CapabilityRegistry(List.of(
                new AlexaBaseInterface(),
                new PowerControllerInterface(),
                new BrightnessControllerInterface(),
                new ColorControllerInterface(),
                new ColorTemperatureControllerInterface(),
                new LockControllerInterface(),
                new ThermostatControllerInterface(),
                new TemperatureSensorInterface(),
                new EndpointHealthInterface()));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** The interface that turns this directive into a device command, if any. */
    public Optional<AlexaInterface> forDirective(String namespace, String name) {
        return Optional.ofNullable(byDirective.get(key(namespace, name)));
    }

    /** Whether a directive is a device control directive this skill handles (queued, answered later). */
    public boolean isControlDirective(String namespace, String name) {
        return byDirective.containsKey(key(namespace, name));
    }

    /** Whether answering the directive needs the device's current state first. */
    public boolean needsCurrentState(Directive directive) {
        return forDirective(directive.namespace(), directive.name())
                .map(i -> i.needsCurrentState(directive.name())).orElse(false);
    }

    /**
     * The neutral command for a control directive on a device.
     *
     * @throws AlexaErrorException INVALID_DIRECTIVE when the device does not have the interface,
     *         or what the interface finds wrong with the payload
     */
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        AlexaInterface i = forDirective(directive.namespace(), directive.name())
                .orElseThrow(() -> new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                        directive.namespace() + "." + directive.name() + " is not supported"));
        if (!i.appliesTo(device)) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE,
                    "endpoint does not support " + directive.namespace());
        }
        return i.toCommand(directive, device, current);
    }

    /** Every property of the device's state, EndpointHealth included: the full {@code context}. */
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        List<Property> properties = new ArrayList<>();
        for (AlexaInterface i : interfaces) {
            if (i.appliesTo(device)) {
                properties.addAll(i.properties(device, state, now));
            }
        }
        return properties;
    }

    /** The discovery endpoint object for a device. */
    public ObjectNode discoveryEndpoint(String endpointId, Device device) {
        ObjectNode endpoint = Json.object();
        endpoint.put("endpointId", endpointId);
        endpoint.put("manufacturerName", device.manufacturer());
        endpoint.put("friendlyName", device.friendlyName());
        endpoint.put("description", device.description());
        endpoint.putArray("displayCategories").add(displayCategory(device.kind()));
        ObjectNode attributes = endpoint.putObject("additionalAttributes");
        attributes.put("manufacturer", device.manufacturer());
        attributes.put("model", device.model());
        endpoint.putObject("cookie");
        ArrayNode capabilities = endpoint.putArray("capabilities");
        for (AlexaInterface i : interfaces) {
            if (i.appliesTo(device)) {
                capabilities.add(i.discovery(device));
            }
        }
        return endpoint;
    }

    static String displayCategory(DeviceKind kind) {
        switch (kind) {
            case LIGHT:
                return "LIGHT";
            case PLUG:
                return "SMARTPLUG";
            case SWITCH:
                return "SWITCH";
            case SMARTLOCK:
                return "SMARTLOCK";
            case THERMOSTAT:
                return "THERMOSTAT";
            default:
                return "OTHER";
        }
    }
}
