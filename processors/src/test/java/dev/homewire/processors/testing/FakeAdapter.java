package dev.homewire.processors.testing;

import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.core.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A SYNC vendor cloud in memory: keeps each device's state, applies commands to it, and can be
 * told to fail the next calls. Each call moves the test clock by {@link #CALL_TIME}.
 */
public final class FakeAdapter extends FakeVendorCloud {
    public static final String ID = "fake";
    public static final Duration CALL_TIME = Duration.ofMillis(100);

    public final List<DeviceCommand> executed = new CopyOnWriteArrayList<>();
    public volatile boolean answerAccepted;

    public FakeAdapter(MutableClock clock) {
        super(ID, InteractionStyle.SYNC, Duration.ofMinutes(1), Duration.ofMillis(500), clock, CALL_TIME);
    }

    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) {
        executed.add(command);
        call();
        if (answerAccepted) {
            return new CommandResult.Accepted("op-1");
        }
        DeviceState.Builder next = existing(deviceId).toBuilder().observedAt(clock.instant());
        applyCommand(next, command); // others leave the state as it is
        return new CommandResult.Completed(save(deviceId, next.build()));
    }
}
