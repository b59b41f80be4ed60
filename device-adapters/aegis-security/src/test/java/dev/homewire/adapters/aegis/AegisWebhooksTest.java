package dev.homewire.adapters.aegis;

import static dev.homewire.adapters.aegis.AegisTestbed.CALL_TIMEOUT;
import static dev.homewire.adapters.aegis.AegisTestbed.SIGNING;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.ALICE_ACCOUNT_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.ALICE_PANEL_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.BACK_DOOR_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.BOB_ACCOUNT_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.BOB_PANEL_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.DRIVEWAY_CAMERA_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.FRONT_DOORBELL_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.FRONT_DOOR_ID;
import static dev.homewire.simulator.aegis.AegisCloudSimulator.HALLWAY_MOTION_ID;
import static dev.homewire.testkit.WebhookSigning.assertRefused;
import static dev.homewire.testkit.WebhookSigning.hmacHex;
import static dev.homewire.testkit.WebhookSigning.with;
import static dev.homewire.testkit.WebhookSigning.without;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.AdapterException.Reason;
import dev.homewire.adapter.spi.ArmState;
import dev.homewire.adapter.spi.CommandOutput;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.ContactState;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceEvent;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.PushNotifications;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.UpdateCause;
import dev.homewire.adapter.spi.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The push side: what the simulator pushes for changes outside Alexa becomes the right
 * {@link DeviceUpdate}s and causes; forged, tampered, stale and malformed deliveries are refused.
 */
class AegisWebhooksTest {
    private static final String HEAD = "{\"event_id\":\"evt_1\",\"account_id\":\"" + ALICE_ACCOUNT_ID + "\","
            + "\"occurred_at\":\"2025-03-14T09:26:53.589Z\",";
    private static final Instant OCCURRED_AT = Instant.parse("2025-03-14T09:26:53.589Z");

    private AegisTestbed bed;
    private PushNotifications push;

    @BeforeEach
    void start() {
        bed = new AegisTestbed(Duration.ofMillis(150));
        push = bed.push;
    }

    @AfterEach
    void stop() throws Exception {
        bed.close();
    }

    private DeviceUpdate parsedOne(String json) throws Exception {
        List<DeviceUpdate> updates = push.parseWebhook(bed.signed(json));
        assertEquals(1, updates.size(), json);
        return updates.get(0);
    }

    // ------------------------------------------------------------------ what the cloud pushes

    @Test
    void sensorChangesAreReportedAsPhysical() throws Exception {
        bed.change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        WebhookRequest delivery = bed.nextDelivery();
        DeviceUpdate open = push.parseWebhook(delivery).get(0);
        assertEquals(ALICE_ACCOUNT_ID, open.accountId());
        assertEquals(FRONT_DOOR_ID, open.deviceId());
        assertEquals(UpdateCause.PHYSICAL_INTERACTION, open.cause());
        assertNull(open.operationRef());
        assertNull(open.failure());
        assertEquals(ContactState.OPEN, open.state().get(StateKey.CONTACT));
        assertEquals(Connectivity.OK, open.state().connectivity());
        assertEquals(Instant.parse(AegisTestbed.JSON.readTree(delivery.body()).path("occurred_at").asText()), open.state().observedAt());

        bed.change(HALLWAY_MOTION_ID, "{\"motion\": true}");
        DeviceUpdate motion = bed.nextUpdate();
        assertEquals(Boolean.TRUE, motion.state().get(StateKey.MOTION_DETECTED));
        assertEquals(UpdateCause.PHYSICAL_INTERACTION, motion.cause());

        bed.change(DRIVEWAY_CAMERA_ID, "{\"person\": true}");
        DeviceUpdate person = bed.nextUpdate();
        assertEquals(DRIVEWAY_CAMERA_ID, person.deviceId());
        assertEquals(Boolean.TRUE, person.state().get(StateKey.PERSON_DETECTED));
        assertEquals(Boolean.FALSE, person.state().get(StateKey.MOTION_DETECTED));
        bed.change(DRIVEWAY_CAMERA_ID, "{\"person\": false}");
        assertEquals(Boolean.FALSE, bed.nextUpdate().state().get(StateKey.PERSON_DETECTED));
    }

