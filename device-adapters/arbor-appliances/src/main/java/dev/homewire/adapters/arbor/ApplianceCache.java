package dev.homewire.adapters.arbor;

import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.http.RevisionPoll;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the adapter last fetched of each appliance — revision, state and description — and each
 * account's inventory revision. One bounded map for all accounts (the least recently used entries
 * are forgotten first), thread-safe (one lock; every operation O(1) but {@link #size(String)}).
 *
 * <p>Forgetting an entry is always safe: the next poll fetches that appliance's details again.
 * Entries are keyed by vendor account and appliance id, so an account never sees another's data,
 * and they are served only after a successful summary call made with the account's own token.
 * {@link RevisionPoll} polls over it.
 */
final class ApplianceCache implements RevisionPoll.Cache<ApplianceCache.Snapshot> {

    /**
     * One appliance as last fetched in detail.
     *
     * @param device the appliance as a device, or null when it could not be mapped (then commands are left to Arbor to check)
     */
    record Snapshot(String revision, DeviceState state, Device device, Instant fetchedAt) implements RevisionPoll.Snapshot {
        Snapshot {
            Objects.requireNonNull(revision, "revision");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(fetchedAt, "fetchedAt");
        }
    }

    private record Key(String accountId, String applianceId) {
    }

    private final LinkedHashMap<Key, Snapshot> snapshots; // guarded by this
    private final LinkedHashMap<String, String> inventories; // guarded by this

    /**
     * @param maxAppliances appliances remembered over all accounts
     * @param maxAccounts   accounts whose inventory revision is remembered
     */
    ApplianceCache(int maxAppliances, int maxAccounts) {
        if (maxAppliances < 1 || maxAccounts < 1) {
            throw new IllegalArgumentException("cache bounds must be positive");
        }
        this.snapshots = lru(maxAppliances);
        this.inventories = lru(maxAccounts);
    }

    private static <K, V> LinkedHashMap<K, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }

    @Override
    public synchronized Snapshot get(String accountId, String applianceId) {
        return snapshots.get(new Key(accountId, applianceId));
    }

    /**
     * Remembers a fetched appliance, unless a snapshot fetched later is stored already (two polls of
     * one account may overlap; the older answer must not win).
     */
    synchronized void put(String accountId, String applianceId, Snapshot snapshot) {
        Key key = new Key(accountId, applianceId);
        Snapshot stored = snapshots.get(key);
        if (stored == null || !stored.fetchedAt().isAfter(snapshot.fetchedAt())) {
            snapshots.put(key, snapshot);
        }
    }

    @Override
    public synchronized void remove(String accountId, String applianceId) {
        snapshots.remove(new Key(accountId, applianceId));
    }

    /**
     * Records the account's inventory revision from a summary.
     *
     * @return the revision remembered before, when it differs (the account's appliances were added,
     *         removed or renamed since); null when unchanged or not known before
     */
    synchronized String inventoryChanged(String accountId, String revision) {
        String before = inventories.put(accountId, revision);
        return before != null && !before.equals(revision) ? before : null;
    }

    synchronized int size() {
        return snapshots.size();
    }

    /** Appliances of the account remembered (a scan: for tests). */
    synchronized int size(String accountId) {
        return (int) snapshots.keySet().stream().filter(key -> key.accountId().equals(accountId)).count();
    }
}
