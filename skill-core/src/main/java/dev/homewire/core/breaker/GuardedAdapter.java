package dev.homewire.core.breaker;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.PushNotifications;
import dev.homewire.adapter.spi.VendorAccount;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An adapter whose vendor calls ({@link #discover}, {@link #execute}, {@link #queryState},
 * {@link #queryStates}) go through its vendor's circuit breaker ({@link VendorBreakers}); the rest
 * (descriptions, the webhook side, which calls nobody) is the adapter's own. The
 * {@link dev.homewire.core.SkillRuntime} wraps every adapter so, so every caller — the directive
 * processors, polling, background sync, discovery, rediscovery, ReportState — is guarded in this
 * one place. While the breaker is open each call throws {@link VendorCircuitOpenException} without
 * reaching the adapter.
 */
public final class GuardedAdapter implements DeviceAdapter {
    private final DeviceAdapter delegate;
    private final VendorBreakers breakers;

    public GuardedAdapter(DeviceAdapter delegate, VendorBreakers breakers) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.breakers = Objects.requireNonNull(breakers, "breakers");
    }

    /** The adapter itself, unguarded. */
    public DeviceAdapter delegate() {
        return delegate;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public InteractionStyle interactionStyle() {
        return delegate.interactionStyle();
    }

    @Override
    public Duration stateFreshness() {
        return delegate.stateFreshness();
    }

    @Override
    public Duration typicalCommandLatency() {
        return delegate.typicalCommandLatency();
    }

    @Override
    public Duration typicalCommandLatency(Device device) {
        return delegate.typicalCommandLatency(device);
    }

    @Override
    public List<Device> discover(VendorAccount account) throws AdapterException {
        return breakers.call(delegate.id(), () -> delegate.discover(account));
    }

    @Override
    public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) throws AdapterException {
        return breakers.call(delegate.id(), () -> delegate.execute(account, deviceId, command));
    }

    @Override
    public DeviceState queryState(VendorAccount account, String deviceId) throws AdapterException {
        return breakers.call(delegate.id(), () -> delegate.queryState(account, deviceId));
    }

    /** One breaker call for the whole batch: the adapter's own (a summary endpoint, or device by device). */
    @Override
    public Map<String, DeviceState> queryStates(VendorAccount account, Collection<String> deviceIds) throws AdapterException {
        return breakers.call(delegate.id(), () -> delegate.queryStates(account, deviceIds));
    }

    @Override
    public Optional<PushNotifications> push() {
        return delegate.push();
    }

    @Override
    public boolean reportsChanges() {
        return delegate.reportsChanges();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
