package dev.homewire.processors.testing;

import dev.homewire.core.testing.MutableClock;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.VendorAccount;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A SYNC vendor cloud in memory: keeps each device's state, applies commands to it, and can be
 * told to fail the next calls. Each call moves the test clock by {@link #CALL_TIME}.
 */
public final class FakeAdapter implements DeviceAdapter {
    public static final String ID = "fake";
    public static final Duration CALL_TIME = Duration.ofMillis(100);

    private final MutableClock clock;
    private final Map<String, DeviceState> devices = new ConcurrentHashMap<>();
    private final Deque<Supplier<RuntimeException>> failures = new ArrayDeque<>();
    public final List<DeviceCommand> executed = new CopyOnWriteArrayList<>();
    public final List<String> queried = new CopyOnWriteArrayList<>();
    public volatile Duration stateFreshness = Duration.ofMinutes(1);
    public volatile boolean answerAccepted;
    private volatile AdapterException always;

    public FakeAdapter(MutableClock clock) {
        this.clock = clock;
    }

    public void setDevice(String deviceId, DeviceState state) {
        devices.put(deviceId, state);
    }

    public DeviceState device(String deviceId) {
        return devices.get(deviceId);
    }

    /** The next call (execute or queryState) throws this. */
    public synchronized void failNext(Supplier<RuntimeException> failure) {
        failures.add(failure);
    }

    /** Every call throws this from now on. */
    public void failAlways(AdapterException failure) {
        this.always = failure;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public InteractionStyle interactionStyle() {
        return InteractionStyle.SYNC;
    }

    @Override
    public Duration stateFreshness() {
        return stateFreshness;
    }

    @Override
    public Duration typicalCommandLatency() {
        return Duration.ofMillis(500);
    }

    @Override
    public List<Device> discover(VendorAccount account) {
        throw new UnsupportedOperationException("not needed by the processor");
    }

    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) {
        executed.add(command);
        call();
        if (answerAccepted) {
            return new CommandResult.Accepted("op-1");
        }
        DeviceState.Builder next = existing(deviceId).toBuilder().observedAt(clock.instant());
        if (command instanceof DeviceCommand.SetPower c) {
            next.power(c.power());
        } else if (command instanceof DeviceCommand.SetBrightness c) {
            next.brightness(c.brightness());
        } else if (command instanceof DeviceCommand.SetColor c) {
            next.color(c.color());
        } else if (command instanceof DeviceCommand.SetColorTemperature c) {
            next.colorTemperatureKelvin(c.kelvin());
        }
        DeviceState state = next.build();
        devices.put(deviceId, state);
        return new CommandResult.Completed(state);
    }

    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) {
        queried.add(deviceId);
        call();
        return existing(deviceId).toBuilder().observedAt(clock.instant()).build();
    }

    private DeviceState existing(String deviceId) {
        DeviceState state = devices.get(deviceId);
        if (state == null) {
            throw new AdapterException(AdapterException.Reason.DEVICE_NOT_FOUND, "no device " + deviceId);
        }
        return state;
    }

    private void call() {
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
    }
}