    @Test
    void panelChangesCarryTheirCause() throws Exception {
        bed.change(ALICE_PANEL_ID, "{\"armState\": \"ARMED_NIGHT\"}");
        DeviceUpdate keypad = bed.nextUpdate();
        assertEquals(UpdateCause.PHYSICAL_INTERACTION, keypad.cause(), "the keypad");
        assertEquals(ArmState.ARMED_NIGHT, keypad.state().get(StateKey.ARM_STATE));
        bed.change(ALICE_PANEL_ID, "{\"armState\": \"DISARMED\", \"source\": \"app\"}");
        DeviceUpdate app = bed.nextUpdate();
        assertEquals(UpdateCause.APP_INTERACTION, app.cause());
        assertEquals(ArmState.DISARMED, app.state().get(StateKey.ARM_STATE));
        bed.change(ALICE_PANEL_ID, "{\"armState\": \"ARMED_AWAY\", \"source\": \"automation\"}");
        assertEquals(UpdateCause.RULE_TRIGGER, bed.nextUpdate().cause());
        bed.change(ALICE_PANEL_ID, "{\"alarm\": \"FIRE\"}");
        DeviceUpdate fire = bed.nextUpdate();
        assertEquals(Boolean.TRUE, fire.state().get(StateKey.FIRE_ALARM));
        assertEquals(Boolean.FALSE, fire.state().get(StateKey.BURGLARY_ALARM));
        assertEquals(UpdateCause.PHYSICAL_INTERACTION, fire.cause(), "the smoke detector");
    }

    @Test
    void anIntruderIsReportedAsTheBurglaryAlarm() throws Exception {
        bed.change(BOB_PANEL_ID, "{\"armState\": \"ARMED_STAY\"}");
        bed.nextUpdate();
        bed.change(BACK_DOOR_ID, "{\"contact\": \"OPEN\"}");
        assertEquals(BACK_DOOR_ID, bed.nextUpdate().deviceId());
        DeviceUpdate alarm = bed.nextUpdate();
        assertEquals(BOB_ACCOUNT_ID, alarm.accountId());
        assertEquals(BOB_PANEL_ID, alarm.deviceId());
        assertEquals(Boolean.TRUE, alarm.state().get(StateKey.BURGLARY_ALARM));
        assertEquals(ArmState.ARMED_STAY, alarm.state().get(StateKey.ARM_STATE));
    }

    @Test
    void aDoorbellPressIsAnEventWithoutState() throws Exception {
        bed.change(FRONT_DOORBELL_ID, "{\"press\": true}");
        WebhookRequest delivery = bed.nextDelivery();
        DeviceUpdate press = push.parseWebhook(delivery).get(0);
        assertEquals(FRONT_DOORBELL_ID, press.deviceId());
        assertEquals(UpdateCause.PHYSICAL_INTERACTION, press.cause());
        assertNull(press.state());
        Instant at = Instant.parse(AegisTestbed.JSON.readTree(delivery.body()).path("occurred_at").asText());
        assertEquals(List.of(new DeviceEvent.DoorbellPressed(at)), press.events());
    }

