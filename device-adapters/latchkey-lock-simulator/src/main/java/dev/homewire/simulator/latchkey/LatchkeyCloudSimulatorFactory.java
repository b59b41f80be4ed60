package dev.homewire.simulator.latchkey;

import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.VendorCloudSimulatorFactory;

/** {@link java.util.ServiceLoader} entry of the Latchkey lock cloud simulator. */
public final class LatchkeyCloudSimulatorFactory implements VendorCloudSimulatorFactory {

    @Override
    public String adapterId() {
        return LatchkeyCloudSimulator.ADAPTER_ID;
    }

    @Override
    public VendorCloudSimulator create() {
        return new LatchkeyCloudSimulator();
    }
}
