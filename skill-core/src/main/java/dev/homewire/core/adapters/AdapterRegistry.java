package dev.homewire.core.adapters;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/** The adapters on the class path, found through {@link ServiceLoader} and created once. */
public final class AdapterRegistry {
    private final Map<String, DeviceAdapter> adapters;

    public AdapterRegistry(Collection<DeviceAdapter> adapters) {
        Map<String, DeviceAdapter> byId = new LinkedHashMap<>();
        for (DeviceAdapter adapter : adapters) {
            if (byId.put(adapter.id(), adapter) != null) {
                throw new IllegalStateException("two adapters with id " + adapter.id());
            }
        }
        this.adapters = Collections.unmodifiableMap(byId);
    }

    /** Creates every adapter listed in {@code META-INF/services/dev.homewire.adapter.spi.DeviceAdapterFactory}. */
    public static AdapterRegistry load(Map<String, String> environment, CloseableHttpClient httpClient, Duration callTimeout) {
        Map<String, DeviceAdapter> found = new LinkedHashMap<>();
        for (DeviceAdapterFactory factory : ServiceLoader.load(DeviceAdapterFactory.class)) {
            AdapterContext context = new AdapterContext(factory.adapterId(), environment, httpClient, callTimeout);
            found.put(factory.adapterId(), factory.create(context));
        }
        return new AdapterRegistry(found.values());
    }

    public Optional<DeviceAdapter> find(String adapterId) {
        return Optional.ofNullable(adapters.get(adapterId));
    }

    public Collection<DeviceAdapter> all() {
        return adapters.values();
    }
}