    @Test
    void connectivityChangesCarryTheLastKnownState() throws Exception {
        bed.change(BACK_DOOR_ID, "{\"online\": false}");
        DeviceUpdate gone = bed.nextUpdate();
        assertEquals(BOB_ACCOUNT_ID, gone.accountId());
        assertEquals(Connectivity.UNREACHABLE, gone.state().connectivity());
        assertEquals(ContactState.CLOSED, gone.state().get(StateKey.CONTACT));
        assertEquals(UpdateCause.PERIODIC_POLL, gone.cause(), "nobody acted: the cloud noticed");
        bed.change(BACK_DOOR_ID, "{\"contact\": \"OPEN\"}");
        bed.change(BACK_DOOR_ID, "{\"online\": true}");
        DeviceUpdate back = bed.nextUpdate();
        assertEquals(Connectivity.OK, back.state().connectivity());
        assertEquals(ContactState.OPEN, back.state().get(StateKey.CONTACT), "what happened while it was away");
    }

    @Test
    void pairingRenamingAndRemovingAreReportedAsDevicesChanged() throws Exception {
        JsonNode added = bed.simulator.addDevice("alice", AegisTestbed.JSON.readTree("{\"type\": \"contact\", \"name\": \"Garage Side Door\"}"));
        String id = added.path("deviceId").asText();
        WebhookRequest delivery = bed.nextDelivery();
        assertEquals(ALICE_PANEL_ID, AegisTestbed.JSON.readTree(delivery.body()).path("device_id").asText(), "the hub reports it");
        DeviceUpdate pairing = push.parseWebhook(delivery).get(0);
        assertEquals(ALICE_ACCOUNT_ID, pairing.accountId());
        assertEquals(id, pairing.deviceId(), "the update is about the device concerned");
        assertNull(pairing.state());
        assertEquals(1, pairing.events().size());
        assertTrue(pairing.events().get(0) instanceof DeviceEvent.DevicesChanged);
        assertEquals(UpdateCause.APP_INTERACTION, pairing.cause());
        List<Device> devices = bed.adapter.discover(bed.alice);
        assertEquals(6, devices.size(), "rediscovery finds it");
        assertEquals("Garage Side Door", devices.stream().filter(d -> d.deviceId().equals(id)).findFirst().orElseThrow().friendlyName());

        bed.change(id, "{\"name\": \"Side Door\"}");
        DeviceUpdate renaming = bed.nextUpdate();
        assertEquals(id, renaming.deviceId());
        assertTrue(renaming.events().get(0) instanceof DeviceEvent.DevicesChanged);
        bed.simulator.removeDevice(id);
        DeviceUpdate removal = bed.nextUpdate();
        assertEquals(id, removal.deviceId());
        assertTrue(removal.events().get(0) instanceof DeviceEvent.DevicesChanged);
        assertEquals(5, bed.adapter.discover(bed.alice).size());

        String fromHub = HEAD + "\"type\":\"devices.changed\",\"device_id\":\"" + ALICE_PANEL_ID + "\",\"device_type\":\"panel\","
                + "\"change\":\"added\"}";
        assertEquals(ALICE_PANEL_ID, parsedOne(fromHub).deviceId(), "without changed_device_id: the reporting panel");
        assertEquals(List.of(new DeviceEvent.DevicesChanged(OCCURRED_AT)), parsedOne(fromHub).events());
    }

    // ------------------------------------------------------------------ outcomes, by hand

