package dev.homewire.adapters.arbor;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;

/**
 * {@link java.util.ServiceLoader} entry of the Arbor adapter. Configuration:
 * {@code HOMEWIRE_ADAPTER_ARBOR_BASE_URL} (e.g. {@code https://api.arbor.example}).
 */
public final class ArborAdapterFactory implements DeviceAdapterFactory {

    public static final String BASE_URL = "BASE_URL";

    @Override
    public String adapterId() {
        return ArborAdapter.ID;
    }

    @Override
    public DeviceAdapter create(AdapterContext context) {
        return context.createFromUrlSetting(BASE_URL,
                baseUrl -> new ArborAdapter(baseUrl, context.httpClient(), context.callTimeout()));
    }
}
