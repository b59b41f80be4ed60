package dev.homewire.entrypoint;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.VendorAccount;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A scriptable vendor adapter for the entrypoint tests: answers, fails or hangs as told. */
final class FakeAdapter implements DeviceAdapter {
    private final String id;
    volatile List<Device> devices = List.of();
    volatile RuntimeException discoverFailure;
    volatile boolean hangOnDiscover;
    volatile Supplier<DeviceState> state;
    volatile RuntimeException queryFailure;
    volatile boolean hangOnQuery;
    volatile Duration stateFreshness = Duration.ofSeconds(30);
    volatile Duration typicalCommandLatency = Duration.ofMillis(1500);
    volatile InteractionStyle interactionStyle = InteractionStyle.SYNC;
    final AtomicInteger discoverCalls = new AtomicInteger();
    final AtomicInteger queryCalls = new AtomicInteger();
    final AtomicInteger executeCalls = new AtomicInteger();
    final AtomicInteger interrupted = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);

    FakeAdapter(String id) {
        this.id = id;
    }

    /** Lets hanging calls go (tests call it when done). */
    void release() {
        release.countDown();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InteractionStyle interactionStyle() {
        return interactionStyle;
    }

    @Override
    public Duration stateFreshness() {
        return stateFreshness;
    }

    @Override
    public Duration typicalCommandLatency() {
        return typicalCommandLatency;
    }

    @Override
    public List<Device> discover(VendorAccount account) {
        discoverCalls.incrementAndGet();
        if (hangOnDiscover) {
            hang();
        }
        if (discoverFailure != null) {
            throw discoverFailure;
        }
        return devices;
    }

    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) {
        executeCalls.incrementAndGet();
        throw new AdapterException(AdapterException.Reason.VENDOR_ERROR, "the entrypoint must never execute commands");
    }

    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) {
        queryCalls.incrementAndGet();
        if (hangOnQuery) {
            hang();
        }
        if (queryFailure != null) {
            throw queryFailure;
        }
        return state.get();
    }

    private void hang() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            Thread.currentThread().interrupt();
            throw new AdapterException(AdapterException.Reason.VENDOR_UNAVAILABLE, "interrupted");
        }
    }
}