    @Test
    void operationOutcomesMapToResultsAndFailures() throws Exception {
        String operation = HEAD + "\"device_id\":\"" + ALICE_PANEL_ID + "\",\"device_type\":\"panel\",\"operation_id\":\"op_9\",%s}";
        String disarmed = "\"state\":{\"arm_state\":\"disarmed\",\"alarm\":null}";
        DeviceUpdate armed = parsedOne(String.format(operation, "\"type\":\"operation.succeeded\",\"action\":\"arm\",\"mode\":\"away\","
                + "\"exit_delay_seconds\":45,\"state\":{\"arm_state\":\"away\",\"alarm\":null}"));
        assertEquals("op_9", armed.operationRef());
        assertEquals(UpdateCause.COMMAND_RESULT, armed.cause());
        assertEquals(new CommandOutput.ArmOutcome(45), armed.output());
        assertEquals(ArmState.ARMED_AWAY, armed.state().get(StateKey.ARM_STATE));
        assertEquals(OCCURRED_AT, armed.state().observedAt());
        DeviceUpdate noDelay = parsedOne(String.format(operation, "\"type\":\"operation.succeeded\",\"action\":\"arm\","
                + "\"state\":{\"arm_state\":\"stay\",\"alarm\":null}"));
        assertEquals(new CommandOutput.ArmOutcome(null), noDelay.output(), "a panel that does not say");
        assertNull(parsedOne(String.format(operation, "\"type\":\"operation.succeeded\",\"action\":\"disarm\"," + disarmed)).output());

        Map<String, Reason> failures = Map.of("sensors_open", Reason.NOT_READY_TO_ARM, "alarm_active", Reason.UNCLEARED_ALARM,
                "device_offline", Reason.DEVICE_OFFLINE, "timeout", Reason.VENDOR_UNAVAILABLE, "siren_fault", Reason.VENDOR_ERROR);
        for (Map.Entry<String, Reason> failure : failures.entrySet()) {
            DeviceUpdate failed = parsedOne(String.format(operation, "\"type\":\"operation.failed\",\"action\":\"arm\",\"error\":\""
                    + failure.getKey() + "\"," + disarmed));
            assertEquals("op_9", failed.operationRef());
            assertEquals(failure.getValue(), failed.failure().reason(), failure.getKey());
            assertEquals(failure.getKey().equals("device_offline") ? Connectivity.UNREACHABLE : Connectivity.OK,
                    failed.state().connectivity(), failure.getKey());
        }
        DeviceUpdate bare = parsedOne(String.format(operation, "\"type\":\"operation.failed\",\"action\":\"disarm\""));
        assertEquals(Reason.VENDOR_ERROR, bare.failure().reason());
        assertNull(bare.state(), "no state given, none reported");
    }

    @Test
    void signedEventsOfUnknownTypesAreAcknowledgedAndIgnored() throws Exception {
        String battery = HEAD + "\"type\":\"device.battery_low\",\"device_id\":\"" + FRONT_DOOR_ID + "\",\"battery\":9}";
        assertEquals(List.of(), push.parseWebhook(bed.signed(battery)));
    }

    @Test
    void signedButMalformedBodiesAreRefusedWith400() throws Exception {
        String valid = HEAD + "\"type\":\"device.state\",\"device_id\":\"" + FRONT_DOOR_ID + "\",\"device_type\":\"contact\","
                + "\"source\":\"device\",\"state\":{\"contact\":\"open\"}}";
        assertEquals(1, push.parseWebhook(bed.signed(valid)).size(), "the well-formed baseline parses");
        String succeeded = valid.replace("device.state", "operation.succeeded").replace("\"source\":\"device\",",
                "\"operation_id\":\"op_1\",\"action\":\"arm\",").replace("{\"contact\":\"open\"}", "{\"arm_state\":\"away\",\"alarm\":null}")
                .replace("\"device_type\":\"contact\"", "\"device_type\":\"panel\"");
        assertEquals(1, push.parseWebhook(bed.signed(succeeded)).size(), "the well-formed operation parses");
        List<String> malformed = List.of(
                "{\"not\": \"an event\"",
                "",
                "[]",
                "\"device.state\"",
                valid + " trailing",
                valid.replace("\"event_id\":\"evt_1\",", ""),
                valid.replace("\"device_id\":\"" + FRONT_DOOR_ID + "\"", "\"device_id\":\"\""),
                valid.replace("\"account_id\":\"" + ALICE_ACCOUNT_ID + "\",", ""),
                valid.replace("\"type\":\"device.state\",", ""),
                valid.replace("2025-03-14T09:26:53.589Z", "yesterday"),
                valid.replace("\"occurred_at\":\"2025-03-14T09:26:53.589Z\",", ""),
                valid.replace("{\"contact\":\"open\"}", "{\"contact\":\"ajar\"}"),
                valid.replace(",\"state\":{\"contact\":\"open\"}", ""),
                valid.replace("\"device_type\":\"contact\",", ""),
                valid.replace("\"source\":\"device\"", "\"source\":7"),
                valid.replace("device.state", "device.connectivity"), // no online
                valid.replace("device.state", "device.connectivity").replace("\"source\"", "\"online\":\"yes\",\"source\""),
                succeeded.replace("\"operation_id\":\"op_1\",", ""),
                succeeded.replace("\"action\":\"arm\"", "\"action\":\"reboot\""),
                succeeded.replace("\"action\":\"arm\",", "\"action\":\"arm\",\"exit_delay_seconds\":300,"),
                succeeded.replace("\"action\":\"arm\",", "\"action\":\"arm\",\"exit_delay_seconds\":\"30\","),
                succeeded.replace("\"arm_state\":\"away\"", "\"arm_state\":\"vacation\""),
                succeeded.replace("\"alarm\":null", "\"alarm\":\"flood\""),
                succeeded.replace(",\"state\":{\"arm_state\":\"away\",\"alarm\":null}", ""),
                succeeded.replace("operation.succeeded", "operation.failed").replace("\"action\":\"arm\",", "\"error\":5,"),
                valid.replace("device.state", "devices.changed").replace("\"source\":\"device\"", "\"changed_device_id\":7"));
        for (String body : malformed) {
            assertRefused(push, bed.signed(body), 400, "signed but malformed: " + body);
        }
    }

