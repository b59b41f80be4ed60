package dev.homewire.processors.sync;

import static dev.homewire.processors.testing.ProcessorFixture.DEVICE_ID;
import static dev.homewire.processors.testing.ProcessorFixture.ENDPOINT;
import static dev.homewire.processors.testing.ProcessorFixture.START;
import static dev.homewire.processors.testing.ProcessorFixture.USER;
import static dev.homewire.processors.testing.ProcessorFixture.property;
import static dev.homewire.processors.testing.ProcessorFixture.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.store.DeviceStateStore;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.processors.testing.ProcessorFixture;
import dev.homewire.processors.testing.Unavailable;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SyncDirectiveProcessorTest {
    private static final String TURN_ON = "PowerController/PowerController.TurnOn.request.json";
    private static final String SET_BRIGHTNESS = "BrightnessController/BrightnessController.SetBrightness.request.json";
    private static final String ADJUST_BRIGHTNESS = "BrightnessController/BrightnessController.AdjustBrightness.request.json";
    private static final String SET_COLOR = "ColorController/ColorController.SetColor.request.json";
    private static final String SET_COLOR_TEMPERATURE = "ColorTemperatureController/ColorTemperatureController.SetColorTemperature.request.json";

    private final ProcessorFixture f = new ProcessorFixture();
    private final SyncDirectiveProcessor processor = f.processor();

    @AfterEach
    void everyPublishedMessageValidates() {
        f.assertAllPublishedValidate();
    }

    private static JsonNode header(OutboundEvent e) {
        return e.message().path("event").path("header");
    }

    private static void assertErrorResponse(OutboundEvent e, String type) {
        assertEquals("Alexa", header(e).path("namespace").asText());
        assertEquals("ErrorResponse", header(e).path("name").asText(), () -> e.message().toString());
        assertEquals(type, e.message().path("event").path("payload").path("type").asText(), () -> e.message().toString());
        assertEquals(ENDPOINT, e.message().path("event").path("endpoint").path("endpointId").asText());
    }

    @Test
    void turnOnAnswersResponseWithTheFullContext() {
        QueuedDirective queued = f.queued(TURN_ON);
        String correlationToken = queued.directive().path("directive").path("header").path("correlationToken").asText();

        processor.process(queued);

        OutboundEvent answer = f.onlyPublished();
        assertEquals(USER, answer.userId());
        assertEquals("Alexa", header(answer).path("namespace").asText());
        assertEquals("Response", header(answer).path("name").asText());
        assertEquals(correlationToken, header(answer).path("correlationToken").asText());
        assertEquals(ENDPOINT, answer.message().path("event").path("endpoint").path("endpointId").asText());
        assertFalse(answer.message().path("event").path("endpoint").has("scope"), "the dispatcher adds the LWA scope");
        JsonNode m = answer.message();
        assertEquals("ON", property(m, "Alexa.PowerController", "powerState").asText());
        assertEquals("OK", property(m, "Alexa.EndpointHealth", "connectivity").path("value").asText());
        assertEquals(40, property(m, "Alexa.BrightnessController", "brightness").asInt());
        assertEquals(120.0, property(m, "Alexa.ColorController", "color").path("hue").asDouble());
        assertEquals(4000, property(m, "Alexa.ColorTemperatureController", "colorTemperatureInKelvin").asInt());
        assertEquals(5, m.path("context").path("properties").size());

        assertEquals(List.of(new DeviceCommand.SetPower(PowerState.ON)), f.adapter.executed);
        assertEquals(PowerState.ON, f.states.get(USER, ENDPOINT).orElseThrow().power());
        assertTrue(f.claims.completed(queued));
    }

    @Test
    void officialControlSamplesAreDrivenThroughTheAdapter() {
        processor.process(f.queued(TURN_ON));
        processor.process(f.queued(sampleWithNewId(SET_BRIGHTNESS, "m-2"), Duration.ofSeconds(10)));
        processor.process(f.queued(sampleWithNewId(SET_COLOR, "m-3"), Duration.ofSeconds(10)));
        processor.process(f.queued(sampleWithNewId(SET_COLOR_TEMPERATURE, "m-4"), Duration.ofSeconds(10)));

        List<OutboundEvent> answers = f.published();
        assertEquals(4, answers.size());
        answers.forEach(a -> assertEquals("Response", header(a).path("name").asText(), () -> a.message().toString()));
        assertEquals(List.of(new DeviceCommand.SetPower(PowerState.ON), new DeviceCommand.SetBrightness(75),
                new DeviceCommand.SetColor(new Hsb(350.5, 0.7138, 0.6524)), new DeviceCommand.SetColorTemperature(5000)),
                f.adapter.executed);
        JsonNode last = answers.get(3).message();
        assertEquals(5000, property(last, "Alexa.ColorTemperatureController", "colorTemperatureInKelvin").asInt());
        assertEquals(75, property(last, "Alexa.BrightnessController", "brightness").asInt());
        assertEquals(350.5, property(last, "Alexa.ColorController", "color").path("hue").asDouble());
        assertEquals("ON", property(last, "Alexa.PowerController", "powerState").asText());
    }

    private static ObjectNode sampleWithNewId(String path, String messageId) {
        ObjectNode directive = sample(path);
        ((ObjectNode) directive.path("directive").path("header")).put("messageId", messageId);
        return directive;
    }

    @Test
    void adjustBrightnessWithStaleStoredStateAsksTheVendorFirst() {
        // stored 90 %, but ten minutes old; the vendor says 60 %
        f.states.put(USER, ENDPOINT, f.adapter.device(DEVICE_ID).toBuilder().brightness(90).observedAt(START.minusSeconds(600)).build());
        f.adapter.setDevice(DEVICE_ID, f.adapter.device(DEVICE_ID).toBuilder().brightness(60).build());

        processor.process(f.queued(ADJUST_BRIGHTNESS)); // brightnessDelta -25

        assertEquals(List.of(DEVICE_ID), f.adapter.queried);
        assertEquals(List.of(new DeviceCommand.SetBrightness(35)), f.adapter.executed);
        assertEquals(35, property(f.onlyPublished().message(), "Alexa.BrightnessController", "brightness").asInt());
    }

    @Test
    void adjustBrightnessWithFreshStoredStateUsesIt() {
        f.states.put(USER, ENDPOINT, f.adapter.device(DEVICE_ID).toBuilder().brightness(90).observedAt(START.minusSeconds(10)).build());

        processor.process(f.queued(ADJUST_BRIGHTNESS));

        assertTrue(f.adapter.queried.isEmpty());
        assertEquals(List.of(new DeviceCommand.SetBrightness(65)), f.adapter.executed);
    }

    @Test
    void aTransientFailureIsRetriedAndAnsweredOnce() {
        f.adapter.failNext(() -> new AdapterException(AdapterException.Reason.VENDOR_UNAVAILABLE, "HTTP 503"));

        processor.process(f.queued(TURN_ON));

        assertEquals(2, f.adapter.executed.size());
        assertEquals("Response", header(f.onlyPublished()).path("name").asText());
        // one pause of 200 ms × 0.5 (full jitter, pinned to 0.5) between the two 100 ms calls
        assertEquals(START.plusMillis(100 + 100 + 100), f.clock.instant());
    }

    @Test
    void aPersistentVendorOutageEndsInEndpointUnreachableBeforeTheDeadline() {
        f.adapter.failAlways(new AdapterException(AdapterException.Reason.VENDOR_UNAVAILABLE, "HTTP 503"));
        QueuedDirective queued = f.queued(TURN_ON);

        processor.process(queued);

        assertEquals(3, f.adapter.executed.size(), "default policy: 3 attempts");
        assertErrorResponse(f.onlyPublished(), "ENDPOINT_UNREACHABLE");
        assertFalse(f.clock.instant().plusSeconds(1).isAfter(queued.deadline()), "the dispatcher keeps its second");
        assertTrue(f.claims.completed(queued));
    }

    @Test
    void anOpenVendorCircuitBreakerIsAnsweredAtOnceWithoutRetryPauses() {
        f.adapter.failAlways(new dev.homewire.core.breaker.VendorCircuitOpenException(f.adapter.id()));
        QueuedDirective queued = f.queued(TURN_ON);

        processor.process(queued);

        assertEquals(1, f.adapter.executed.size(), "not retried");
        OutboundEvent error = f.onlyPublished();
        assertErrorResponse(error, "ENDPOINT_UNREACHABLE");
        assertEquals("the " + f.adapter.id() + " cloud is unavailable", error.message().at("/event/payload/message").asText());
        assertEquals(START.plusMillis(100), f.clock.instant(), "no pause: only the (fake) call's 100 ms");
        System.out.printf("open breaker: 1 attempt, answered %d ms after the start (deadline %s away)%n",
                java.time.Duration.between(START, f.clock.instant()).toMillis(), java.time.Duration.between(START, queued.deadline()));
    }

    @Test
    void noRetryThatCouldNotFinishBeforeTheDeadline() {
        f.adapter.failAlways(new AdapterException(AdapterException.Reason.RATE_LIMITED, "HTTP 429"));
        // 100 ms call + 150 ms pause + 500 ms typical latency + 1 s margin > 1.6 s
        QueuedDirective queued = f.queued(sample(TURN_ON), Duration.ofMillis(1600));

        processor.process(queued);

        assertEquals(1, f.adapter.executed.size());
        assertErrorResponse(f.onlyPublished(), "RATE_LIMIT_EXCEEDED");
    }

    @Test
    void anOfflineDeviceIsUnreachableAndStoredSo() {
        f.states.put(USER, ENDPOINT, f.adapter.device(DEVICE_ID).toBuilder().observedAt(START.minusSeconds(5)).build());
        f.adapter.failAlways(new AdapterException(AdapterException.Reason.DEVICE_OFFLINE, "lamp is offline"));

        processor.process(f.queued(TURN_ON));

        assertEquals(1, f.adapter.executed.size(), "offline is not transient");
        assertErrorResponse(f.onlyPublished(), "ENDPOINT_UNREACHABLE");
        DeviceState stored = f.states.get(USER, ENDPOINT).orElseThrow();
        assertEquals(Connectivity.UNREACHABLE, stored.connectivity());
        assertEquals(40, stored.brightness(), "the last known values stay");
    }

    @Test
    void aDeviceBeingWokenIsTriedAgainWhileItBoots() {
        wakeOnLanLamp();
        f.adapter.failNext(() -> new AdapterException(AdapterException.Reason.DEVICE_OFFLINE, "TV is booting"));
        f.adapter.failNext(() -> new AdapterException(AdapterException.Reason.DEVICE_OFFLINE, "TV is booting"));

        processor.process(f.queued(TURN_ON));

        List<String> names = f.published().stream().map(e -> header(e).path("name").asText()).toList();
        System.out.printf("waking TV: %d attempts, published %s%n", f.adapter.executed.size(), names);
        assertEquals(List.of("WakeUp", "Response"), names, "WakeUp first, then the Response once the TV answers");
        assertEquals(3, f.adapter.executed.size());
    }

    @Test
    void aDeviceThatNeverWakesIsUnreachableBeforeTheDeadline() {
        wakeOnLanLamp();
        f.adapter.failAlways(new AdapterException(AdapterException.Reason.DEVICE_OFFLINE, "TV does not answer"));
        QueuedDirective queued = f.queued(TURN_ON);

        processor.process(queued);

        List<OutboundEvent> published = f.published();
        System.out.printf("TV never woke: %d attempts, answered %s at %s (deadline %s)%n", f.adapter.executed.size(),
                header(published.get(published.size() - 1)).path("name").asText(), f.clock.instant(), queued.deadline());
        assertEquals(2, published.size());
        assertEquals("WakeUp", header(published.get(0)).path("name").asText());
        assertErrorResponse(published.get(1), "ENDPOINT_UNREACHABLE");
        assertTrue(f.adapter.executed.size() > 3, "booting is retried until the deadline, not 3 times");
        assertFalse(f.clock.instant().plusSeconds(1).isAfter(queued.deadline()), "the dispatcher keeps its second");
    }

    private void wakeOnLanLamp() {
        List<dev.homewire.adapter.spi.Trait> traits = new java.util.ArrayList<>(ProcessorFixture.LIGHT.traits());
        traits.add(new dev.homewire.adapter.spi.Trait.WakeOnLan(List.of("00-11-22-AA-BB-CC")));
        dev.homewire.adapter.spi.Device lamp = new dev.homewire.adapter.spi.Device(DEVICE_ID, "Desk lamp", null, "Fake Co",
                "FL-1", dev.homewire.adapter.spi.DeviceKind.LIGHT, traits);
        f.endpoints.replaceAll(USER, List.of(new EndpointRecord(USER, ENDPOINT, "fake", DEVICE_ID, lamp)));
    }

    @Test
    void anOfflineDeviceWithoutKnownStateStoresNothing() {
        f.adapter.failAlways(new AdapterException(AdapterException.Reason.DEVICE_OFFLINE, "lamp is offline"));

        processor.process(f.queued(TURN_ON));

        assertErrorResponse(f.onlyPublished(), "ENDPOINT_UNREACHABLE");
        assertTrue(f.states.states.isEmpty());
    }

    @Test
    void brightnessOutOfRangeIsRefusedWithValidRange() {
        ObjectNode directive = sample(SET_BRIGHTNESS);
        ((ObjectNode) directive.path("directive").path("payload")).put("brightness", 150);

        processor.process(f.queued(directive, Duration.ofSeconds(10)));

        OutboundEvent answer = f.onlyPublished();
        assertErrorResponse(answer, "VALUE_OUT_OF_RANGE");
        JsonNode range = answer.message().path("event").path("payload").path("validRange");
        assertEquals(0, range.path("minimumValue").asInt());
        assertEquals(100, range.path("maximumValue").asInt());
        assertTrue(f.adapter.executed.isEmpty());
    }

    @Test
    void colorTemperatureOutsideTheDevicesRangeIsRefusedWithItsRange() {
        ObjectNode directive = sample(SET_COLOR_TEMPERATURE);
        ((ObjectNode) directive.path("directive").path("payload")).put("colorTemperatureInKelvin", 9000);

        processor.process(f.queued(directive, Duration.ofSeconds(10)));

        JsonNode range = f.onlyPublished().message().path("event").path("payload").path("validRange");
        assertEquals(2200, range.path("minimumValue").asInt());
        assertEquals(6500, range.path("maximumValue").asInt());
    }

    @Test
    void aRangeTheVendorRefusesIsMappedWithValidRange() {
        f.adapter.failNext(() -> AdapterException.valueOutOfRange("this lamp dims to 10 % at least", 10, 100));

        processor.process(f.queued(SET_BRIGHTNESS));

        OutboundEvent answer = f.onlyPublished();
        assertErrorResponse(answer, "VALUE_OUT_OF_RANGE");
        assertEquals(10, answer.message().path("event").path("payload").path("validRange").path("minimumValue").asInt());
    }

    @Test
    void aDuplicateDeliveryDrivesTheDeviceOnceAndSendsTheSameAnswerAgain() {
        QueuedDirective queued = f.queued(TURN_ON);

        processor.process(queued);
        processor.process(queued);

        assertEquals(1, f.adapter.executed.size());
        assertEquals(2, f.published().size(), "the recorded answer is sent again (a crash may have lost the first)");
        assertEquals(f.published().get(0).message().toString(), f.published().get(1).message().toString(),
                "the same event with the same messageId, which the dispatcher delivers once");
    }

    @Test
    void aVanishedEndpointIsNoSuchEndpoint() {
        f.endpoints.replaceAll(USER, List.of());

        processor.process(f.queued(TURN_ON));

        assertErrorResponse(f.onlyPublished(), "NO_SUCH_ENDPOINT");
        assertTrue(f.adapter.executed.isEmpty());
    }

    @Test
    void aDeviceGoneAtTheVendorIsNoSuchEndpoint() {
        f.adapter.failNext(() -> new AdapterException(AdapterException.Reason.DEVICE_NOT_FOUND, "no such lamp"));

        processor.process(f.queued(TURN_ON));

        assertErrorResponse(f.onlyPublished(), "NO_SUCH_ENDPOINT");
    }

    @Test
    void aMissingAdapterIsAnInternalError() {
        f.endpoints.replaceAll(USER, List.of(new EndpointRecord(USER, ENDPOINT, "uninstalled", DEVICE_ID, ProcessorFixture.LIGHT)));

        processor.process(f.queued(TURN_ON));

        assertErrorResponse(f.onlyPublished(), "INTERNAL_ERROR");
    }

    @Test
    void aMissingVendorAccountAsksForRelinking() {
        f.endpoints.replaceAll("user-2", List.of(new EndpointRecord("user-2", ENDPOINT, "fake", DEVICE_ID, ProcessorFixture.LIGHT)));
        QueuedDirective queued = f.queued(TURN_ON);
        QueuedDirective forUser2 = new QueuedDirective("user-2", ENDPOINT, "fake", DEVICE_ID, queued.directive(),
                queued.receivedAt(), queued.deadline());

        processor.process(forUser2);

        OutboundEvent answer = f.onlyPublished();
        assertEquals("user-2", answer.userId());
        assertErrorResponse(answer, "EXPIRED_AUTHORIZATION_CREDENTIAL");
        assertTrue(f.adapter.executed.isEmpty());
    }

    @Test
    void anAcceptedAnswerFromTheSyncPathIsAnInternalError() {
        f.adapter.answerAccepted = true;

        processor.process(f.queued(TURN_ON));

        assertErrorResponse(f.onlyPublished(), "INTERNAL_ERROR");
        assertTrue(f.states.states.isEmpty(), "no state was confirmed");
    }

    @Test
    void aStoreFailurePropagatesSoSqsRedelivers() {
        DeviceStateStore down = Unavailable.deviceStateStore();
        QueuedDirective queued = f.queued(TURN_ON);

        assertThrows(IllegalStateException.class, () -> f.processor(down).process(queued));

        assertTrue(f.published().isEmpty());
        assertTrue(f.claims.noneCompleted(), "not answered, so the redelivery is processed");
    }

    @Test
    void aNewerStoredStateIsWhatTheResponseReports() {
        // a push observed the lamp after the command's answer will be dated
        DeviceState pushed = f.adapter.device(DEVICE_ID).toBuilder().power(PowerState.OFF).brightness(5)
                .observedAt(START.plusSeconds(30)).build();
        f.states.put(USER, ENDPOINT, pushed);

        processor.process(f.queued(TURN_ON));

        JsonNode m = f.onlyPublished().message();
        assertEquals(5, property(m, "Alexa.BrightnessController", "brightness").asInt());
        assertEquals(pushed, f.states.get(USER, ENDPOINT).orElseThrow());
    }

    @Test
    void anUnreadableQueuedDirectiveIsAnsweredWithInternalError() {
        ObjectNode broken = sample(TURN_ON);
        ((ObjectNode) broken.path("directive").path("header")).put("payloadVersion", "2");

        processor.process(f.queued(broken, Duration.ofSeconds(10)));

        OutboundEvent answer = f.onlyPublished();
        assertErrorResponse(answer, "INTERNAL_ERROR");
        assertNotNull(header(answer).path("correlationToken").textValue());
        assertTrue(f.adapter.executed.isEmpty());
    }
}
