package dev.homewire.adapters.arbor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapters.arbor.ApplianceCache.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ApplianceCacheTest {
    private static final Instant START = Instant.parse("2025-03-14T09:00:00Z");

    private static Snapshot fetched(String revision, long secondsAfterStart) {
        Instant at = START.plusSeconds(secondsAfterStart);
        return new Snapshot(revision, DeviceState.builder().observedAt(at).build(), null, at);
    }

    @Test
    void forgetsTheLeastRecentlyUsedApplianceOfAnyAccount() {
        ApplianceCache cache = new ApplianceCache(3, 10);
        cache.put("alice", "blinds", fetched("1", 0));
        cache.put("alice", "fan", fetched("1", 0));
        cache.put("bob", "blinds", fetched("1", 0));
        assertNotNull(cache.get("alice", "blinds")); // used: now the fan is the eldest
        cache.put("bob", "fan", fetched("1", 0));
        assertEquals(3, cache.size());
        assertNull(cache.get("alice", "fan"));
        assertNotNull(cache.get("alice", "blinds"));
        assertEquals(1, cache.size("alice"));
        assertEquals(2, cache.size("bob"));
        assertNull(cache.get("carol", "blinds"), "accounts never share entries");

        cache.remove("bob", "fan");
        cache.remove("bob", "gone");
        assertEquals(2, cache.size());
        assertThrows(IllegalArgumentException.class, () -> new ApplianceCache(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ApplianceCache(1, 0));
    }

    @Test
    void aSnapshotFetchedEarlierNeverReplacesOneFetchedLater() {
        ApplianceCache cache = new ApplianceCache(10, 10);
        cache.put("alice", "washer", fetched("7", 10));
        cache.put("alice", "washer", fetched("6", 5)); // an overlapping poll answering late
        assertEquals("7", cache.get("alice", "washer").revision());
        cache.put("alice", "washer", fetched("8", 10));
        assertEquals("8", cache.get("alice", "washer").revision(), "the same moment: the last one wins");
    }

    @Test
    void tellsWhenAnAccountsInventoryRevisionMoved() {
        ApplianceCache cache = new ApplianceCache(10, 2);
        assertNull(cache.inventoryChanged("alice", "inv-1"), "first seen: nothing to compare with");
        assertNull(cache.inventoryChanged("alice", "inv-1"));
        assertEquals("inv-1", cache.inventoryChanged("alice", "inv-2"));
        cache.inventoryChanged("bob", "inv-9");
        cache.inventoryChanged("carol", "inv-4"); // alice, the least recently seen, is forgotten
        assertNull(cache.inventoryChanged("alice", "inv-3"));
    }

    @Test
    void isSafeForConcurrentPolls() throws Exception {
        ApplianceCache cache = new ApplianceCache(50, 50);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String account = "account-" + t;
                writers.add(() -> {
                    for (int i = 0; i < 1000; i++) {
                        cache.put(account, "appliance-" + (i % 20), fetched(String.valueOf(i), i));
                        cache.get(account, "appliance-" + (i % 7));
                        cache.inventoryChanged(account, "inv-" + i);
                    }
                    return null;
                });
            }
            for (Future<Void> writer : pool.invokeAll(writers)) {
                writer.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, cache.size(), "bounded whatever the interleaving");
    }
}
