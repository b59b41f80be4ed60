package dev.homewire.adapters.arbor;

import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.arbor.ArborCloudSimulator;
import dev.homewire.testkit.AdapterContractTest;
import java.time.Duration;

/**
 * The Arbor adapter against its simulator, through the contract every adapter keeps: for an
 * ASYNC_POLL adapter the kit sends each command of every declared trait (blinds, fans, the garage
 * door, both scenes, the thermostat's three setpoints, heater, humidifier, the washer's hold and
 * resume …), expects {@code Accepted}, and polls {@code queryState} until the state shows it. The
 * simulator applies operations after 300 ms here.
 */
class ArborContractTest extends AdapterContractTest {
    @Override
    protected DeviceAdapterFactory adapterFactory() {
        return new ArborAdapterFactory();
    }

    @Override
    protected VendorCloudSimulator newCloud() {
        return new ArborCloudSimulator(Duration.ofMillis(300));
    }

    @Override
    protected Duration asyncTimeout() {
        return Duration.ofSeconds(5);
    }
}
