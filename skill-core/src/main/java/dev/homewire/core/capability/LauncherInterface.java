package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.LaunchTarget;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code Alexa.Launcher}: LaunchTarget (an app or shortcut by Alexa's identifier and name), property {@code target}. */
public final class LauncherInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.Launcher";

    public LauncherInterface() {
        super(NAMESPACE, Trait.Launcher.class, Set.of("LaunchTarget"), "target");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        LaunchTarget target = state.get(StateKey.LAUNCHED_TARGET);
        if (target == null) {
            return List.of();
        }
        ObjectNode value = Json.object();
        value.put("identifier", target.identifier());
        value.put("name", target.name());
        return property("target", value, state, now);
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        if (!"LaunchTarget".equals(directive.name())) {
            throw Capabilities.unsupported(directive);
        }
        return new DeviceCommand.Launch(new LaunchTarget(Capabilities.requiredText(directive, "identifier"),
                Capabilities.requiredText(directive, "name")));
    }
}
