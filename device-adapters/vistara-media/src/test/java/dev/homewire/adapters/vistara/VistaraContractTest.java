package dev.homewire.adapters.vistara;

import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.vistara.VistaraCloudSimulator;
import dev.homewire.testkit.AdapterContractTest;

/** The Vistara adapter against its simulator, through the contract every adapter keeps. */
class VistaraContractTest extends AdapterContractTest {
    @Override
    protected DeviceAdapterFactory adapterFactory() {
        return new VistaraAdapterFactory();
    }

    @Override
    protected VendorCloudSimulator newCloud() {
        return new VistaraCloudSimulator();
    }
}
