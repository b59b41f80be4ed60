package dev.homewire.adapters.thermia;

import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.ThermostatProfile;
import dev.homewire.adapter.spi.http.RevisionPoll;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the adapter last saw of each thermostat, per vendor account: the revision and the state and
 * profile that came with it. Bounded (least recently used accounts, and thermostats within an
 * account, are forgotten first) and thread-safe (one lock; every operation is O(1)).
 *
 * <p>Forgetting an entry is always safe: the next poll just fetches that thermostat's details
 * again. Entries are keyed by the vendor account id, so an account never sees another's data,
 * and they are only served after a successful summary call made with the account's own token.
 * {@link RevisionPoll} polls over it.
 */
final class ThermostatCache implements RevisionPoll.Cache<ThermostatCache.Snapshot> {

    /** One thermostat as last fetched in detail. */
    record Snapshot(String revision, DeviceState state, ThermostatProfile profile, Instant fetchedAt) implements RevisionPoll.Snapshot {
        Snapshot {
            Objects.requireNonNull(revision, "revision");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(fetchedAt, "fetchedAt");
        }
    }

    private final int maxAccounts;
    private final int maxThermostatsPerAccount;
    private final LinkedHashMap<String, LinkedHashMap<String, Snapshot>> accounts; // guarded by this

    ThermostatCache(int maxAccounts, int maxThermostatsPerAccount) {
        if (maxAccounts < 1 || maxThermostatsPerAccount < 1) {
            throw new IllegalArgumentException("cache bounds must be positive");
        }
        this.maxAccounts = maxAccounts;
        this.maxThermostatsPerAccount = maxThermostatsPerAccount;
        this.accounts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, LinkedHashMap<String, Snapshot>> eldest) {
                return size() > ThermostatCache.this.maxAccounts;
            }
        };
    }

    @Override
    public synchronized Snapshot get(String accountId, String thermostatId) {
        Map<String, Snapshot> thermostats = accounts.get(accountId);
        return thermostats == null ? null : thermostats.get(thermostatId);
    }

    /**
     * Remembers a fetched thermostat, unless a snapshot fetched later is already stored (two
     * polls of one account may overlap; the older answer must not win).
     */
    synchronized void put(String accountId, String thermostatId, Snapshot snapshot) {
        LinkedHashMap<String, Snapshot> thermostats = accounts.computeIfAbsent(accountId, id -> newAccount());
        Snapshot stored = thermostats.get(thermostatId);
        if (stored == null || !stored.fetchedAt().isAfter(snapshot.fetchedAt())) {
            thermostats.put(thermostatId, snapshot);
        }
    }

    @Override
    public synchronized void remove(String accountId, String thermostatId) {
        Map<String, Snapshot> thermostats = accounts.get(accountId);
        if (thermostats != null) {
            thermostats.remove(thermostatId);
            if (thermostats.isEmpty()) {
                accounts.remove(accountId);
            }
        }
    }

    synchronized int accountCount() {
        return accounts.size();
    }

    synchronized int thermostatCount(String accountId) {
        Map<String, Snapshot> thermostats = accounts.get(accountId);
        return thermostats == null ? 0 : thermostats.size();
    }

    private LinkedHashMap<String, Snapshot> newAccount() {
        return new LinkedHashMap<>(8, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Snapshot> eldest) {
                return size() > maxThermostatsPerAccount;
            }
        };
    }
}
