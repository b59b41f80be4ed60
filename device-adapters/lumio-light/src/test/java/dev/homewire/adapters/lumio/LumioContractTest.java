package dev.homewire.adapters.lumio;

import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.lumio.LumioCloudSimulator;
import dev.homewire.testkit.AdapterContractTest;

/** The Lumio adapter against its simulator, through the contract every adapter keeps. */
class LumioContractTest extends AdapterContractTest {
    @Override
    protected DeviceAdapterFactory adapterFactory() {
        return new LumioAdapterFactory();
    }

    @Override
    protected VendorCloudSimulator newCloud() {
        return new LumioCloudSimulator();
    }
}
