package dev.homewire.core.breaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.core.aws.AwsClients;
import dev.homewire.core.config.HomewireConfig;
import dev.homewire.core.store.dynamo.DynamoVendorStatusStore;
import dev.homewire.core.store.dynamo.TableDefinitions;
import dev.homewire.core.testing.MutableClock;
import dev.homewire.localaws.LocalAws;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The shared state of the vendors' circuit breakers against dynalite: several "instances" (each a
 * {@link VendorBreakers}, as each Lambda container has one) share the vendor-status table. One
 * opens, the others fail fast without calling; after the open interval exactly one probes; its
 * outcome closes or reopens the breaker for all. Each test prints its counts.
 */
class VendorBreakersIT {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private static final Duration OPEN = Duration.ofSeconds(30);

    private static LocalAws aws;
    private static DynamoDbClient dynamo;
    private static DynamoVendorStatusStore store;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        HomewireConfig config = new HomewireConfig(Map.of("AWS_REGION", "eu-west-1",
                "HOMEWIRE_DYNAMODB_ENDPOINT", aws.dynamoDbEndpoint().toString()));
        dynamo = AwsClients.dynamoDb(config);
        TableDefinitions.createAll(dynamo, config);
        store = new DynamoVendorStatusStore(dynamo, config.vendorStatusTable());
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    /** One instance: no status cache, so each call sees the row as it is now (the 1 s cache is tested apart). */
    private static VendorBreakers instance(MutableClock clock) {
        return new VendorBreakers(store, OPEN, Duration.ZERO, Duration.ofSeconds(10), clock);
    }

    private static String newVendor() {
        return "vendor-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static AdapterException outage() {
        return new AdapterException(Reason.VENDOR_UNAVAILABLE, "503 from the cloud");
    }

    /** Calls that fail with {@code failure} until the breaker refuses; answers how many reached the vendor. */
    private static int failUntilOpen(VendorBreakers breakers, String vendor, AdapterException failure, int max) {
        AtomicInteger reached = new AtomicInteger();
        for (int i = 0; i < max; i++) {
            try {
                breakers.call(vendor, () -> {
                    reached.incrementAndGet();
                    throw failure;
                });
            } catch (VendorCircuitOpenException open) {
                break;
            } catch (AdapterException expected) {
                // the vendor's failure, passed on
            }
        }
        return reached.get();
    }

