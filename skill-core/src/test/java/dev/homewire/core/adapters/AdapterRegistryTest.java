package dev.homewire.core.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.ErrorType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.Test;

class AdapterRegistryTest {

    private record Adapter(String id) implements DeviceAdapter {
        public InteractionStyle interactionStyle() { return InteractionStyle.SYNC; }
        public Duration stateFreshness() { return Duration.ofMinutes(1); }
        public Duration typicalCommandLatency() { return Duration.ofSeconds(1); }
        public List<dev.homewire.adapter.spi.Device> discover(VendorAccount account) { return List.of(); }
        public CommandResult execute(VendorAccount account, String deviceId, DeviceCommand command) { throw new UnsupportedOperationException(); }
        public DeviceState queryState(VendorAccount account, String deviceId) { throw new UnsupportedOperationException(); }
    }

    /** A factory that needs {@code HOMEWIRE_ADAPTER_<ID>_BASE_URL}, creating an adapter with {@code createdId}. */
    private record Factory(String adapterId, String createdId) implements DeviceAdapterFactory {
        Factory(String adapterId) {
            this(adapterId, adapterId);
        }

        public DeviceAdapter create(AdapterContext context) {
            context.requiredUrlSetting("BASE_URL");
            return new Adapter(createdId);
        }
    }

    private static AdapterRegistry load(Map<String, String> env, DeviceAdapterFactory... factories) {
        return AdapterRegistry.create(List.of(factories), env, HttpClients.createMinimal(), Duration.ofSeconds(1));
    }

    @Test
    void decoratingWrapsEveryAdapterAndKeepsTheDisabledOnes() {
        AdapterRegistry registry = load(Map.of("HOMEWIRE_ADAPTER_GOOD_BASE_URL", "http://127.0.0.1:1"),
                new Factory("good"), new Factory("broken"));
        dev.homewire.core.breaker.VendorBreakers breakers = new dev.homewire.core.breaker.VendorBreakers(
                new dev.homewire.core.breaker.VendorStatusStore() {
                    public java.util.Optional<dev.homewire.core.breaker.VendorStatus> find(String id) { return java.util.Optional.empty(); }
                    public List<dev.homewire.core.breaker.VendorStatus> all() { return List.of(); }
                    public java.util.Optional<dev.homewire.core.breaker.VendorStatus> markDown(String id, long v, java.time.Instant u, String r,
                            java.time.Instant n) { return java.util.Optional.empty(); }
                    public java.util.Optional<dev.homewire.core.breaker.VendorStatus> claimProbe(String id, long v, String o,
                            java.time.Instant l, java.time.Instant n) { return java.util.Optional.empty(); }
                    public java.util.Optional<dev.homewire.core.breaker.VendorStatus> markUp(String id, long v, java.time.Instant n) {
                        return java.util.Optional.empty(); }
                }, Duration.ofSeconds(30), java.time.Clock.systemUTC());

        AdapterRegistry guarded = registry.decorated(a -> new dev.homewire.core.breaker.GuardedAdapter(a, breakers));

        assertTrue(guarded.require("good") instanceof dev.homewire.core.breaker.GuardedAdapter);
        assertEquals("good", guarded.require("good").id());
        assertEquals(List.of(), guarded.require("good").discover(null), "calls go through to the adapter");
        assertEquals(registry.disabled(), guarded.disabled());
        assertThrows(IllegalStateException.class, () -> registry.decorated(a -> new Adapter("renamed")));
    }

    @Test
    void aFactoryThatCannotStartDisablesOnlyItsAdapter() {
        AdapterRegistry registry = load(Map.of("HOMEWIRE_ADAPTER_GOOD_BASE_URL", "http://127.0.0.1:1"),
                new Factory("good"), new Factory("broken"));

        assertEquals("good", registry.require("good").id());
        assertTrue(registry.find("broken").isEmpty());
        assertTrue(registry.disabled().get("broken").contains("HOMEWIRE_ADAPTER_BROKEN_BASE_URL"), registry.disabled().toString());
        AlexaErrorException e = assertThrows(AlexaErrorException.class, () -> registry.require("broken"));
        assertEquals(ErrorType.ENDPOINT_UNREACHABLE.name(), e.error().type());
        assertEquals(ErrorType.INTERNAL_ERROR.name(), assertThrows(AlexaErrorException.class, () -> registry.require("absent")).error().type());
        System.out.println("adapters working " + registry.all().size() + ", disabled " + registry.disabled().keySet());
    }

    @Test
    void twoFactoriesWithOneAdapterIdFailLoudly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> load(Map.of(), new Factory("twin"), new Factory("twin")));
        assertTrue(e.getMessage().contains("two adapter factories for adapter id 'twin'"), e.getMessage());
    }

    @Test
    void anAdapterWhoseIdIsNotItsFactorysFailsLoudly() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> load(Map.of("HOMEWIRE_ADAPTER_ACME_BASE_URL", "http://127.0.0.1:1"), new Factory("acme", "globex")));
        assertTrue(e.getMessage().contains("created an adapter with id 'globex'"), e.getMessage());
    }
}
