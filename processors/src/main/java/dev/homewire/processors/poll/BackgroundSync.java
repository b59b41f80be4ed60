package dev.homewire.processors.poll;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.UpdateCause;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.inventory.EndpointInventory;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.store.EndpointRegistry;
import dev.homewire.core.store.LinkedAccountStore;
import dev.homewire.core.updates.DeviceUpdateService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic sync of one user's devices at vendors that never push
 * ({@link InteractionStyle#ASYNC_POLL}): for each such linked account, one
 * {@link DeviceAdapter#queryStates} for the user's endpoints of that adapter, each answer going
 * through {@link DeviceUpdateService} as {@link UpdateCause#PERIODIC_POLL}, which stores it and
 * sends Alexa a ChangeReport (cause {@code PERIODIC_POLL}) for what differs from the stored state.
 *
 * <p>Poll-only clouds cannot tell us that their device list changed, so the account is discovered
 * again ({@link EndpointInventory#refresh}: AddOrUpdateReport / DeleteReport to Alexa) when the
 * vendor stops reporting a known device, and otherwise every {@code rediscoveryInterval}.
 *
 * <p>A vendor failing is logged and skips that adapter (the next run tries again); so is a device
 * whose update fails, without stopping the others. Run by the user's schedule (EventBridge
 * Scheduler → sync queue → {@link SyncBatchHandler}, or the devstack's in-process timer).
 */
public final class BackgroundSync {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundSync.class);

    private final LinkedAccountStore accounts;
    private final EndpointRegistry endpoints;
    private final AdapterRegistry adapters;
    private final DeviceUpdateService deviceUpdates;
    private final EndpointInventory inventory;
    private final Clock clock;
    private final Duration rediscoveryInterval;
    /** When each user's account (userId#adapterId) was last discovered by this process; best effort, per container. */
    private final Map<String, Instant> lastDiscovered = new ConcurrentHashMap<>();

    /**
     * What one run did.
     *
     * @param adaptersSynced  poll-only adapters whose devices were queried
     * @param adaptersFailed  poll-only adapters skipped because the vendor failed
     * @param devicesUpdated  device states handed to the update service
     * @param devicesMissing  endpoints the vendor did not report (no longer known there)
     * @param updatesFailed   device states whose update failed (store or queue)
     * @param rediscovered    accounts discovered again (a device missing, or the rediscovery interval passed)
     */
    public record SyncReport(String userId, int adaptersSynced, int adaptersFailed, int devicesUpdated, int devicesMissing,
                             int updatesFailed, int rediscovered) {
        /** Whether the user has nothing left to sync in the background. */
        public boolean nothingToSync() {
            return adaptersSynced == 0 && adaptersFailed == 0;
        }
    }

    public BackgroundSync(LinkedAccountStore accounts, EndpointRegistry endpoints, AdapterRegistry adapters,
                          DeviceUpdateService deviceUpdates, EndpointInventory inventory, Clock clock, Duration rediscoveryInterval) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.adapters = Objects.requireNonNull(adapters, "adapters");
        this.deviceUpdates = Objects.requireNonNull(deviceUpdates, "deviceUpdates");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rediscoveryInterval = Objects.requireNonNull(rediscoveryInterval, "rediscoveryInterval");
    }

    public SyncReport syncUser(String userId) {
        Objects.requireNonNull(userId, "userId");
        Map<String, List<EndpointRecord>> byAdapter = new LinkedHashMap<>();
        for (EndpointRecord endpoint : endpoints.list(userId)) {
            byAdapter.computeIfAbsent(endpoint.adapterId(), a -> new ArrayList<>()).add(endpoint);
        }
        int synced = 0;
        int failed = 0;
        int updated = 0;
        int missing = 0;
        int updateFailures = 0;
        int rediscovered = 0;
        for (VendorAccount account : accounts.accounts(userId)) {
            Optional<DeviceAdapter> adapter = adapters.find(account.adapterId());
            List<EndpointRecord> records = byAdapter.getOrDefault(account.adapterId(), List.of());
            if (adapter.isEmpty() || adapter.get().interactionStyle() != InteractionStyle.ASYNC_POLL || records.isEmpty()) {
                continue;
            }
            Map<String, DeviceState> states;
            try {
                states = adapter.get().queryStates(account, records.stream().map(EndpointRecord::deviceId).toList());
            } catch (AdapterException e) {
                LOG.warn("background sync of user {}: adapter {} failed ({}): {}; skipped", userId, account.adapterId(),
                        e.reason(), e.getMessage());
                failed++;
                continue;
            } catch (RuntimeException e) {
                LOG.warn("background sync of user {}: adapter {} failed unexpectedly; skipped", userId, account.adapterId(), e);
                failed++;
                continue;
            }
            synced++;
            boolean deviceMissing = false;
            for (EndpointRecord record : records) {
                DeviceState state = states == null ? null : states.get(record.deviceId());
                if (state == null) {
                    missing++;
                    deviceMissing = true;
                    LOG.debug("background sync of user {}: {} did not report endpoint {}", userId, account.adapterId(),
                            record.endpointId());
                    continue;
                }
                try {
                    deviceUpdates.apply(record, DeviceUpdate.queried(account.accountId(), record.deviceId(), state, UpdateCause.PERIODIC_POLL));
                    updated++;
                } catch (RuntimeException e) {
                    updateFailures++;
                    LOG.warn("background sync of user {}: update of endpoint {} failed", userId, record.endpointId(), e);
                }
            }
            if (rediscoveryDue(userId, account.adapterId(), deviceMissing)) {
                try {
                    inventory.refresh(userId, account);
                    rediscovered++;
                } catch (RuntimeException e) {
                    LOG.warn("background sync of user {}: rediscovery at {} failed: {}", userId, account.adapterId(), e.toString());
                }
            }
        }
        SyncReport report = new SyncReport(userId, synced, failed, updated, missing, updateFailures, rediscovered);
        LOG.info("{}", report);
        return report;
    }

    /** Whether to discover the account again now: a known device went missing, or the interval passed since the last time. */
    private boolean rediscoveryDue(String userId, String adapterId, boolean deviceMissing) {
        Instant now = clock.instant();
        Instant last = lastDiscovered.putIfAbsent(userId + "#" + adapterId, now);
        if (deviceMissing || last != null && !now.isBefore(last.plus(rediscoveryInterval))) {
            lastDiscovered.put(userId + "#" + adapterId, now);
            return true;
        }
        return false;
    }
}
