package dev.homewire.adapters.thermia;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import java.net.URI;

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
        String baseUrl = context.requiredSetting(BASE_URL);
        URI uri;
        try {
            uri = URI.create(baseUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("adapter thermia: " + AdapterContext.envName(ThermiaAdapter.ID, BASE_URL)
                    + " is not a URL: " + baseUrl, e);
        }
        try {
            return new ThermiaAdapter(uri, context.httpClient(), context.callTimeout());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("adapter thermia: " + AdapterContext.envName(ThermiaAdapter.ID, BASE_URL)
                    + ": " + e.getMessage(), e);
        }
    }
}
