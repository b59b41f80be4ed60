package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** {@code Alexa.RecordController}: StartRecording / StopRecording, property {@code RecordingState} (RECORDING, NOT_RECORDING). */
public final class RecordControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.RecordController";

    public RecordControllerInterface() {
        super(NAMESPACE, Trait.Recording.class, Set.of("StartRecording", "StopRecording"), "RecordingState");
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        Boolean recording = state.get(StateKey.RECORDING);
        return property("RecordingState", recording == null ? null : TextNode.valueOf(recording ? "RECORDING" : "NOT_RECORDING"),
                state, now);
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        switch (directive.name()) {
            case "StartRecording":
                return new DeviceCommand.SetRecording(true);
            case "StopRecording":
                return new DeviceCommand.SetRecording(false);
            default:
                throw Capabilities.unsupported(directive);
        }
    }
}
