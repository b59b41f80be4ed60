package dev.homewire.processors.poll;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.core.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * An {@link InteractionStyle#ASYNC_POLL} vendor cloud in memory: commands are accepted (202) and
 * take effect on the device only after it has been looked at a given number of times (or never);
 * each query moves the test clock by {@link #CALL_TIME}, and queries can be made to fail.
 */
final class FakePollingVendor implements DeviceAdapter {
    static final String ID = "poller";
    static final Duration CALL_TIME = Duration.ofMillis(200);

    private final String id;
    private final MutableClock clock;
    private final Map<String, DeviceState> devices = new ConcurrentHashMap<>();
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Deque<Supplier<RuntimeException>> failures = new ArrayDeque<>();
    final List<String> queried = new CopyOnWriteArrayList<>();
    volatile int batchQueries;
    private volatile RuntimeException always;

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
        this.id = id;
        this.clock = clock;
    }

    void setDevice(String deviceId, DeviceState state) {
        devices.put(deviceId, state);
    }

    DeviceState device(String deviceId) {
        return devices.get(deviceId);
    }

    /** The vendor accepted {@code command}; the device shows it at the {@code appliesOnQuery}-th query from now. */
    void accepted(String deviceId, DeviceCommand command, int appliesOnQuery) {
        inFlight.put(deviceId, new InFlight(command, appliesOnQuery));
    }

    /** The vendor accepted {@code command} but the device never carries it out. */
    void acceptedButNeverApplied(String deviceId, DeviceCommand command) {
        accepted(deviceId, command, Integer.MAX_VALUE);
    }

    /** The next query throws this. */
    synchronized void failNext(Supplier<RuntimeException> failure) {
        failures.add(failure);
    }

    /** Every call throws this from now on (null: stop). */
    void failAlways(RuntimeException failure) {
        this.always = failure;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InteractionStyle interactionStyle() {
        return InteractionStyle.ASYNC_POLL;
    }

    @Override
    public Duration stateFreshness() {
        return Duration.ofSeconds(30);
    }

    @Override
    public Duration typicalCommandLatency() {
        return Duration.ofSeconds(4);
    }

    @Override
    public List<Device> discover(VendorAccount account) {
        throw new UnsupportedOperationException("not needed by the polling processor");
    }

    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) {
        accepted(deviceId, command, 1);
        return new CommandResult.Accepted("op-" + deviceId);
    }

    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) {
        queried.add(deviceId);
        clock.advance(CALL_TIME);
        if (always != null) {
            throw always;
        }
        Supplier<RuntimeException> failure;
        synchronized (this) {
            failure = failures.poll();
        }
        if (failure != null) {
            throw failure.get();
        }
        DeviceState state = devices.get(deviceId);
        if (state == null) {
            throw new AdapterException(AdapterException.Reason.DEVICE_NOT_FOUND, "no device " + deviceId);
        }
        InFlight pending = inFlight.get(deviceId);
        if (pending != null && --pending.queriesLeft <= 0) {
            inFlight.remove(deviceId);
            state = apply(state, pending.command);
        }
        state = state.withObservedAt(clock.instant());
        devices.put(deviceId, state);
        return state;
    }

    @Override
    public Map<String, DeviceState> queryStates(VendorAccount account, java.util.Collection<String> deviceIds) {
        batchQueries++;
        return DeviceAdapter.super.queryStates(account, deviceIds);
    }

    private static DeviceState apply(DeviceState state, DeviceCommand command) {
        DeviceState.Builder next = state.toBuilder();
        if (command instanceof DeviceCommand.SetPower c) {
            next.power(c.power());
        } else if (command instanceof DeviceCommand.SetBrightness c) {
            next.brightness(c.brightness());
        } else if (command instanceof DeviceCommand.SetLockState c) {
            next.lockState(c.lockState());
        } else if (command instanceof DeviceCommand.SetTargetSetpoint c) {
            next.targetSetpoint(c.setpoint());
        } else if (command instanceof DeviceCommand.SetThermostatMode c) {
            next.thermostatMode(c.mode());
        } else {
            throw new UnsupportedOperationException("the fake vendor does not apply " + command);
        }
        return next.build();
    }
}
