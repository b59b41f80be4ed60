package dev.homewire.adapters.thermia;

import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.thermia.ThermiaCloudSimulator;
import dev.homewire.testkit.AdapterContractTest;
import java.time.Duration;

/**
 * The Thermia adapter against its simulator, through the contract every adapter keeps: for an
 * ASYNC_POLL adapter the kit sends each command, expects {@code Accepted}, and polls
 * {@code queryState} until the state shows it. The simulator applies commands after 300 ms here.
 */
class ThermiaContractTest extends AdapterContractTest {
    @Override
    protected DeviceAdapterFactory adapterFactory() {
        return new ThermiaAdapterFactory();
    }

    @Override
    protected VendorCloudSimulator newCloud() {
        return new ThermiaCloudSimulator(Duration.ofMillis(300));
    }

    @Override
    protected Duration asyncTimeout() {
        return Duration.ofSeconds(5);
    }
}
