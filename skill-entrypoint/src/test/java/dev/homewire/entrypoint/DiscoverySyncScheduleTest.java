package dev.homewire.entrypoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.conformance.AlexaSamples;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Discovery keeps the background-sync schedule of users with devices of poll-only vendors. */
class DiscoverySyncScheduleTest {
    private static final String SAMPLE = "Discovery/Discovery.request.json";
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private JsonNode discover(String token) {
        return f.send(AlexaSamples.directive(SAMPLE, token, null));
    }

    private static int endpointCount(JsonNode answer) {
        return answer.path("event").path("payload").path("endpoints").size();
    }

    @Test
    void aUserWithAPollOnlyDeviceGetsAScheduleTheOthersDoNot() {
        f.globex.interactionStyle = InteractionStyle.ASYNC_POLL;
        f.acme.devices = List.of(Fixture.lamp("lamp-1", "Desk lamp"));
        f.globex.devices = List.of(Fixture.plug("plug-7", "Kettle"));

        assertEquals(2, endpointCount(discover(TestUsers.ALICE_TOKEN)));
        assertEquals(1, endpointCount(discover(TestUsers.BOB_TOKEN)));

        assertEquals(List.of("ensure:alice", "delete:bob"), f.syncScheduler.calls,
                "alice has a plug of a poll-only vendor; bob only acme's (SYNC) lamp");
        assertEquals(Set.of("alice"), f.syncScheduler.scheduled);
    }

    @Test
    void theScheduleGoesWhenThePollOnlyDevicesDo() {
        f.globex.interactionStyle = InteractionStyle.ASYNC_POLL;
        f.acme.devices = List.of(Fixture.lamp("lamp-1", "Desk lamp"));
        f.globex.devices = List.of(Fixture.plug("plug-7", "Kettle"));
        discover(TestUsers.ALICE_TOKEN);

        f.globex.devices = List.of();
        assertEquals(1, endpointCount(discover(TestUsers.ALICE_TOKEN)));

        assertEquals(List.of("ensure:alice", "delete:alice"), f.syncScheduler.calls);
        assertTrue(f.syncScheduler.scheduled.isEmpty());
    }

    @Test
    void pollOnlyEndpointsKeptThroughAVendorOutageKeepTheSchedule() {
        f.globex.interactionStyle = InteractionStyle.ASYNC_POLL;
        f.register("alice", "globex", Fixture.plug("plug-old", "Old plug"));
        f.globex.discoverFailure = new AdapterException(AdapterException.Reason.VENDOR_UNAVAILABLE, "globex cloud 503");

        assertEquals(1, endpointCount(discover(TestUsers.ALICE_TOKEN)));

        assertEquals(List.of("ensure:alice"), f.syncScheduler.calls);
    }

    @Test
    void aFailingSchedulerDoesNotFailDiscovery() {
        f.globex.interactionStyle = InteractionStyle.ASYNC_POLL;
        f.globex.devices = List.of(Fixture.plug("plug-7", "Kettle"));
        f.syncScheduler.failure = new IllegalStateException("Scheduler API unavailable");

        JsonNode answer = discover(TestUsers.ALICE_TOKEN);

        assertEquals("Discover.Response", answer.path("event").path("header").path("name").asText());
        assertEquals(1, endpointCount(answer));
        assertEquals(List.of("ensure:alice"), f.syncScheduler.calls);
    }

    @Test
    void aHangingSchedulerDoesNotMakeDiscoveryExceedItsBudget() {
        f.globex.interactionStyle = InteractionStyle.ASYNC_POLL;
        f.globex.devices = List.of(Fixture.plug("plug-7", "Kettle"));
        f.syncScheduler.onCall = () -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };

        long start = System.nanoTime();
        JsonNode answer = f.send(AlexaSamples.directive(SAMPLE, TestUsers.ALICE_TOKEN, null), Duration.ofMillis(2500));
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertTrue(ms < 2500, "Discover must answer within the budget, took " + ms + " ms");
        assertEquals(1, endpointCount(answer));
    }
}