    // ------------------------------------------------------------------ verification

    /** A real delivery from the cloud, for tampering with. */
    private WebhookRequest genuine() throws Exception {
        bed.change(FRONT_DOOR_ID, "{\"contact\": \"OPEN\"}");
        WebhookRequest delivery = bed.nextDelivery();
        assertEquals(1, push.parseWebhook(delivery).size(), "the cloud's own delivery parses");
        return delivery;
    }

    @Test
    void forgedTamperedAndUnsignedDeliveriesAreRefused() throws Exception {
        WebhookRequest genuine = genuine();
        byte[] body = genuine.body();
        Instant at = genuine.receivedAt();
        String text = new String(body, StandardCharsets.UTF_8);

        assertRefused(push, new WebhookRequest(genuine.headers(), text.replace("\"open\"", "\"closed\"")
                .getBytes(StandardCharsets.UTF_8), at), 401, "a tampered body");
        assertRefused(push, new WebhookRequest(genuine.headers(), (text + " ").getBytes(StandardCharsets.UTF_8), at), 401,
                "a body with added whitespace");
        assertRefused(push, new WebhookRequest(with(genuine, "Aegis-Signature", "v1=" + "ab".repeat(32)), body, at), 401,
                "a forged signature");
        assertRefused(push, new WebhookRequest(SIGNING.headers("agwh_not-the-secret", at, body), body, at), 401,
                "a signature with the wrong secret");
        assertRefused(push, new WebhookRequest(without(genuine, "Aegis-Signature"), body, at), 401, "no signature");
        assertRefused(push, new WebhookRequest(without(genuine, "Aegis-Timestamp"), body, at), 401, "no timestamp");
        assertRefused(push, new WebhookRequest(Map.of(), body, at), 401, "no headers at all");
        String signature = genuine.header("Aegis-Signature").orElseThrow();
        assertRefused(push, new WebhookRequest(with(genuine, "Aegis-Signature", signature.substring(3)), body, at), 401,
                "a signature without its scheme");
        assertRefused(push, new WebhookRequest(with(genuine, "Aegis-Signature", "v0=" + signature.substring(3)), body, at), 401,
                "an unknown scheme");
        assertRefused(push, new WebhookRequest(with(genuine, "Aegis-Signature", signature.substring(0, 40)), body, at), 401,
                "a truncated signature");
        assertRefused(push, new WebhookRequest(with(genuine, "Aegis-Signature", "v1=zz" + signature.substring(5)), body, at), 401,
                "a signature that is not hex");
        assertRefused(push, new WebhookRequest(with(genuine, "Aegis-Timestamp", "1e9"), body, at), 401,
                "a timestamp that is not epoch seconds");
        String timestamp = genuine.header("Aegis-Timestamp").orElseThrow();
        assertRefused(push, new WebhookRequest(with(genuine, "Aegis-Timestamp", Long.toString(Long.parseLong(timestamp) + 1)),
                body, at), 401, "a timestamp other than the signed one");
        Map<String, List<String>> renamed = without(genuine, "Aegis-Signature");
        renamed.put("Latchkey-Signature", List.of(signature));
        assertRefused(push, new WebhookRequest(renamed, body, at), 401, "a signature under another vendor's header");
    }

