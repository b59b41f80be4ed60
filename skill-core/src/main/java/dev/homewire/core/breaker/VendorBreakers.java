package dev.homewire.core.breaker;

import dev.homewire.adapter.spi.AdapterException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per vendor cloud (adapter id), its state shared by every instance (Lambda
 * container) through the vendor's {@link VendorStatus} row — the vendor-mediator pattern:
 *
 * <ul>
 *   <li><b>Closed</b> (row UP or absent): calls go through this instance's Resilience4j
 *       {@link CircuitBreaker}, a count-based window of the last {@value #WINDOW_CALLS} calls that
 *       opens when at least {@value #FAILURE_RATE_THRESHOLD_PERCENT} % of them failed, once
 *       {@value #MINIMUM_CALLS} calls were seen (so the at most 3 attempts of one directive cannot
 *       open it alone). Only failures saying the <em>cloud</em> is in trouble count
 *       ({@link #vendorTrouble}: VENDOR_UNAVAILABLE — connect errors, time-outs, 5xx, unreadable
 *       answers); a device-level refusal (DEVICE_OFFLINE, VALUE_OUT_OF_RANGE, …) proves the cloud
 *       answered and counts as a success; RATE_LIMITED counts as neither (a 429 may be one busy
 *       account's limit, and the retries already honour Retry-After), nor does an adapter bug.</li>
 *   <li><b>Open</b>: when the local breaker opens, it writes the row DOWN until now + the open
 *       interval (conditional on the version it read). Every instance reads the row before a vendor
 *       call — cached for {@code statusCache} (1 s), so a DynamoDB read is not added to every call —
 *       and while DOWN fails fast with {@link VendorCircuitOpenException} without calling.</li>
 *   <li><b>Half-open</b>: after {@code openUntil} exactly one instance takes the probe (a conditional
 *       write with a lease of {@code probeLease}) and lets its one call through; the others keep
 *       failing fast. Success (or any answer of the cloud) writes UP and closes every instance's
 *       breaker; a failure writes DOWN again with a new {@code openUntil}. A prober that dies leaves
 *       its lease to lapse, and the next instance probes.</li>
 * </ul>
 *
 * If the row cannot be read or written (DynamoDB unreachable), the instance falls back to its own
 * breaker alone: it still fails fast while its breaker is open and probes after the open interval.
 * Nothing about a failure's content (messages, accounts) is written to the row or logged here.
 */
public final class VendorBreakers {
    private static final Logger LOG = LoggerFactory.getLogger(VendorBreakers.class);

    /** The local window: the last this many calls. */
    public static final int WINDOW_CALLS = 10;
    /** Calls the window needs before the failure rate counts (a directive's 3 attempts are fewer). */
    public static final int MINIMUM_CALLS = 10;
    /** Opens at this failure rate (percent) or above. */
    public static final int FAILURE_RATE_THRESHOLD_PERCENT = 50;
    /** How long an instance trusts the status row it read. */
    public static final Duration DEFAULT_STATUS_CACHE = Duration.ofSeconds(1);
    /** How long a half-open probe holds the vendor before another instance may probe. */
    public static final Duration DEFAULT_PROBE_LEASE = Duration.ofSeconds(10);

    private final VendorStatusStore store;
    private final Duration openInterval;
    private final Duration statusCache;
    private final Duration probeLease;
    private final Clock clock;
    private final String instanceId = UUID.randomUUID().toString();
    private final ConcurrentMap<String, Breaker> breakers = new ConcurrentHashMap<>();

    /** What {@code GET /breakers} shows of one vendor: the shared row and this instance's breaker. */
    public record Snapshot(String adapterId, String status, Instant openUntil, boolean probing, long version, long timesOpened,
                           String localState, float failureRate, int bufferedCalls, int failedCalls, long fastFailures,
                           long probes) {
    }

    public VendorBreakers(VendorStatusStore store, Duration openInterval, Clock clock) {
        this(store, openInterval, DEFAULT_STATUS_CACHE, DEFAULT_PROBE_LEASE, clock);
    }

    public VendorBreakers(VendorStatusStore store, Duration openInterval, Duration statusCache, Duration probeLease, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.openInterval = positive(openInterval, "openInterval");
        this.statusCache = Objects.requireNonNull(statusCache, "statusCache");
        this.probeLease = positive(probeLease, "probeLease");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether a failure says the vendor's cloud is in trouble (what opens the breaker). */
    public static boolean vendorTrouble(Throwable e) {
        return e instanceof AdapterException a && a.reason() == AdapterException.Reason.VENDOR_UNAVAILABLE
                && !(e instanceof VendorCircuitOpenException);
    }

    /**
     * Makes one vendor call through the vendor's breaker.
     *
     * @throws VendorCircuitOpenException without calling, while the breaker is open (or another
     *                                    instance probes)
     */
    public <T> T call(String adapterId, Supplier<T> call) {
        return breaker(adapterId).call(call);
    }

    public Duration openInterval() {
        return openInterval;
    }

    /** Each vendor's shared row (read now, not cached) and this instance's breaker. */
    public List<Snapshot> snapshot(Collection<String> adapterIds) {
        List<Snapshot> out = new ArrayList<>();
        Instant now = clock.instant();
        for (String id : adapterIds) {
            Breaker b = breaker(id);
            String status;
            VendorStatus row = null;
            try {
                row = store.find(id).orElse(null);
                status = row == null ? VendorStatus.Status.UP.name() : row.status().name();
            } catch (RuntimeException e) {
                status = "UNKNOWN";
            }
            CircuitBreaker.Metrics m = b.local.getMetrics();
            out.add(new Snapshot(id, status, row == null || !row.down() ? null : row.openUntil(),
                    row != null && row.probingAt(now), row == null ? 0 : row.version(), row == null ? 0 : row.timesOpened(),
                    b.local.getState().name(), m.getFailureRate(), m.getNumberOfBufferedCalls(), m.getNumberOfFailedCalls(),
                    b.fastFailures.get(), b.probes.get()));
        }
        return out;
    }

    private Breaker breaker(String adapterId) {
        return breakers.computeIfAbsent(Objects.requireNonNull(adapterId, "adapterId"), Breaker::new);
    }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + d);
        }
        return d;
    }

    /** The row as last read: {@code known} false when it could not be read. */
    private record Cached(VendorStatus row, boolean known, Instant readAt) {
    }

    private final class Breaker {
        private final String adapterId;
        private final CircuitBreaker local;
        private final AtomicLong fastFailures = new AtomicLong();
        private final AtomicLong probes = new AtomicLong();
        private volatile Cached cached;
        /** The row version this instance's breaker last opened at; a newer UP row means another instance closed it. */
        private volatile long openedAtVersion = Long.MAX_VALUE;

        Breaker(String adapterId) {
            this.adapterId = adapterId;
            this.local = CircuitBreaker.of(adapterId, CircuitBreakerConfig.custom()
                    .slidingWindow(WINDOW_CALLS, MINIMUM_CALLS, SlidingWindowType.COUNT_BASED)
                    .failureRateThreshold(FAILURE_RATE_THRESHOLD_PERCENT)
                    .recordException(VendorBreakers::vendorTrouble)
                    .ignoreException(e -> !(e instanceof AdapterException) || e instanceof VendorCircuitOpenException
                            || ((AdapterException) e).reason() == AdapterException.Reason.RATE_LIMITED)
                    .waitDurationInOpenState(openInterval)
                    .permittedNumberOfCallsInHalfOpenState(1)
                    .clock(clock)
                    .build());
            local.getEventPublisher().onStateTransition(event -> {
                if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                    openedLocally();
                }
            });
        }

        <T> T call(Supplier<T> call) {
            Instant now = clock.instant();
            Cached status = status(now);
            VendorStatus row = status.row();
            if (row != null && row.down()) {
                if (row.openAt(now) || row.probingAt(now)) {
                    throw failFast();
                }
                Optional<VendorStatus> probe;
                try {
                    probe = store.claimProbe(adapterId, row.version(), instanceId + "/" + UUID.randomUUID(), now.plus(probeLease), now);
                } catch (RuntimeException e) {
                    LOG.warn("vendor {}: the half-open probe could not be claimed ({}); failing fast", adapterId,
                            e.getClass().getSimpleName());
                    cached = null;
                    throw failFast();
                }
                if (probe.isEmpty()) {
                    cached = null; // another instance probes or wrote meanwhile: read again next time
                    throw failFast();
                }
                remember(probe.get());
                return probe(probe.get(), call);
            }
            // another instance's probe closed it (a newer UP row), or an operator deleted the row
            boolean closedElsewhere = row != null ? row.version() > openedAtVersion
                    : status.known() && openedAtVersion > 0 && openedAtVersion != Long.MAX_VALUE;
            if (closedElsewhere && local.getState() != CircuitBreaker.State.CLOSED) {
                LOG.info("vendor {}: the circuit was closed elsewhere (row {}); closing this one", adapterId,
                        row == null ? "deleted" : "version " + row.version());
                openedAtVersion = Long.MAX_VALUE;
                local.reset();
            }
            try {
                return local.executeSupplier(call);
            } catch (CallNotPermittedException open) {
                throw failFast();
            }
        }

        /** The one call of the half-open state; its outcome decides for every instance. */
        private <T> T probe(VendorStatus claimed, Supplier<T> call) {
            probes.incrementAndGet();
            LOG.info("vendor {}: open interval over; this instance probes the cloud with one call", adapterId);
            T result;
            try {
                result = call.get();
            } catch (RuntimeException e) {
                if (vendorTrouble(e)) {
                    reopen(claimed);
                } else {
                    close(claimed);
                }
                throw e;
            }
            close(claimed);
            return result;
        }

        private void close(VendorStatus claimed) {
            Instant now = clock.instant();
            try {
                Optional<VendorStatus> up = store.markUp(adapterId, claimed.version(), now);
                if (up.isPresent()) {
                    remember(up.get());
                    LOG.info("vendor {}: the probe got an answer; circuit closed for every instance", adapterId);
                } else {
                    cached = null;
                    LOG.info("vendor {}: the probe got an answer, but its lease was taken over meanwhile", adapterId);
                }
            } catch (RuntimeException e) {
                cached = null;
                LOG.warn("vendor {}: the probe got an answer; the status row could not be written ({})", adapterId,
                        e.getClass().getSimpleName());
            }
            openedAtVersion = Long.MAX_VALUE;
            local.reset();
        }

        private void reopen(VendorStatus claimed) {
            Instant now = clock.instant();
            Instant until = now.plus(openInterval);
            try {
                Optional<VendorStatus> down = store.markDown(adapterId, claimed.version(), until, "the half-open probe failed", now);
                if (down.isPresent()) {
                    remember(down.get());
                    openedAtVersion = down.get().version();
                    LOG.warn("vendor {}: the probe failed; circuit open again for every instance until {}", adapterId, until);
                } else {
                    cached = null;
                }
            } catch (RuntimeException e) {
                cached = null;
                LOG.warn("vendor {}: the probe failed; the status row could not be written ({})", adapterId,
                        e.getClass().getSimpleName());
            }
        }

        /** This instance's breaker opened (synchronously, in the thread whose failure opened it): tell every instance. */
        private void openedLocally() {
            Instant now = clock.instant();
            CircuitBreaker.Metrics m = local.getMetrics();
            String reason = String.format(java.util.Locale.ROOT, "failure rate %.0f%% of the last %d calls", m.getFailureRate(),
                    m.getNumberOfBufferedCalls());
            Cached status = cached;
            VendorStatus row = status == null ? null : status.row();
            if (row != null && row.down()) {
                openedAtVersion = row.version();
                return;
            }
            long expected = row == null ? 0 : row.version();
            Instant until = now.plus(openInterval);
            try {
                Optional<VendorStatus> down = store.markDown(adapterId, expected, until, reason, now);
                if (down.isPresent()) {
                    remember(down.get());
                    openedAtVersion = down.get().version();
                    LOG.warn("vendor {}: circuit opened ({}); every instance fails fast until {}", adapterId, reason, until);
                    return;
                }
                VendorStatus fresh = store.find(adapterId).orElse(null);
                cached = new Cached(fresh, true, now);
                openedAtVersion = fresh == null ? 0 : fresh.version();
                LOG.warn("vendor {}: circuit opened here ({}); the status row changed meanwhile, now {}", adapterId, reason,
                        fresh == null ? "absent" : fresh.status());
            } catch (RuntimeException e) {
                openedAtVersion = expected;
                LOG.warn("vendor {}: circuit opened here ({}), but the status row could not be written ({}); only this "
                        + "instance fails fast", adapterId, reason, e.getClass().getSimpleName());
            }
        }

        private Cached status(Instant now) {
            Cached c = cached;
            if (c != null && now.isBefore(c.readAt().plus(statusCache))) {
                return c;
            }
            try {
                c = new Cached(store.find(adapterId).orElse(null), true, now);
            } catch (RuntimeException e) {
                if (c == null || c.known()) {
                    LOG.warn("vendor {}: the status row could not be read ({}); this instance's breaker decides alone",
                            adapterId, e.getClass().getSimpleName());
                }
                c = new Cached(null, false, now);
            }
            cached = c;
            return c;
        }

        private void remember(VendorStatus row) {
            cached = new Cached(row, true, clock.instant());
        }

        private VendorCircuitOpenException failFast() {
            fastFailures.incrementAndGet();
            return new VendorCircuitOpenException(adapterId);
        }
    }
}