    @Test
    void oneInstanceOpensAndTheOtherFailsFastWithoutCalling() {
        MutableClock clock = new MutableClock(T0);
        VendorBreakers a = instance(clock);
        VendorBreakers b = instance(clock);
        String vendor = newVendor();
        assertEquals("ok", b.call(vendor, () -> "ok"), "B works while the vendor is up");

        int reached = failUntilOpen(a, vendor, outage(), 50);
        VendorStatus row = store.find(vendor).orElseThrow();
        assertEquals(VendorBreakers.MINIMUM_CALLS, reached, "A opens after the minimum number of calls, all failed");
        assertTrue(row.down());
        assertEquals(T0.plus(OPEN), row.openUntil());

        AtomicInteger calledFromB = new AtomicInteger();
        int refused = 0;
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofSeconds(1));
            VendorCircuitOpenException e = assertThrows(VendorCircuitOpenException.class,
                    () -> b.call(vendor, () -> calledFromB.incrementAndGet()));
            assertEquals(Reason.VENDOR_UNAVAILABLE, e.reason());
            assertEquals("the " + vendor + " cloud is unavailable", e.getMessage());
            refused++;
        }
        System.out.printf("shared open: A reached the vendor %d times before opening (row DOWN, version %d, until +%d s, "
                        + "\"%s\"); B then refused %d calls fast, vendor called from B %d times%n", reached, row.version(),
                Duration.between(T0, row.openUntil()).toSeconds(), row.reason(), refused, calledFromB.get());
        assertEquals(0, calledFromB.get(), "B never calls the vendor while the row is DOWN");
    }

    @Test
    void deviceLevelRefusalsAndRateLimitsNeverOpenIt() {
        MutableClock clock = new MutableClock(T0);
        VendorBreakers a = instance(clock);
        String vendor = newVendor();
        int offline = failUntilOpen(a, vendor, new AdapterException(Reason.DEVICE_OFFLINE, "offline"), 30);
        int range = failUntilOpen(a, vendor, AdapterException.valueOutOfRange("too bright", 0, 100), 30);
        int throttled = failUntilOpen(a, vendor, new AdapterException(Reason.RATE_LIMITED, "429"), 30);
        System.out.printf("not vendor trouble: %d DEVICE_OFFLINE, %d VALUE_OUT_OF_RANGE, %d RATE_LIMITED calls, all reached "
                + "the vendor; status row %s%n", offline, range, throttled, store.find(vendor).map(VendorStatus::status).orElse(null));
        assertEquals(30, offline);
        assertEquals(30, range);
        assertEquals(30, throttled);
        assertTrue(store.find(vendor).isEmpty(), "never marked DOWN");

        // a few outages among successes stay below the threshold: 4 of every 10 calls fail
        int reached = 0;
        for (int i = 0; i < 50; i++) {
            boolean fail = i % 10 < 4;
            try {
                a.call(vendor, () -> {
                    if (fail) {
                        throw outage();
                    }
                    return "ok";
                });
            } catch (VendorCircuitOpenException open) {
                break;
            } catch (AdapterException expected) {
                // passed on
            }
            reached++;
        }
        System.out.printf("40%% outages over 50 calls: %d reached the vendor, row %s%n", reached,
                store.find(vendor).map(VendorStatus::status).orElse(null));
        assertEquals(50, reached);
        assertTrue(store.find(vendor).isEmpty());
    }

    @Test
    void afterTheOpenIntervalExactlyOneOfEightInstancesProbesAndItsSuccessClosesItForAll() throws Exception {
        MutableClock clock = new MutableClock(T0);
        String vendor = newVendor();
        failUntilOpen(instance(clock), vendor, outage(), 50);
        clock.advance(OPEN.plusSeconds(1));

        List<VendorBreakers> instances = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            instances.add(instance(clock));
        }
        CountDownLatch probing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> results = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (VendorBreakers instance : instances) {
                results.add(pool.submit(() -> {
                    start.await();
                    return instance.call(vendor, () -> {
                        calls.incrementAndGet();
                        probing.countDown();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return "probed";
                    });
                }));
            }
            start.countDown();
            assertTrue(probing.await(10, TimeUnit.SECONDS), "someone probes");
            // the others are refused while the probe is in flight
            int refused = 0;
            int probed = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<Future<String>> pending = new ArrayList<>(results);
            while (pending.size() > 1 && System.nanoTime() < deadline) {
                for (Future<String> f : new ArrayList<>(pending)) {
                    if (f.isDone()) {
                        pending.remove(f);
                        try {
                            f.get();
                            probed++;
                        } catch (java.util.concurrent.ExecutionException e) {
                            assertTrue(e.getCause() instanceof VendorCircuitOpenException, String.valueOf(e.getCause()));
                            refused++;
                        }
                    }
                }
                Thread.sleep(10);
            }
            VendorStatus during = store.find(vendor).orElseThrow();
            release.countDown();
            for (Future<String> f : pending) {
                assertEquals("probed", f.get(10, TimeUnit.SECONDS));
                probed++;
            }
            VendorStatus after = store.find(vendor).orElseThrow();
            int closedFor = 0;
            for (VendorBreakers instance : instances) {
                assertEquals("ok", instance.call(vendor, () -> "ok"));
                closedFor++;
            }
            System.out.printf("half-open: 8 instances at once after the open interval -> %d probe call(s), %d refused fast while "
                            + "it ran (lease held: %s); probe succeeded -> row %s (version %d); then %d/8 instances call through%n",
                    calls.get(), refused, during.probingAt(clock.instant()), after.status(), after.version(), closedFor);
            assertEquals(1, calls.get(), "exactly one probe reaches the vendor");
            assertEquals(1, probed);
            assertEquals(7, refused);
            assertEquals(VendorStatus.Status.UP, after.status());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedProbeOpensItAgainForAnotherInterval() {
        MutableClock clock = new MutableClock(T0);
        String vendor = newVendor();
        VendorBreakers a = instance(clock);
        VendorBreakers b = instance(clock);
        failUntilOpen(a, vendor, outage(), 50);
        clock.advance(OPEN.plusSeconds(1));
        Instant probeAt = clock.instant();
        AtomicInteger calls = new AtomicInteger();
        assertThrows(AdapterException.class, () -> b.call(vendor, () -> {
            calls.incrementAndGet();
            throw outage();
        }));
        VendorStatus row = store.find(vendor).orElseThrow();
        assertTrue(row.down());
        assertEquals(probeAt.plus(OPEN), row.openUntil());
        assertThrows(VendorCircuitOpenException.class, () -> a.call(vendor, () -> calls.incrementAndGet()));
        System.out.printf("failed probe: %d vendor call, row DOWN again until +%d s after the probe, opened %d times%n",
                calls.get(), Duration.between(probeAt, row.openUntil()).toSeconds(), row.timesOpened());
        assertEquals(1, calls.get());
        assertEquals(2, row.timesOpened());
    }

    @Test
    void aProberThatDiesLeavesItsLeaseToLapseAndTheNextInstanceProbes() {
        MutableClock clock = new MutableClock(T0);
        String vendor = newVendor();
        failUntilOpen(instance(clock), vendor, outage(), 50);
        clock.advance(OPEN.plusSeconds(1));
        VendorStatus down = store.find(vendor).orElseThrow();
        // a container claims the probe and dies before answering
        Optional<VendorStatus> claimed = store.claimProbe(vendor, down.version(), "dead-container", clock.instant().plusSeconds(10),
                clock.instant());
        assertTrue(claimed.isPresent());
        assertTrue(store.claimProbe(vendor, claimed.get().version(), "other", clock.instant().plusSeconds(10), clock.instant()).isEmpty(),
                "a live lease is not taken");
        VendorBreakers next = instance(clock);
        assertThrows(VendorCircuitOpenException.class, () -> next.call(vendor, () -> "never"));
        clock.advance(Duration.ofSeconds(11));
        assertEquals("ok", next.call(vendor, () -> "ok"));
        System.out.printf("dead prober: its lease refused others for 10 s, then the next instance probed and closed it (row %s)%n",
                store.find(vendor).orElseThrow().status());
        assertEquals(VendorStatus.Status.UP, store.find(vendor).orElseThrow().status());
    }

    @Test
    void deletingTheRowClosesTheBreakerByHand() {
        MutableClock clock = new MutableClock(T0);
        VendorBreakers a = instance(clock);
        String vendor = newVendor();
        failUntilOpen(a, vendor, outage(), 50);
        assertThrows(VendorCircuitOpenException.class, () -> a.call(vendor, () -> "refused"));
        dynamo.deleteItem(b -> b.tableName(new HomewireConfig(Map.of()).vendorStatusTable())
                .key(Map.of("adapterId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(vendor))));
        assertEquals("ok", a.call(vendor, () -> "ok"), "an operator deleted the row: the vendor is called again at once");
        System.out.println("operator: row deleted while open -> the next call went through, local breaker "
                + a.snapshot(List.of(vendor)).get(0).localState());
    }

    @Test
    void writesAreConditionalOnTheVersionRead() {
        String vendor = newVendor();
        Instant now = T0;
        VendorStatus first = store.markDown(vendor, 0, now.plus(OPEN), "test", now).orElseThrow();
        assertEquals(1, first.version());
        assertTrue(store.markDown(vendor, 0, now.plus(OPEN), "again", now).isEmpty(), "a second first write loses");
        assertTrue(store.markUp(vendor, 7, now).isEmpty(), "a stale version loses");
        assertTrue(store.claimProbe(vendor, 1, "early", now.plusSeconds(10), now).isEmpty(), "no probe inside the open interval");
        VendorStatus up = store.markUp(vendor, 1, now).orElseThrow();
        assertEquals(2, up.version());
        assertFalse(up.down());
        assertTrue(store.claimProbe(vendor, 2, "x", now.plusSeconds(10), now.plus(OPEN)).isEmpty(), "no probe of an UP row");
        assertTrue(store.all().stream().anyMatch(r -> r.adapterId().equals(vendor)));
    }

    @Test
    void theRowIsReadAtMostOncePerCachePeriod() {
        MutableClock clock = new MutableClock(T0);
        AtomicInteger reads = new AtomicInteger();
        VendorStatusStore counting = new CountingStore(store, reads);
        VendorBreakers cached = new VendorBreakers(counting, OPEN, Duration.ofSeconds(1), Duration.ofSeconds(10), clock);
        String vendor = newVendor();
        for (int i = 0; i < 100; i++) {
            cached.call(vendor, () -> "ok");
            clock.advance(Duration.ofMillis(50));
        }
        System.out.printf("status cache 1 s: 100 vendor calls over 5 s -> %d reads of the status row%n", reads.get());
        assertEquals(5, reads.get());
    }

    @Test
    void withoutDynamoDbEachInstanceStillFailsFastOnItsOwnBreaker() {
        MutableClock clock = new MutableClock(T0);
        VendorStatusStore unreachable = new CountingStore(null, new AtomicInteger());
        VendorBreakers alone = new VendorBreakers(unreachable, OPEN, Duration.ZERO, Duration.ofSeconds(10), clock);
        String vendor = newVendor();
        int reached = failUntilOpen(alone, vendor, outage(), 50);
        AtomicInteger after = new AtomicInteger();
        assertThrows(VendorCircuitOpenException.class, () -> alone.call(vendor, () -> after.incrementAndGet()));
        clock.advance(OPEN.plusSeconds(1));
        assertEquals("ok", alone.call(vendor, () -> "ok"), "its own half-open call goes through after the interval");
        System.out.printf("DynamoDB unreachable: opened locally after %d calls, refused the next without calling (%d calls), "
                + "probed alone after the interval%n", reached, after.get());
        assertEquals(VendorBreakers.MINIMUM_CALLS, reached);
        assertEquals(0, after.get());
    }

    /** Counts reads; with no delegate, every call fails as an unreachable DynamoDB would. */
    private record CountingStore(VendorStatusStore delegate, AtomicInteger reads) implements VendorStatusStore {
        private VendorStatusStore target() {
            if (delegate == null) {
                throw new IllegalStateException("DynamoDB unreachable");
            }
            return delegate;
        }

        @Override
        public Optional<VendorStatus> find(String adapterId) {
            reads.incrementAndGet();
            return target().find(adapterId);
        }

        @Override
        public List<VendorStatus> all() {
            return target().all();
        }

        @Override
        public Optional<VendorStatus> markDown(String adapterId, long expectedVersion, Instant openUntil, String reason, Instant now) {
            return target().markDown(adapterId, expectedVersion, openUntil, reason, now);
        }

        @Override
        public Optional<VendorStatus> claimProbe(String adapterId, long expectedVersion, String owner, Instant leaseUntil, Instant now) {
            return target().claimProbe(adapterId, expectedVersion, owner, leaseUntil, now);
        }

        @Override
        public Optional<VendorStatus> markUp(String adapterId, long expectedVersion, Instant now) {
            return target().markUp(adapterId, expectedVersion, now);
        }
    }
}
