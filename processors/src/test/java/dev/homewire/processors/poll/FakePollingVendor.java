package dev.homewire.processors.poll;

import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.core.testing.MutableClock;
import dev.homewire.processors.testing.FakeVendorCloud;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link InteractionStyle#ASYNC_POLL} vendor cloud in memory: commands are accepted (202) and
 * take effect on the device only after it has been looked at a given number of times (or never);
 * each query moves the test clock by {@link #CALL_TIME}, and queries can be made to fail.
 */
final class FakePollingVendor extends FakeVendorCloud {
    static final String ID = "poller";
    static final Duration CALL_TIME = Duration.ofMillis(200);

    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    volatile int batchQueries;

    /** A command the vendor accepted that the device applies at its {@code appliesOnQuery}-th look. */
    private static final class InFlight {
        final DeviceCommand command;
        int queriesLeft;

        InFlight(DeviceCommand command, int appliesOnQuery) {
            this.command = command;
            this.queriesLeft = appliesOnQuery;
        }
    }

    FakePollingVendor(MutableClock clock) {
        this(ID, clock);
    }

    FakePollingVendor(String id, MutableClock clock) {
        super(id, InteractionStyle.ASYNC_POLL, Duration.ofSeconds(30), Duration.ofSeconds(4), clock, CALL_TIME);
    }

    /** The vendor accepted {@code command}; the device shows it at the {@code appliesOnQuery}-th query from now. */
    void accepted(String deviceId, DeviceCommand command, int appliesOnQuery) {
        inFlight.put(deviceId, new InFlight(command, appliesOnQuery));
    }

    /** The vendor accepted {@code command} but the device never carries it out. */
    void acceptedButNeverApplied(String deviceId, DeviceCommand command) {
        accepted(deviceId, command, Integer.MAX_VALUE);
    }

    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) {
        accepted(deviceId, command, 1);
        return new CommandResult.Accepted("op-" + deviceId);
    }

    /** The device's state, observed now; an accepted command shows at its {@code appliesOnQuery}-th look. */
    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) {
        DeviceState state = query(deviceId);
        InFlight pending = inFlight.get(deviceId);
        if (pending != null && --pending.queriesLeft <= 0) {
            inFlight.remove(deviceId);
            DeviceState.Builder next = state.toBuilder();
            if (!applyCommand(next, pending.command)) {
                throw new UnsupportedOperationException("the fake vendor does not apply " + pending.command);
            }
            state = next.build();
        }
        return save(deviceId, state.withObservedAt(clock.instant()));
    }

    @Override
    public Map<String, DeviceState> queryStates(VendorAccount account, Collection<String> deviceIds) {
        batchQueries++;
        return super.queryStates(account, deviceIds);
    }
}
