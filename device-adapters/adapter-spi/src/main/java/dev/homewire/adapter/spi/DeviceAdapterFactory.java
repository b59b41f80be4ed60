package dev.homewire.adapter.spi;

/**
 * The {@link java.util.ServiceLoader} entry point of an adapter module: list the implementation
 * in {@code META-INF/services/dev.homewire.adapter.spi.DeviceAdapterFactory}.
 */
public interface DeviceAdapterFactory {

    /** The id of the adapter this factory creates; equals {@link DeviceAdapter#id()}. */
    String adapterId();

    /** Creates the adapter once per process; the context carries configuration and shared clients. */
    DeviceAdapter create(AdapterContext context);
}
