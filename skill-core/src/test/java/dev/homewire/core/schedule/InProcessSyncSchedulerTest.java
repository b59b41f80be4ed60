package dev.homewire.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InProcessSyncSchedulerTest {

    @Test
    void syncsEachScheduledUserEveryIntervalUntilDeleted() throws Exception {
        List<String> synced = new CopyOnWriteArrayList<>();
        CountDownLatch aliceTwice = new CountDownLatch(2);
        try (InProcessSyncScheduler scheduler = new InProcessSyncScheduler(Duration.ofMillis(50), user -> {
            synced.add(user);
            if (user.equals("alice")) {
                aliceTwice.countDown();
            }
        })) {
            scheduler.ensureSchedule("alice");
            scheduler.ensureSchedule("alice");
            scheduler.ensureSchedule("bob");
            assertEquals(Set.of("alice", "bob"), scheduler.scheduledUsers());

            assertTrue(aliceTwice.await(5, TimeUnit.SECONDS), "alice synced periodically");

            scheduler.deleteSchedule("bob");
            scheduler.deleteSchedule("bob");
            assertEquals(Set.of("alice"), scheduler.scheduledUsers());
            Thread.sleep(100); // a run of bob's may have been under way when it was deleted
            long bobRuns = synced.stream().filter("bob"::equals).count();
            Thread.sleep(300);
            assertEquals(bobRuns, synced.stream().filter("bob"::equals).count(), "no more syncs of bob after delete");
        }
    }

    @Test
    void aFailingSyncDoesNotStopTheSchedule() throws Exception {
        CountDownLatch runs = new CountDownLatch(3);
        try (InProcessSyncScheduler scheduler = new InProcessSyncScheduler(Duration.ofMillis(20), user -> {
            runs.countDown();
            throw new IllegalStateException("vendor down");
        })) {
            scheduler.ensureSchedule("alice");

            assertTrue(runs.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void theFirstSyncComesOneIntervalAfterEnsure() throws Exception {
        List<String> synced = new CopyOnWriteArrayList<>();
        try (InProcessSyncScheduler scheduler = new InProcessSyncScheduler(Duration.ofSeconds(30), synced::add)) {
            scheduler.ensureSchedule("alice");
            Thread.sleep(100);
            assertTrue(synced.isEmpty());
        }
    }

    @Test
    void afterCloseEnsureAndDeleteAreIgnored() {
        InProcessSyncScheduler scheduler = new InProcessSyncScheduler(Duration.ofMillis(20), u -> { });
        scheduler.ensureSchedule("alice");
        scheduler.close();

        scheduler.ensureSchedule("bob");
        scheduler.deleteSchedule("alice");

        assertTrue(scheduler.scheduledUsers().isEmpty());
    }
}
