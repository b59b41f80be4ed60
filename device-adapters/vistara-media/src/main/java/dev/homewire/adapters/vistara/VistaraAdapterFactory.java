package dev.homewire.adapters.vistara;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;

/**
 * {@link java.util.ServiceLoader} entry of the Vistara adapter. Configuration:
 * {@code HOMEWIRE_ADAPTER_VISTARA_BASE_URL} (e.g. {@code https://api.vistara.example}).
 */
public final class VistaraAdapterFactory implements DeviceAdapterFactory {

    public static final String BASE_URL = "BASE_URL";

    @Override
    public String adapterId() {
        return VistaraAdapter.ID;
    }

    @Override
    public DeviceAdapter create(AdapterContext context) {
        return context.createFromUrlSetting(BASE_URL,
                baseUrl -> new VistaraAdapter(baseUrl, context.httpClient(), context.callTimeout()));
    }
}
