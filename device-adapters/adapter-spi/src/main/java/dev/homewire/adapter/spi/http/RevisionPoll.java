package dev.homewire.adapter.spi.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * {@link DeviceAdapter#queryStates} for an {@link InteractionStyle#ASYNC_POLL} cloud that has a
 * revision summary: one cheap call listing, per device, an opaque revision that moves with every
 * change (connectivity included) and whether it is online; details are fetched only for devices
 * whose revision moved since the adapter last saw them, in calls of at most
 * {@code maxIdsPerRequest} ids. One instance per adapter, thread-safe as far as its cache is.
 *
 * <p>Why: background sync polls every poll-only device of every linked account, all the time. In
 * the common case — nothing changed — the summary is the only call, which is what such clouds ask
 * of integrators and what keeps an integration under their rate limits at scale, while every
 * requested device still gets a state from the adapter's cache.
 *
 * <h2>What {@link #states} does</h2>
 * <ol>
 *   <li>takes the distinct non-blank ids asked for; none: answers nothing and calls nothing;</li>
 *   <li>asks the adapter for the {@linkplain Summary summary} (one call);</li>
 *   <li>forgets devices the summary no longer lists (they are left out of the answer, as the SPI
 *       asks, and core rediscovers the account);</li>
 *   <li>a device is <em>changed</em> when the cache has no snapshot of it, or one of another
 *       revision or connectivity; the adapter fetches (and caches) the changed ones in detail,
 *       {@code maxIdsPerRequest} ids a call;</li>
 *   <li>answers, in the order asked: a fetched device's state; an unchanged device's cached state,
 *       observed at the summary's arrival when online (the summary just confirmed it), at its last
 *       contact when offline; nothing for a changed device the detail answer lacked (removed
 *       between the two calls).</li>
 * </ol>
 * The adapter makes the calls (its paths, list fields and messages) and owns the cache (its
 * bounds); a failed call fails the whole poll with its {@link AdapterException}.
 *
 * <pre>{@code
 * poll = new RevisionPoll<>(http, cache, 25, "appliances", LOG);
 *
 * public Map<String, DeviceState> queryStates(VendorAccount account, Collection<String> ids) {
 *     return poll.states(account.accountId(), ids, () -> summary(account), chunk -> details(account, chunk));
 * }
 * private RevisionPoll.Summary summary(VendorAccount account) {
 *     Answer answer = http.call(account, new HttpGet(http.uri("/v1/summary")), what);
 *     return poll.summary(http.readJson(answer, what).path("appliances"), answer.receivedAt(), what);
 * }
 * private Map<String, Snapshot> details(VendorAccount account, List<String> ids) {
 *     Answer answer = http.call(account, new HttpGet(http.uri("/v1/appliances?ids=" + …)), what);
 *     return poll.details(http.readJson(answer, what).path("appliances"), ids, what,
 *             json -> remember(account, json, answer.receivedAt()));
 * }
 * }</pre>
 *
 * @param <S> what the adapter caches of a device fetched in detail
 */
public final class RevisionPoll<S extends RevisionPoll.Snapshot> {

    /** What an adapter remembers of a device it fetched in detail: at least the revision and the state that came with it. */
    public interface Snapshot {
        /** The device's revision when it was fetched. */
        String revision();

        /** The device's state as fetched. */
        DeviceState state();
    }

    /**
     * The adapter's cache of snapshots, per vendor account: its bounds and eviction are the
     * adapter's (forgetting an entry only costs a detail fetch). The adapter adds to it when it
     * reads a device in detail.
     */
    public interface Cache<S> {
        /** The snapshot of the account's device, or null. */
        S get(String accountId, String deviceId);

        /** Forgets the account's device. */
        void remove(String accountId, String deviceId);
    }

    /** A device's line in a summary: its current revision, and whether it is online. */
    public record Revision(String revision, boolean online) {
        public Revision {
            Objects.requireNonNull(revision, "revision");
        }
    }

    /** A summary answer: the revision of each device it lists, by id, and when it arrived. */
    public record Summary(Map<String, Revision> devices, Instant receivedAt) {
        public Summary {
            devices = Map.copyOf(devices);
            Objects.requireNonNull(receivedAt, "receivedAt");
        }
    }

    /** The one call that fetches the account's summary. */
    @FunctionalInterface
    public interface SummaryCall {
        Summary fetch() throws AdapterException;
    }

    /**
     * One call that fetches these devices (at most {@code maxIdsPerRequest}) in detail: each one the
     * answer holds is read, cached and returned by id; those it lacks are left out.
     */
    @FunctionalInterface
    public interface DetailCall<S> {
        Map<String, S> fetch(List<String> deviceIds) throws AdapterException;
    }

    private final VendorHttp http;
    private final Cache<S> cache;
    private final int maxIdsPerRequest;
    private final String devices;
    private final Logger log;

    /**
     * @param http             the adapter's transport: names the vendor, and makes unreadable answers {@link AdapterException}s
     * @param cache            the adapter's cache of snapshots
     * @param maxIdsPerRequest most ids the cloud takes in one detail call
     * @param devices          what the cloud calls its devices, plural, for the debug log, e.g. {@code "thermostats"}
     * @param log              where each poll is logged (at debug: how many of the polled devices changed)
     */
    public RevisionPoll(VendorHttp http, Cache<S> cache, int maxIdsPerRequest, String devices, Logger log) {
        this.http = Objects.requireNonNull(http, "http");
        this.cache = Objects.requireNonNull(cache, "cache");
        if (maxIdsPerRequest < 1) {
            throw new IllegalArgumentException("maxIdsPerRequest must be positive");
        }
        this.maxIdsPerRequest = maxIdsPerRequest;
        this.devices = Objects.requireNonNull(devices, "devices");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * The states of the account's devices (see the class comment), making one summary call and
     * one detail call per {@code maxIdsPerRequest} changed devices.
     *
     * @param deviceIds the devices asked for; nulls, blanks and repeats are ignored
     * @return by device id, in the order asked; devices the cloud no longer lists are left out
     */
    public Map<String, DeviceState> states(String accountId, Collection<String> deviceIds, SummaryCall summaryCall,
                                           DetailCall<S> detailCall) throws AdapterException {
        Set<String> wanted = new LinkedHashSet<>();
        for (String deviceId : deviceIds) {
            if (deviceId != null && !deviceId.isBlank()) {
                wanted.add(deviceId);
            }
        }
        if (wanted.isEmpty()) {
            return Map.of();
        }
        Summary summary = summaryCall.fetch();

        List<String> changed = new ArrayList<>();
        Map<String, S> unchanged = new HashMap<>();
        for (String deviceId : wanted) {
            Revision entry = summary.devices().get(deviceId);
            if (entry == null) {
                cache.remove(accountId, deviceId); // gone at the vendor
                continue;
            }
            S known = cache.get(accountId, deviceId);
            if (known == null || !known.revision().equals(entry.revision()) || known.state().reachable() != entry.online()) {
                changed.add(deviceId);
            } else {
                unchanged.put(deviceId, known);
            }
        }

        Map<String, S> fetched = new HashMap<>();
        for (int from = 0; from < changed.size(); from += maxIdsPerRequest) {
            fetched.putAll(detailCall.fetch(changed.subList(from, Math.min(changed.size(), from + maxIdsPerRequest))));
        }
        log.debug("{} account {}: {} of {} polled {} changed", http.vendor(), accountId, changed.size(), wanted.size(), devices);

        Map<String, DeviceState> states = new LinkedHashMap<>();
        for (String deviceId : wanted) {
            S fresh = fetched.get(deviceId);
            S known = unchanged.get(deviceId);
            if (fresh != null) {
                states.put(deviceId, fresh.state());
            } else if (known != null) {
                DeviceState state = known.state();
                states.put(deviceId, state.reachable() ? state.withObservedAt(summary.receivedAt()) : state);
            }
            // else: not in the summary, or changed but missing from the detail answer (removed at
            // the vendor between the two calls): left out
        }
        return states;
    }

    /**
     * Reads a summary's entries, each {@code {"id": "…", "revision": "…", "online": true|false}}
     * (other fields ignored; a later entry of the same id wins).
     *
     * @param entries    the summary's array of entries
     * @param receivedAt when the summary answer arrived
     * @param what       the call, for the message
     * @throws AdapterException {@link VendorHttp#unreadable} when the entries are no array or an
     *                          entry lacks a non-blank id, a string revision or a boolean online
     */
    public Summary summary(JsonNode entries, Instant receivedAt, String what) {
        if (!entries.isArray()) {
            throw http.unreadable(what, "the summary holds no list of entries");
        }
        Map<String, Revision> revisions = new HashMap<>();
        for (JsonNode entry : entries) {
            String id = entry.path("id").asText("");
            if (id.isBlank() || !entry.path("revision").isTextual() || !entry.path("online").isBoolean()) {
                throw http.unreadable(what, "summary entry without id, revision or online");
            }
            revisions.put(id, new Revision(entry.path("revision").asText(), entry.path("online").booleanValue()));
        }
        return new Summary(revisions, receivedAt);
    }

    /**
     * Reads the devices asked for from a detail answer's list with {@code read} (which caches
     * them); entries of devices not asked for are skipped, a later entry of the same id wins.
     *
     * @param entries   the detail answer's array of devices
     * @param deviceIds the devices this call asked for
     * @param what      the call, for the message
     * @param read      reads one device's JSON into its snapshot and caches it; throws
     *                  {@link IllegalArgumentException} for one it cannot read
     * @throws AdapterException {@link VendorHttp#unreadable} for entries that are no array, or a
     *                          device asked for that {@code read} cannot read
     */
    public Map<String, S> details(JsonNode entries, List<String> deviceIds, String what, Function<JsonNode, S> read) {
        if (!entries.isArray()) {
            throw http.unreadable(what, "the answer holds no list of devices");
        }
        Map<String, S> fetched = new HashMap<>();
        for (JsonNode json : entries) {
            String id = json.path("id").asText("");
            if (!deviceIds.contains(id)) {
                continue; // not asked for
            }
            try {
                fetched.put(id, read.apply(json));
            } catch (IllegalArgumentException malformed) {
                throw http.unreadable(what, malformed.getMessage());
            }
        }
        return fetched;
    }
}