    @Test
    void staleAndFutureDeliveriesAreRefusedAsReplays() throws Exception {
        WebhookRequest genuine = genuine();
        byte[] body = genuine.body();
        assertRefused(push, new WebhookRequest(genuine.headers(), body, genuine.receivedAt().plus(Duration.ofMinutes(10))), 401,
                "the genuine delivery replayed 10 minutes later");
        Instant now = Instant.now();
        assertRefused(push, new WebhookRequest(SIGNING.headers(bed.secret, now.minus(Duration.ofMinutes(10)), body), body, now), 401,
                "a correctly signed delivery stamped 10 minutes ago");
        assertRefused(push, new WebhookRequest(SIGNING.headers(bed.secret, now.plus(Duration.ofMinutes(10)), body), body, now), 401,
                "a delivery stamped 10 minutes in the future");
        assertEquals(1, push.parseWebhook(new WebhookRequest(SIGNING.headers(bed.secret, now.minus(Duration.ofMinutes(4)), body),
                body, now)).size(), "4 minutes of clock skew is tolerated");
        assertEquals(1, push.parseWebhook(new WebhookRequest(genuine.headers(), body, genuine.receivedAt().plusSeconds(299))).size(),
                "within the tolerance");
    }

    @Test
    void headerNamesAreCaseInsensitiveAndRotatedSecretsAreAccepted() throws Exception {
        WebhookRequest genuine = genuine();
        byte[] body = genuine.body();
        String timestamp = genuine.header("Aegis-Timestamp").orElseThrow();
        Map<String, List<String>> lower = Map.of("aegis-timestamp", List.of(timestamp),
                "aegis-signature", List.of(genuine.header("Aegis-Signature").orElseThrow()));
        assertEquals(1, push.parseWebhook(new WebhookRequest(lower, body, genuine.receivedAt())).size());

        String both = "v1=" + hmacHex("agwh_old-secret", timestamp, body) + ", v1=" + hmacHex(bed.secret, timestamp, body);
        assertEquals(1, push.parseWebhook(new WebhookRequest(with(genuine, "Aegis-Signature", both), body, genuine.receivedAt())).size(),
                "one matching signature among several suffices");

        Map<String, String> rotating = new HashMap<>(bed.simulator.adapterSettings());
        rotating.put("WEBHOOK_SECRET", "agwh_new-secret, " + bed.secret);
        PushNotifications rotated = bed.adapterWith(rotating, CALL_TIMEOUT).push().orElseThrow();
        assertEquals(1, rotated.parseWebhook(genuine).size(), "the old secret still verifies during a rotation");
        Instant now = Instant.now();
        assertEquals(1, rotated.parseWebhook(new WebhookRequest(SIGNING.headers("agwh_new-secret", now, body), body, now)).size(),
                "the new secret verifies");
        assertRefused(push, new WebhookRequest(SIGNING.headers("agwh_new-secret", now, body), body, now), 401,
                "an adapter that does not know the new secret refuses it");
        assertNotNull(genuine.header("Aegis-Event-Id").orElse(null), "deliveries name their event");
    }
}
