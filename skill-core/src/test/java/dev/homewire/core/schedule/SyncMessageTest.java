package dev.homewire.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.core.config.HomewireConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncMessageTest {

    @Test
    void roundTripsAndHasTheDocumentedShape() {
        String json = SyncMessage.toJson("amzn1.account.\"quoted\"");

        assertEquals("{\"type\":\"homewire.sync\",\"version\":1,\"userId\":\"amzn1.account.\\\"quoted\\\"\"}", json);
        assertEquals("amzn1.account.\"quoted\"", SyncMessage.userIdFromJson(json));
    }

    @Test
    void refusesOtherMessagesWithoutEchoingThem() {
        for (String body : new String[] {null, "", "not json", "[]", "{\"version\":1,\"userId\":\"u\"}",
                "{\"type\":\"homewire.directive\",\"version\":1,\"userId\":\"secret-user\"}",
                "{\"type\":\"homewire.sync\",\"version\":2,\"userId\":\"u\"}",
                "{\"type\":\"homewire.sync\",\"version\":1,\"userId\":\"\"}",
                "{\"type\":\"homewire.sync\",\"version\":1}"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyncMessage.userIdFromJson(body));
            assertFalse(e.getMessage().contains("secret-user"), e.getMessage());
        }
    }

    @Test
    void configurationDefaultsAndOverrides() {
        HomewireConfig defaults = new HomewireConfig(Map.of());
        assertEquals(Duration.ofMinutes(5), defaults.syncInterval());
        assertEquals("default", defaults.scheduleGroup());
        assertTrue(defaults.schedulerEndpoint().isEmpty());
        assertEquals(Duration.ofSeconds(1), defaults.pollBaseInterval());
        assertEquals(Duration.ofSeconds(5), defaults.pollMaxInterval());
        assertEquals(Duration.ofMillis(1500), defaults.pollDispatchMargin());
        assertThrows(IllegalStateException.class, defaults::syncQueueArn);
        assertThrows(IllegalStateException.class, defaults::schedulerRoleArn);

        HomewireConfig set = new HomewireConfig(Map.of("HOMEWIRE_SYNC_INTERVAL_SECONDS", "2", "HOMEWIRE_SCHEDULE_GROUP", "g",
                "HOMEWIRE_SYNC_QUEUE_ARN", "arn:q", "HOMEWIRE_SCHEDULER_ROLE_ARN", "arn:r"));
        assertEquals(Duration.ofSeconds(2), set.syncInterval());
        assertEquals("g", set.scheduleGroup());
        assertEquals("arn:q", set.syncQueueArn());
        assertEquals("arn:r", set.schedulerRoleArn());
        assertThrows(IllegalStateException.class,
                () -> new HomewireConfig(Map.of("HOMEWIRE_SYNC_INTERVAL_SECONDS", "0")).syncInterval());
    }
}
