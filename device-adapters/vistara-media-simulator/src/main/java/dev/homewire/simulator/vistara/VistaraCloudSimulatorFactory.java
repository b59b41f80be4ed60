package dev.homewire.simulator.vistara;

import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.VendorCloudSimulatorFactory;

/** {@link java.util.ServiceLoader} entry of the Vistara media cloud simulator. */
public final class VistaraCloudSimulatorFactory implements VendorCloudSimulatorFactory {

    @Override
    public String adapterId() {
        return VistaraCloudSimulator.ADAPTER_ID;
    }

    @Override
    public VendorCloudSimulator create() {
        return new VistaraCloudSimulator();
    }
}
