package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaTime;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import java.util.Set;

/**
 * {@code Alexa.SceneController}: Activate and (for scenes that support it) Deactivate, answered —
 * once the vendor started or stopped the scene — with {@code ActivationStarted} /
 * {@code DeactivationStarted} (cause VOICE_INTERACTION, the time it started, the endpoint's health
 * in the context) instead of {@code Alexa.Response}. Scenes report no properties.
 */
public final class SceneControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.SceneController";

    public SceneControllerInterface() {
        super(NAMESPACE, Trait.Scene.class, Set.of("Activate", "Deactivate"));
    }

    @Override
    void configure(ObjectNode capability, Device device) {
        capability.put("supportsDeactivation", device.trait(Trait.Scene.class).orElseThrow().deactivatable());
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        switch (directive.name()) {
            case "Activate":
                return new DeviceCommand.SetSceneActive(true);
            case "Deactivate":
                if (!device.trait(Trait.Scene.class).orElseThrow().deactivatable()) {
                    throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "this scene cannot be deactivated");
                }
                return new DeviceCommand.SetSceneActive(false);
            default:
                throw Capabilities.unsupported(directive);
        }
    }

    @Override
    public AlexaEvent answer(Completion completion) {
        String name = "Activate".equals(completion.name()) ? "ActivationStarted" : "DeactivationStarted";
        ObjectNode payload = Json.object();
        payload.putObject("cause").put("type", "VOICE_INTERACTION");
        payload.put("timestamp", AlexaTime.format(completion.state().observedAt()));
        return completion.answer(NAMESPACE, name, payload);
    }
}
