package dev.homewire.adapters.thermia;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapters.thermia.ThermostatCache.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ThermostatCacheTest {
    private static final Instant T0 = Instant.parse("2025-03-14T09:00:00Z");

    private static Snapshot snapshot(String revision, Instant fetchedAt) {
        return new Snapshot(revision, DeviceState.builder().observedAt(fetchedAt).build(), null, fetchedAt);
    }

    @Test
    void isBoundedInAccountsAndThermostatsLeastRecentlyUsedFirst() {
        ThermostatCache cache = new ThermostatCache(2, 3);
        cache.put("a", "t1", snapshot("r1", T0));
        cache.put("b", "t1", snapshot("r1", T0));
        cache.get("a", "t1"); // a is now the most recently used
        cache.put("c", "t1", snapshot("r1", T0));
        assertEquals(2, cache.accountCount());
        assertNotNull(cache.get("a", "t1"));
        assertNull(cache.get("b", "t1"), "the least recently used account is forgotten");
        assertNotNull(cache.get("c", "t1"));

        for (int i = 2; i <= 5; i++) {
            cache.put("a", "t" + i, snapshot("r1", T0));
        }
        assertEquals(3, cache.thermostatCount("a"));
        assertNull(cache.get("a", "t1"));
        assertNull(cache.get("a", "t2"));
        assertNotNull(cache.get("a", "t5"));
    }

    @Test
    void anOlderAnswerNeverReplacesANewerOne() {
        ThermostatCache cache = new ThermostatCache(10, 10);
        Snapshot newer = snapshot("r2", T0.plusSeconds(5));
        cache.put("a", "t", newer);
        cache.put("a", "t", snapshot("r1", T0));
        assertSame(newer, cache.get("a", "t"));
        Snapshot newest = snapshot("r3", T0.plusSeconds(6));
        cache.put("a", "t", newest);
        assertSame(newest, cache.get("a", "t"));

        cache.remove("a", "t");
        assertNull(cache.get("a", "t"));
        assertEquals(0, cache.accountCount(), "an emptied account is dropped");
        cache.remove("nobody", "t");
        assertThrows(IllegalArgumentException.class, () -> new ThermostatCache(0, 1));
    }

    @Test
    void isSafeUnderConcurrentUse() throws Exception {
        ThermostatCache cache = new ThermostatCache(50, 20);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int seed = thread;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        String account = "acct-" + ((i + seed) % 80);
                        String thermostat = "t-" + (i % 30);
                        cache.put(account, thermostat, snapshot("r" + i, T0.plusMillis(i)));
                        cache.get(account, thermostat);
                        if (i % 7 == 0) {
                            cache.remove(account, thermostat);
                        }
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(true, cache.accountCount() <= 50);
        for (int i = 0; i < 80; i++) {
            assertEquals(true, cache.thermostatCount("acct-" + i) <= 20);
        }
    }
}
