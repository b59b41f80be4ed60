package dev.homewire.adapter.spi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.DeviceState;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RevisionPollTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant FETCHED = Instant.parse("2025-03-14T09:00:00Z");
    private static final Instant SUMMARY_AT = Instant.parse("2025-03-14T09:05:00Z");

    record Snap(String revision, DeviceState state) implements RevisionPoll.Snapshot {
    }

    /** A cache of one account, keyed by device id. */
    static final class MapCache implements RevisionPoll.Cache<Snap> {
        final Map<String, Snap> snapshots = new HashMap<>();

        @Override
        public Snap get(String accountId, String deviceId) {
            return accountId.equals("acct") ? snapshots.get(deviceId) : null;
        }

        @Override
        public void remove(String accountId, String deviceId) {
            snapshots.remove(deviceId);
        }
    }

    private final CloseableHttpClient client = HttpClients.createDefault();
    private final VendorHttp http = VendorHttp.builder("Acme", URI.create("https://api.acme.example"), client, Duration.ofSeconds(1))
            .build();
    private final MapCache cache = new MapCache();
    private final RevisionPoll<Snap> poll = new RevisionPoll<>(http, cache, 2, "widgets", LoggerFactory.getLogger(RevisionPollTest.class));
    private final List<List<String>> detailCalls = new ArrayList<>();
    private int summaryCalls;

    @AfterEach
    void close() throws Exception {
        client.close();
    }

    private static DeviceState state(boolean online, Instant at) {
        return DeviceState.builder().connectivity(online ? Connectivity.OK : Connectivity.UNREACHABLE).observedAt(at).build();
    }

    private RevisionPoll.SummaryCall summary(Map<String, RevisionPoll.Revision> devices) {
        return () -> {
            summaryCalls++;
            return new RevisionPoll.Summary(devices, SUMMARY_AT);
        };
    }

    /** Answers every device asked for at its summary revision, online as listed, except those in {@code missing}. */
    private RevisionPoll.DetailCall<Snap> details(Map<String, RevisionPoll.Revision> devices, String... missing) {
        return ids -> {
            detailCalls.add(List.copyOf(ids));
            Map<String, Snap> fetched = new HashMap<>();
            for (String id : ids) {
                if (!List.of(missing).contains(id)) {
                    Snap snap = new Snap(devices.get(id).revision(), state(devices.get(id).online(), FETCHED));
                    cache.snapshots.put(id, snap);
                    fetched.put(id, snap);
                }
            }
            return fetched;
        };
    }

    @Test
    void fetchesOnlyChangedDevicesInChunksAndAnswersTheRestFromTheCache() {
        Map<String, RevisionPoll.Revision> devices = new LinkedHashMap<>();
        devices.put("same", new RevisionPoll.Revision("r1", true));
        devices.put("moved", new RevisionPoll.Revision("r2", true));
        devices.put("offline", new RevisionPoll.Revision("r1", false));
        devices.put("dropped", new RevisionPoll.Revision("r1", false));
        devices.put("new", new RevisionPoll.Revision("r1", true));
        devices.put("vanishing", new RevisionPoll.Revision("r1", true));
        Instant lastContact = FETCHED.minusSeconds(60);
        cache.snapshots.put("same", new Snap("r1", state(true, lastContact)));
        cache.snapshots.put("moved", new Snap("r1", state(true, lastContact)));
        cache.snapshots.put("offline", new Snap("r1", state(false, lastContact)));
        cache.snapshots.put("dropped", new Snap("r1", state(true, lastContact)));
        cache.snapshots.put("gone", new Snap("r1", state(true, lastContact)));

        Map<String, DeviceState> states = poll.states("acct", List.of("gone", "vanishing", "new", "same", "moved", " ", "same",
                "offline", "dropped"), summary(devices), details(devices, "vanishing"));

        assertEquals(1, summaryCalls);
        assertEquals(List.of(List.of("vanishing", "new"), List.of("moved", "dropped")), detailCalls,
                "changed devices, in the order asked, two a call");
        assertEquals(List.of("new", "same", "moved", "offline", "dropped"), List.copyOf(states.keySet()),
                "in the order asked; gone and vanished devices left out");
        assertEquals(SUMMARY_AT, states.get("same").observedAt(), "an unchanged online device is confirmed by the summary");
        assertEquals(lastContact, states.get("offline").observedAt(), "an unchanged offline one keeps its last contact");
        assertEquals(FETCHED, states.get("moved").observedAt());
        assertEquals(Connectivity.UNREACHABLE, states.get("dropped").connectivity(), "connectivity moved: fetched");
        assertNull(cache.snapshots.get("gone"), "a device the summary no longer lists is forgotten");
    }

    @Test
    void nothingAskedForIsNoCall() {
        assertEquals(Map.of(), poll.states("acct", List.of(" ", ""), summary(Map.of()), details(Map.of())));
        assertEquals(0, summaryCalls);
        Map<String, RevisionPoll.Revision> devices = Map.of("a", new RevisionPoll.Revision("r1", true));
        cache.snapshots.put("a", new Snap("r1", state(true, FETCHED)));
        assertEquals(1, poll.states("acct", List.of("a"), summary(devices), details(devices)).size());
        assertEquals(List.of(), detailCalls, "nothing changed: the summary is the only call");
        assertEquals(1, poll.states("other", List.of("a"), summary(devices), details(devices)).size());
        assertEquals(List.of(List.of("a")), detailCalls, "another account's cache is its own");
    }

    @Test
    void readsSummariesAndDetailsOrCallsThemUnreadable() throws Exception {
        JsonNode entries = JSON.readTree("[{\"id\":\"a\",\"revision\":\"r1\",\"online\":true,\"x\":1},"
                + "{\"id\":\"b\",\"revision\":\"r7\",\"online\":false}]");
        RevisionPoll.Summary summary = poll.summary(entries, SUMMARY_AT, "summary poll");
        assertEquals(Map.of("a", new RevisionPoll.Revision("r1", true), "b", new RevisionPoll.Revision("r7", false)), summary.devices());
        assertEquals(SUMMARY_AT, summary.receivedAt());
        for (String bad : List.of("[{\"revision\":\"r1\",\"online\":true}]", "[{\"id\":\" \",\"revision\":\"r1\",\"online\":true}]",
                "[{\"id\":\"a\",\"revision\":1,\"online\":true}]", "[{\"id\":\"a\",\"revision\":\"r1\",\"online\":\"yes\"}]", "{}")) {
            AdapterException e = assertThrows(AdapterException.class, () -> poll.summary(JSON.readTree(bad), SUMMARY_AT, "summary poll"));
            assertEquals(Reason.VENDOR_UNAVAILABLE, e.reason(), bad);
            assertTrue(e.getMessage().startsWith("summary poll: unreadable answer from Acme"), e.getMessage());
        }

        JsonNode list = JSON.readTree("[{\"id\":\"a\",\"v\":1},{\"id\":\"z\"},{\"id\":\"b\",\"v\":2}]");
        Map<String, Snap> read = poll.details(list, List.of("a", "b"), "detail poll",
                json -> new Snap("r" + json.path("v").asInt(), state(true, FETCHED)));
        assertEquals(List.of("a", "b"), read.keySet().stream().sorted().toList(), "devices not asked for are skipped");
        assertEquals("r2", read.get("b").revision());
        AdapterException e = assertThrows(AdapterException.class, () -> poll.details(list, List.of("a"), "detail poll", json -> {
            throw new IllegalArgumentException("no state");
        }));
        assertEquals("detail poll: unreadable answer from Acme (no state)", e.getMessage());
        assertEquals(Map.of(), poll.details(list, List.of("q"), "detail poll", json -> {
            throw new IllegalArgumentException("never read");
        }), "a device not asked for is not read");
    }
}
