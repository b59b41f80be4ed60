package dev.homewire.simulator.aegis;

import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.VendorCloudSimulatorFactory;

/** {@link java.util.ServiceLoader} entry of the Aegis security cloud simulator. */
public final class AegisCloudSimulatorFactory implements VendorCloudSimulatorFactory {

    @Override
    public String adapterId() {
        return AegisCloudSimulator.ADAPTER_ID;
    }

    @Override
    public VendorCloudSimulator create() {
        return new AegisCloudSimulator();
    }
}
