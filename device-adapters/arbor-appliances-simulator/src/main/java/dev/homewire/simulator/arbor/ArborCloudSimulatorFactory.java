package dev.homewire.simulator.arbor;

import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.VendorCloudSimulatorFactory;

/** {@link java.util.ServiceLoader} entry of the Arbor appliance cloud simulator (default apply delay, system clock). */
public final class ArborCloudSimulatorFactory implements VendorCloudSimulatorFactory {

    @Override
    public String adapterId() {
        return ArborCloudSimulator.ADAPTER_ID;
    }

    @Override
    public VendorCloudSimulator create() {
        return new ArborCloudSimulator();
    }
}
