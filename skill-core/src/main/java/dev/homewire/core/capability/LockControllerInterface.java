package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.LockController}: Lock / Unlock, property {@code lockState} (LOCKED, UNLOCKED or
 * JAMMED). A lock that jams while carrying out the directive is answered with an
 * {@code Alexa.Response} whose {@code lockState} is JAMMED, never with the state asked for.
 */
public final class LockControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.LockController";
    public static final String LOCK_STATE = "lockState";

    public LockControllerInterface() {
        super(NAMESPACE, Trait.Lock.class, Set.of("Lock", "Unlock"), LOCK_STATE);
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        LockState lock = state.lockState();
        return property(LOCK_STATE, lock == null ? null : TextNode.valueOf(lock.name()), state, now);
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        switch (directive.name()) {
            case "Lock":
                return new DeviceCommand.SetLockState(LockState.LOCKED);
            case "Unlock":
                return new DeviceCommand.SetLockState(LockState.UNLOCKED);
            default:
                throw Capabilities.unsupported(directive);
        }
    }
}
