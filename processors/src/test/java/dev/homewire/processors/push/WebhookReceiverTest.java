package dev.homewire.processors.push;

import static dev.homewire.processors.testing.AsyncFixture.ACCOUNT;
import static dev.homewire.processors.testing.AsyncFixture.DEVICE_ID;
import static dev.homewire.processors.testing.AsyncFixture.ENDPOINT;
import static dev.homewire.processors.testing.AsyncFixture.LOCK;
import static dev.homewire.processors.testing.AsyncFixture.LOCK_SAMPLE;
import static dev.homewire.processors.testing.AsyncFixture.USER;
import static dev.homewire.processors.testing.AsyncFixture.header;
import static dev.homewire.processors.testing.AsyncFixture.lock;
import static dev.homewire.processors.testing.AsyncFixture.property;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.LockState;
import dev.homewire.adapter.spi.UpdateCause;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.adapter.spi.WebhookRequest;
import dev.homewire.alexa.Json;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.pending.PendingOperation;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.store.DeviceStateStore;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.updates.DeviceUpdateService;
import dev.homewire.processors.testing.AsyncFixture;
import dev.homewire.processors.testing.FakeAdapter;
import dev.homewire.processors.testing.FakeLockCloud;
import dev.homewire.processors.testing.Unavailable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {
    private final AsyncFixture f = new AsyncFixture(InteractionStyle.ASYNC_PUSH);
    private final WebhookReceiver receiver = f.receiver();
    private PendingOperation op;
    private Map<String, DeviceState> statesBefore;

    @BeforeEach
    void aLockCommandAwaitsTheVendor() {
        f.states.put(USER, ENDPOINT, lock(LockState.UNLOCKED, AsyncFixture.START.minusSeconds(60)));
        f.processor().process(f.queued(LOCK_SAMPLE, "ct-1"));
        op = f.pending.find(USER, ENDPOINT, "ct-1").orElseThrow();
        f.clock.advance(Duration.ofSeconds(2));
        statesBefore = new HashMap<>(f.states.states);
    }

    @AfterEach
    void everyPublishedMessageValidates() {
        f.assertAllPublishedValidate();
    }

    private String lockedResult() {
        return FakeLockCloud.body(ACCOUNT, FakeLockCloud.event(DEVICE_ID, LockState.LOCKED, UpdateCause.COMMAND_RESULT, "op-1",
                f.clock.instant()));
    }

    private void assertNothingChanged(WebhookResponse response, int status) {
        assertEquals(status, response.status(), response.body());
        assertEquals(statesBefore, f.states.states, "the state store is untouched");
        assertTrue(f.outbound.published.isEmpty(), "nothing is sent to Alexa");
        assertEquals(List.of(op), f.pending.all(), "the operation still waits");
    }

    private static JsonNode summary(WebhookResponse response) {
        return Json.read(response.body());
    }

    // --- refused deliveries change nothing ------------------------------------------------------

    @Test
    void aForgedDeliveryIsUnauthorized() {
        WebhookResponse response = receiver.receive(FakeLockCloud.ID, f.cloud.signedWith("guessed-secret", lockedResult(), f.clock.instant()));
        assertNothingChanged(response, 401);
        assertEquals("{\"error\":\"unauthorized\"}", response.body());
    }

    @Test
    void anUnsignedDeliveryIsUnauthorized() {
        assertNothingChanged(receiver.receive(FakeLockCloud.ID, f.cloud.unsigned(lockedResult())), 401);
    }

    @Test
    void aStaleDeliveryIsUnauthorizedEvenWhenSigned() {
        // a replay of a delivery captured ten minutes ago
        WebhookRequest old = f.cloud.delivery(lockedResult(), f.clock.instant().minus(Duration.ofMinutes(10)));
        assertNothingChanged(receiver.receive(FakeLockCloud.ID, old), 401);
    }

    @Test
    void aTamperedBodyIsUnauthorized() {
        WebhookRequest signed = f.cloud.delivery(lockedResult(), f.clock.instant());
        byte[] tampered = new String(signed.body(), StandardCharsets.UTF_8).replace("LOCKED", "UNLOCKED").getBytes(StandardCharsets.UTF_8);
        WebhookRequest request = new WebhookRequest(signed.headers(), tampered, signed.receivedAt());
        assertNothingChanged(receiver.receive(FakeLockCloud.ID, request), 401);
    }

    @Test
    void aSignedButUnreadableDeliveryIsMalformed() {
        WebhookResponse response = receiver.receive(FakeLockCloud.ID, f.cloud.delivery("{\"account\":\"acct-1\"}", f.clock.instant()));
        assertNothingChanged(response, 400);
        assertEquals("{\"error\":\"malformed\"}", response.body());
    }

    @Test
    void unknownAdaptersAndAdaptersWithoutWebhookAreNotFound() {
        assertNothingChanged(receiver.receive("nobody", f.cloud.delivery(lockedResult(), f.clock.instant())), 404);
        assertNothingChanged(receiver.receive(null, f.cloud.delivery(lockedResult(), f.clock.instant())), 404);

        FakeLockCloud pollOnly = new FakeLockCloud(f.clock, InteractionStyle.ASYNC_POLL);
        AdapterRegistry adapters = new AdapterRegistry(List.of(new FakeAdapter(f.clock), pollOnly));
        WebhookReceiver noPush = new WebhookReceiver(adapters, f.accounts, f.endpoints, f.updates, f.inventory(adapters));
        assertNothingChanged(noPush.receive(FakeAdapter.ID, f.cloud.delivery(lockedResult(), f.clock.instant())), 404);
        assertNothingChanged(noPush.receive(FakeLockCloud.ID, f.cloud.delivery(lockedResult(), f.clock.instant())), 404);
    }

    // --- valid deliveries -----------------------------------------------------------------------

    @Test
    void aValidResultAnswersThePendingDirectiveWithExactlyOneResponse() {
        WebhookResponse response = receiver.receive(FakeLockCloud.ID, f.cloud.delivery(lockedResult(), f.clock.instant()));

        assertEquals(200, response.status());
        JsonNode summary = summary(response);
        assertEquals(1, summary.get("updates").asInt());
        assertEquals(1, summary.get("applied").asInt());
        assertEquals(1, summary.get("completedOperations").asInt());
        assertEquals(0, summary.get("changeReports").asInt());
        assertEquals(1, f.outbound.published.size());
        OutboundEvent answer = f.outbound.published.get(0);
        assertEquals(USER, answer.userId());
        assertEquals("Response", header(answer).path("name").asText());
        assertEquals("ct-1", header(answer).path("correlationToken").asText());
        assertEquals("LOCKED", property(answer.message(), "Alexa.LockController", "lockState").asText());
        assertTrue(f.pending.all().isEmpty());
        assertEquals(LockState.LOCKED, f.states.get(USER, ENDPOINT).orElseThrow().lockState());

        // the vendor delivers the same again: nothing more
        WebhookResponse again = receiver.receive(FakeLockCloud.ID, f.cloud.delivery(lockedResult(), f.clock.instant()));
        assertEquals(200, again.status());
        assertEquals(0, summary(again).get("completedOperations").asInt());
        assertEquals(1, f.outbound.published.size());
    }

    @Test
    void aPhysicalChangeIsOneChangeReport() {
        f.pending.complete(op);
        String body = FakeLockCloud.body(ACCOUNT, FakeLockCloud.event(DEVICE_ID, LockState.LOCKED, UpdateCause.PHYSICAL_INTERACTION,
                null, f.clock.instant()));

        WebhookResponse response = receiver.receive(FakeLockCloud.ID, f.cloud.delivery(body, f.clock.instant()));

        assertEquals(200, response.status());
        assertEquals(1, summary(response).get("changeReports").asInt());
        assertEquals(1, f.outbound.published.size());
        JsonNode report = f.outbound.published.get(0).message();
        assertEquals("ChangeReport", report.at("/event/header/name").asText());
        assertEquals("PHYSICAL_INTERACTION", report.at("/event/payload/change/cause/type").asText());
        assertEquals("lockState", report.at("/event/payload/change/properties/0/name").asText());
        assertEquals("LOCKED", report.at("/event/payload/change/properties/0/value").asText());
        assertEquals("connectivity", report.at("/context/properties/0/name").asText());
    }

    @Test
    void aReportedFailureAnswersWithAnErrorResponse() {
        var event = FakeLockCloud.event(DEVICE_ID, null, UpdateCause.COMMAND_RESULT, "op-1", f.clock.instant());
        event.put("error", "DEVICE_BUSY");

        WebhookResponse response = receiver.receive(FakeLockCloud.ID, f.cloud.delivery(FakeLockCloud.body(ACCOUNT, event),
                f.clock.instant()));

        assertEquals(200, response.status());
        assertEquals(1, f.outbound.published.size());
        assertEquals("ErrorResponse", header(f.outbound.published.get(0)).path("name").asText());
        assertEquals("ENDPOINT_BUSY", f.outbound.published.get(0).message().at("/event/payload/type").asText());
        assertEquals(statesBefore, f.states.states);
    }

    @Test
    void devicesAndAccountsNobodyDiscoveredAreSkipped() {
        String body = FakeLockCloud.body(ACCOUNT, FakeLockCloud.event("garage-9", LockState.LOCKED, UpdateCause.PHYSICAL_INTERACTION,
                null, f.clock.instant()));
        WebhookResponse unknownDevice = receiver.receive(FakeLockCloud.ID, f.cloud.delivery(body, f.clock.instant()));
        assertEquals(200, unknownDevice.status());
        assertEquals(1, summary(unknownDevice).get("skipped").asInt());

        String otherAccount = FakeLockCloud.body("acct-unlinked", FakeLockCloud.event(DEVICE_ID, LockState.LOCKED,
                UpdateCause.PHYSICAL_INTERACTION, null, f.clock.instant()));
        WebhookResponse unknownAccount = receiver.receive(FakeLockCloud.ID, f.cloud.delivery(otherAccount, f.clock.instant()));
        assertEquals(200, unknownAccount.status());
        assertEquals(1, summary(unknownAccount).get("skipped").asInt());

        assertTrue(f.outbound.published.isEmpty());
        assertEquals(statesBefore, f.states.states);
    }

    @Test
    void aSharedAccountReachesEveryUserWhoLinkedIt() {
        f.pending.complete(op);
        f.accounts.save("user-2", new VendorAccount(FakeLockCloud.ID, ACCOUNT, Map.of("apiKey", "other")));
        f.endpoints.replaceAll("user-2", List.of(new EndpointRecord("user-2", ENDPOINT, FakeLockCloud.ID, DEVICE_ID, LOCK)));
        f.states.put("user-2", ENDPOINT, lock(LockState.UNLOCKED, AsyncFixture.START.minusSeconds(60)));
        String body = FakeLockCloud.body(ACCOUNT, FakeLockCloud.event(DEVICE_ID, LockState.LOCKED, UpdateCause.PHYSICAL_INTERACTION,
                null, f.clock.instant()));

        WebhookResponse response = receiver.receive(FakeLockCloud.ID, f.cloud.delivery(body, f.clock.instant()));

        assertEquals(2, summary(response).get("applied").asInt());
        assertEquals(List.of(USER, "user-2"), f.outbound.published.stream().map(OutboundEvent::userId).sorted().toList());
    }

    @Test
    void aFailureToApplyAsksTheVendorToDeliverAgain() {
        DeviceStateStore down = Unavailable.deviceStateStore();
        DeviceUpdateService broken = new DeviceUpdateService(f.endpoints, down, f.pending, f.outbound,
                dev.homewire.core.capability.CapabilityRegistry.standard(), f.clock);
        WebhookResponse response = new WebhookReceiver(f.adapters, f.accounts, f.endpoints, broken, f.inventory(f.adapters))
                .receive(FakeLockCloud.ID, f.cloud.delivery(lockedResult(), f.clock.instant()));

        assertEquals(500, response.status());
        assertEquals(1, summary(response).get("failed").asInt());
        assertEquals(List.of(op), f.pending.all());

        // delivered again once the store is back: answered once
        assertEquals(200, receiver.receive(FakeLockCloud.ID, f.cloud.delivery(lockedResult(), f.clock.instant())).status());
        assertEquals(1, f.outbound.published.size());
    }

    @Test
    void aChangedDeviceListIsRediscoveredAndAnnouncedToAlexa() {
        Device garage = new Device("lock-2", "Garage door", null, "Lockco", "LC-1", dev.homewire.adapter.spi.DeviceKind.SMARTLOCK,
                List.of(new dev.homewire.adapter.spi.Trait.Lock()));
        f.cloud.catalogue.addAll(List.of(LOCK, garage));
        f.outbound.published.clear();
        com.fasterxml.jackson.databind.node.ObjectNode added = FakeLockCloud.event("lock-2", null, UpdateCause.APP_INTERACTION, null,
                f.clock.instant());
        added.put("devicesChanged", true);

        WebhookResponse response = receiver.receive(FakeLockCloud.ID, f.cloud.delivery(FakeLockCloud.body(ACCOUNT, added),
                f.clock.instant()));

        assertEquals(200, response.status());
        assertEquals(1, summary(response).get("rediscovered").asInt());
        assertEquals(0, summary(response).get("skipped").asInt(), "the new device is not an unknown endpoint");
        assertEquals(1, f.outbound.published.size());
        JsonNode report = f.outbound.published.get(0).message();
        assertEquals("AddOrUpdateReport", report.at("/event/header/name").asText());
        assertEquals("lockco#lock-2", report.at("/event/payload/endpoints/0/endpointId").asText());
        assertTrue(f.endpoints.find(USER, "lockco#lock-2").isPresent());
        System.out.printf("devices changed: rediscovered %d, reports %d%n", summary(response).get("rediscovered").asInt(),
                f.outbound.published.size());
    }

    @Test
    void theAnswerNeverEchoesTheDelivery() {
        WebhookRequest request = f.cloud.delivery(lockedResult(), f.clock.instant());
        String signature = request.header("X-Lockco-Signature").orElseThrow();
        for (WebhookResponse response : List.of(
                receiver.receive(FakeLockCloud.ID, request),
                receiver.receive(FakeLockCloud.ID, f.cloud.signedWith("wrong", lockedResult(), f.clock.instant())))) {
            assertFalse(response.body().contains(signature));
            assertFalse(response.body().contains(ACCOUNT));
            assertFalse(response.body().contains(DEVICE_ID));
        }
    }

    @Test
    void responsesAreRecordsOfStatusAndJson() {
        WebhookResponse response = new WebhookResponse(202, "{}");
        assertEquals(202, response.status());
        assertEquals("application/json", WebhookResponse.CONTENT_TYPE);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new WebhookResponse(42, "{}"));
    }
}
