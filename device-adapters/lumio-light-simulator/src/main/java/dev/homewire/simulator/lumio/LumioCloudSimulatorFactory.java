package dev.homewire.simulator.lumio;

import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.VendorCloudSimulatorFactory;

/** {@link java.util.ServiceLoader} entry of the Lumio cloud simulator. */
public final class LumioCloudSimulatorFactory implements VendorCloudSimulatorFactory {

    @Override
    public String adapterId() {
        return LumioCloudSimulator.ADAPTER_ID;
    }

    @Override
    public VendorCloudSimulator create() {
        return new LumioCloudSimulator();
    }
}
