package dev.homewire.adapters.lumio;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;

/**
 * {@link java.util.ServiceLoader} entry of the Lumio adapter. Configuration:
 * {@code HOMEWIRE_ADAPTER_LUMIO_BASE_URL} (e.g. {@code https://api.lumio.example}).
 */
public final class LumioAdapterFactory implements DeviceAdapterFactory {

    public static final String BASE_URL = "BASE_URL";

    @Override
    public String adapterId() {
        return LumioAdapter.ID;
    }

    @Override
    public DeviceAdapter create(AdapterContext context) {
        return context.createFromUrlSetting(BASE_URL,
                baseUrl -> new LumioAdapter(baseUrl, context.httpClient(), context.callTimeout()));
    }
}
