package dev.homewire.core.adapters;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.ErrorType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapters on the class path, found through {@link ServiceLoader} and created once.
 *
 * <p>Adapters are isolated from each other: a factory that cannot start (a missing or malformed
 * setting) disables that adapter only, with one ERROR line naming it and the reason, and its
 * endpoints answer {@code ENDPOINT_UNREACHABLE}; every other adapter works. Packaging mistakes
 * fail loudly at load time instead: two factories with the same adapter id, or an adapter whose
 * {@code id()} differs from its factory's {@code adapterId()}.
 */
public final class AdapterRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(AdapterRegistry.class);

    private final Map<String, DeviceAdapter> adapters;
    private final Map<String, String> disabled;

    public AdapterRegistry(Collection<DeviceAdapter> adapters) {
        this(adapters, Map.of());
    }

    /** @param disabled adapters that could not start: id to the reason (no secret in it) */
    public AdapterRegistry(Collection<DeviceAdapter> adapters, Map<String, String> disabled) {
        Map<String, DeviceAdapter> byId = new LinkedHashMap<>();
        for (DeviceAdapter adapter : adapters) {
            if (byId.put(adapter.id(), adapter) != null) {
                throw new IllegalStateException("two adapters with id " + adapter.id());
            }
        }
        for (String id : disabled.keySet()) {
            if (byId.containsKey(id)) {
                throw new IllegalStateException("adapter " + id + " is both installed and disabled");
            }
        }
        this.adapters = Collections.unmodifiableMap(byId);
        this.disabled = Map.copyOf(disabled);
    }

    /** Creates every adapter listed in {@code META-INF/services/dev.homewire.adapter.spi.DeviceAdapterFactory}. */
    public static AdapterRegistry load(Map<String, String> environment, CloseableHttpClient httpClient, Duration callTimeout) {
        return create(ServiceLoader.load(DeviceAdapterFactory.class).stream().map(ServiceLoader.Provider::get).toList(),
                environment, httpClient, callTimeout);
    }

    /**
     * Creates the factories' adapters, disabling the ones that fail to start.
     *
     * @throws IllegalStateException two factories for one adapter id, or an adapter whose id is not its factory's
     */
    public static AdapterRegistry create(List<DeviceAdapterFactory> factories, Map<String, String> environment,
                                         CloseableHttpClient httpClient, Duration callTimeout) {
        Map<String, DeviceAdapterFactory> byId = new LinkedHashMap<>();
        for (DeviceAdapterFactory factory : factories) {
            DeviceAdapterFactory other = byId.put(factory.adapterId(), factory);
            if (other != null) {
                throw new IllegalStateException("two adapter factories for adapter id '" + factory.adapterId() + "': "
                        + other.getClass().getName() + " and " + factory.getClass().getName()
                        + "; each manufacturer module must have its own id");
            }
        }
        Map<String, DeviceAdapter> created = new LinkedHashMap<>();
        Map<String, String> disabled = new LinkedHashMap<>();
        for (DeviceAdapterFactory factory : byId.values()) {
            String id = factory.adapterId();
            DeviceAdapter adapter;
            try {
                adapter = factory.create(new AdapterContext(id, environment, httpClient, callTimeout));
            } catch (RuntimeException e) {
                String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                LOG.error("adapter {} is disabled: it could not start ({}); its endpoints answer ENDPOINT_UNREACHABLE, "
                        + "the other adapters work", id, reason);
                disabled.put(id, reason);
                continue;
            }
            if (!id.equals(adapter.id())) {
                throw new IllegalStateException("factory " + factory.getClass().getName() + " declares adapter id '" + id
                        + "' but created an adapter with id '" + adapter.id() + "'");
            }
            created.put(id, adapter);
        }
        return new AdapterRegistry(created.values(), disabled);
    }

    /**
     * The same adapters, each wrapped by {@code decorator} (the runtime puts every vendor call
     * behind its vendor's circuit breaker); disabled ones stay disabled.
     */
    public AdapterRegistry decorated(UnaryOperator<DeviceAdapter> decorator) {
        List<DeviceAdapter> wrapped = new ArrayList<>();
        for (DeviceAdapter adapter : adapters.values()) {
            DeviceAdapter w = decorator.apply(adapter);
            if (!adapter.id().equals(w.id())) {
                throw new IllegalStateException("a decorator changed adapter id " + adapter.id() + " to " + w.id());
            }
            wrapped.add(w);
        }
        return new AdapterRegistry(wrapped, disabled);
    }

    public Optional<DeviceAdapter> find(String adapterId) {
        return Optional.ofNullable(adapters.get(adapterId));
    }

    /**
     * The adapter of an endpoint's vendor, for answering a directive.
     *
     * @throws AlexaErrorException ENDPOINT_UNREACHABLE when the adapter is disabled (it could not
     *                             start), INTERNAL_ERROR when this deployment does not have it at all
     */
    public DeviceAdapter require(String adapterId) {
        DeviceAdapter adapter = adapters.get(adapterId);
        if (adapter != null) {
            return adapter;
        }
        if (disabled.containsKey(adapterId)) {
            throw new AlexaErrorException(ErrorType.ENDPOINT_UNREACHABLE,
                    "the " + adapterId + " integration is unavailable in this deployment");
        }
        throw new AlexaErrorException(ErrorType.INTERNAL_ERROR, "no adapter '" + adapterId + "' is installed");
    }

    /** Adapters that could not start: id to the reason. */
    public Map<String, String> disabled() {
        return disabled;
    }

    public Collection<DeviceAdapter> all() {
        return adapters.values();
    }
}
