package dev.homewire.adapters.lumio;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import java.net.URI;

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
        String baseUrl = context.requiredSetting(BASE_URL);
        URI uri;
        try {
            uri = URI.create(baseUrl.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("adapter lumio: " + AdapterContext.envName(LumioAdapter.ID, BASE_URL)
                    + " is not a URL: " + baseUrl, e);
        }
        try {
            return new LumioAdapter(uri, context.httpClient(), context.callTimeout());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("adapter lumio: " + AdapterContext.envName(LumioAdapter.ID, BASE_URL)
                    + ": " + e.getMessage(), e);
        }
    }
}
