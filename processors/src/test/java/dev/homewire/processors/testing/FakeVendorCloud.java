package dev.homewire.processors.testing;

import dev.homewire.adapter.spi.AdapterException;
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
 * What the in-memory vendor clouds of these tests share: identity and timings, each device's state, calls that take
 * {@code callTime} of the test clock, and failures the test arranges for the next calls or for
 * all of them. Subclasses decide which of their calls go through {@link #call()}, and what a
 * command does.
 */
public abstract class FakeVendorCloud implements DeviceAdapter {
    protected final MutableClock clock;
    private final String id;
    private final InteractionStyle style;
    private final Duration typicalCommandLatency;
    private final Duration callTime;
    private final Map<String, DeviceState> devices = new ConcurrentHashMap<>();
    private final Deque<Supplier<RuntimeException>> failures = new ArrayDeque<>();
    private volatile RuntimeException always;
    /** The device ids whose state was queried, in order. */
    public final List<String> queried = new CopyOnWriteArrayList<>();
    /** How long stored state is good for; tests may change it. */
    public volatile Duration stateFreshness;

    protected FakeVendorCloud(String id, InteractionStyle style, Duration stateFreshness, Duration typicalCommandLatency,
                              MutableClock clock, Duration callTime) {
        this.id = id;
        this.style = style;
        this.stateFreshness = stateFreshness;
        this.typicalCommandLatency = typicalCommandLatency;
        this.clock = clock;
        this.callTime = callTime;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InteractionStyle interactionStyle() {
        return style;
    }

    @Override
    public Duration stateFreshness() {
        return stateFreshness;
    }

    @Override
    public Duration typicalCommandLatency() {
        return typicalCommandLatency;
    }

    public void setDevice(String deviceId, DeviceState state) {
        devices.put(deviceId, state);
    }

    /** The vendor forgets the device (its owner removed it). */
    public void removeDevice(String deviceId) {
        devices.remove(deviceId);
    }

    public DeviceState device(String deviceId) {
        return devices.get(deviceId);
    }

    /** The next call throws this. */
    public synchronized void failNext(Supplier<RuntimeException> failure) {
        failures.add(failure);
    }

    /** Every call throws this from now on (null: stop). */
    public void failAlways(RuntimeException failure) {
        this.always = failure;
    }

    /** What {@link #discover} lists; tests that rediscover set it. */
    public final List<Device> catalogue = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public List<Device> discover(VendorAccount account) {
        call();
        return List.copyOf(catalogue);
    }

    /** One call reaching the vendor: takes the call time, then fails as arranged. */
    protected void call() {
        clock.advance(callTime);
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

    /** The device's state; {@code DEVICE_NOT_FOUND} for a device the vendor does not have. */
    protected DeviceState existing(String deviceId) {
        DeviceState state = devices.get(deviceId);
        if (state == null) {
            throw new AdapterException(AdapterException.Reason.DEVICE_NOT_FOUND, "no device " + deviceId);
        }
        return state;
    }

    /** Stores and returns the device's new state. */
    protected DeviceState save(String deviceId, DeviceState state) {
        devices.put(deviceId, state);
        return state;
    }

    /** A state query reaching the vendor: recorded in {@link #queried}, then {@link #call()} and the device's state. */
    protected DeviceState query(String deviceId) {
        queried.add(deviceId);
        call();
        return existing(deviceId);
    }

    /** The device's state, observed now. */
    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) {
        return query(deviceId).toBuilder().observedAt(clock.instant()).build();
    }

    /** Applies what the command sets to {@code next}; false for a command the fakes do not know. */
    protected static boolean applyCommand(DeviceState.Builder next, DeviceCommand command) {
        if (command instanceof DeviceCommand.SetPower c) {
            next.power(c.power());
        } else if (command instanceof DeviceCommand.SetBrightness c) {
            next.brightness(c.brightness());
        } else if (command instanceof DeviceCommand.SetColor c) {
            next.color(c.color());
        } else if (command instanceof DeviceCommand.SetColorTemperature c) {
            next.colorTemperatureKelvin(c.kelvin());
        } else if (command instanceof DeviceCommand.SetLockState c) {
            next.lockState(c.lockState());
        } else if (command instanceof DeviceCommand.SetTargetSetpoint c) {
            next.targetSetpoint(c.setpoint());
        } else if (command instanceof DeviceCommand.SetThermostatMode c) {
            next.thermostatMode(c.mode());
        } else {
            return false;
        }
        return true;
    }
}
