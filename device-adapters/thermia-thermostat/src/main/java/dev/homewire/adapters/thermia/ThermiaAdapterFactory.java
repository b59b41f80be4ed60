package dev.homewire.adapters.thermia;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;

/**
 * {@link java.util.ServiceLoader} entry of the Thermia adapter. Configuration:
 * {@code HOMEWIRE_ADAPTER_THERMIA_BASE_URL} (e.g. {@code https://api.thermia.example}).
 */
public final class ThermiaAdapterFactory implements DeviceAdapterFactory {

    public static final String BASE_URL = "BASE_URL";

    @Override
    public String adapterId() {
        return ThermiaAdapter.ID;
    }

    @Override
    public DeviceAdapter create(AdapterContext context) {
        return context.createFromUrlSetting(BASE_URL,
                baseUrl -> new ThermiaAdapter(baseUrl, context.httpClient(), context.callTimeout()));
    }
}
