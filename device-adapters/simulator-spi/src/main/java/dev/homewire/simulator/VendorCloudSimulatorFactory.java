package dev.homewire.simulator;

/** {@link java.util.ServiceLoader} entry of a simulator module. */
public interface VendorCloudSimulatorFactory {
    String adapterId();

    VendorCloudSimulator create();
}
