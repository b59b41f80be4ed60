package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What most interfaces share: one namespace, one trait that gives it, a fixed list of directive
 * names and of reported properties. Subclasses add their configuration, properties and commands.
 */
abstract class TraitInterface implements AlexaInterface {
    private final String namespace;
    private final Class<? extends Trait> trait;
    private final Set<String> directiveNames;
    private final String[] propertyNames;

    TraitInterface(String namespace, Class<? extends Trait> trait, Set<String> directiveNames, String... propertyNames) {
        this.namespace = namespace;
        this.trait = trait;
        this.directiveNames = Set.copyOf(directiveNames);
        this.propertyNames = propertyNames.clone();
    }

    @Override
    public final String namespace() {
        return namespace;
    }

    @Override
    public boolean appliesTo(Device device) {
        return device.has(trait);
    }

    @Override
    public List<ObjectNode> discovery(Device device, boolean proactive) {
        ObjectNode capability = propertyNames.length == 0 ? Capabilities.capability(namespace)
                : Capabilities.reportable(namespace, proactive, propertyNames);
        configure(capability, device);
        return List.of(capability);
    }

    /** Adds the interface's configuration to its discovery object; nothing by default. */
    void configure(ObjectNode capability, Device device) {
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        return List.of();
    }

    @Override
    public final Set<String> directiveNames() {
        return directiveNames;
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        throw Capabilities.unsupported(directive);
    }

    /** One property of this interface, or none when the state does not hold the value (null). */
    final List<Property> property(String name, JsonNode value, DeviceState state, Instant now) {
        return value == null ? List.of() : List.of(Capabilities.property(namespace, name, value, state, now));
    }
}
