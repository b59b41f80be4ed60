package dev.homewire.testkit;

import static dev.homewire.testkit.WebhookSigning.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.CameraStreams;
import dev.homewire.adapter.spi.CommandResult;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.PushNotifications;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.adapter.spi.WebhookRejectedException;
import dev.homewire.adapter.spi.WebhookRequest;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.capability.EndpointIds;
import dev.homewire.core.errors.AdapterErrors;
import dev.homewire.core.http.HttpClientFactory;
import dev.homewire.simulator.VendorCloudSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every Homewire adapter keeps, as JUnit 5 tests. A manufacturer extends this
 * class in their adapter module's tests and names their {@link DeviceAdapterFactory} and a
 * simulator or sandbox of their cloud ({@link VendorCloudSimulator}); the kit then checks, over
 * real HTTP:
 * <ul>
 *   <li>discovery output maps to schema-valid Alexa endpoints;</li>
 *   <li>every declared capability's commands execute and the reported state shows them — at once
 *       for SYNC clouds, through the signed webhook for ASYNC_PUSH, by polling for ASYNC_POLL —
 *       and map to schema-valid Alexa responses;</li>
 *   <li>error cases (device offline, vendor outage, time-out, throttling, bad credentials, values
 *       out of range) map to the right ErrorResponse types;</li>
 *   <li>push parsing refuses tampered, unsigned and stale deliveries (and malformed ones, given a
 *       {@link #webhookSigner()}).</li>
 * </ul>
 * Conventions the simulator must follow: {@code changeDeviceState(id, {"online": false|true})}
 * takes a device off line and back; {@code setFaults} applies to API calls.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AdapterContractTest {
    private static final Pattern ADAPTER_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);

    private final CapabilityRegistry capabilities = CapabilityRegistry.standard();
    private VendorCloudSimulator cloud;
    private WebhookCapture webhooks;
    private CloseableHttpClient http;
    private DeviceAdapter adapter;
    private List<VendorAccount> accounts;

    /** The factory production finds through ServiceLoader. */
    protected abstract DeviceAdapterFactory adapterFactory();

    /** A new, not yet started simulator or sandbox of the vendor's cloud. */
    protected abstract VendorCloudSimulator newCloud();

    /** How long an asynchronous command may take to show its effect. */
    protected Duration asyncTimeout() {
        return Duration.ofSeconds(15);
    }

    /** The four-digit PIN that disarms the security panels of a demo account; empty to leave Disarm out. */
    protected Optional<String> disarmPin(VendorAccount account) {
        return Optional.empty();
    }

    /**
     * For push adapters: signs an arbitrary body as the vendor would (headers to send with it),
     * so the kit can check that a correctly signed but malformed delivery is answered 400.
     */
    protected Optional<Function<byte[], Map<String, List<String>>>> webhookSigner() {
        return Optional.empty();
    }

    @BeforeAll
    final void startCloud() {
        cloud = newCloud();
        cloud.start(0);
        webhooks = new WebhookCapture();
        cloud.connectWebhook(webhooks.url());
        http = HttpClientFactory.create(CALL_TIMEOUT);
        adapter = adapterFactory().create(context(cloud.adapterSettings()));
        accounts = new ArrayList<>();
        for (VendorCloudSimulator.DemoAccount demo : cloud.demoAccounts()) {
            accounts.add(new VendorAccount(adapter.id(), demo.accountId(), demo.credentials()));
        }
        assertFalse(accounts.isEmpty(), "the cloud must offer at least one demo account");
    }

    @AfterAll
    final void stopCloud() throws Exception {
        if (webhooks != null) {
            webhooks.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (http != null) {
            http.close();
        }
    }

    @AfterEach
    final void clearFaults() {
        cloud.clearFaults();
    }

    private AdapterContext context(Map<String, String> settings) {
        String id = adapterFactory().adapterId();
        Map<String, String> env = new HashMap<>();
        settings.forEach((key, value) -> env.put(AdapterContext.envName(id, key), value));
        return new AdapterContext(id, env, http, CALL_TIMEOUT);
    }

    // --- declaration ----------------------------------------------------------------------------

    @Test
    void declaresAStableIdAndItsNetwork() {
        assertTrue(ADAPTER_ID.matcher(adapter.id()).matches(), "adapter id " + adapter.id() + " must match " + ADAPTER_ID);
        assertEquals(adapterFactory().adapterId(), adapter.id(), "factory and adapter agree on the id");
        assertEquals(cloud.adapterId(), adapter.id(), "the simulator serves this adapter");
        assertNotNull(adapter.interactionStyle());
        assertTrue(adapter.stateFreshness().compareTo(Duration.ZERO) > 0, "state freshness must be positive");
        assertTrue(adapter.typicalCommandLatency().compareTo(Duration.ZERO) > 0
                && adapter.typicalCommandLatency().compareTo(Duration.ofMinutes(1)) < 0,
                "typical command latency feeds the deferral promised to Alexa: positive and under a minute");
        if (adapter.interactionStyle() == InteractionStyle.ASYNC_PUSH) {
            assertTrue(adapter.push().isPresent(), "an ASYNC_PUSH adapter parses webhooks");
        }
    }

    // --- discovery ------------------------------------------------------------------------------

    @Test
    void discoveryMapsToSchemaValidEndpoints() {
        for (VendorAccount account : accounts) {
            List<Device> devices = adapter.discover(account);
            assertFalse(devices.isEmpty(), "demo account " + account.accountId() + " has devices");
            List<ObjectNode> endpoints = new ArrayList<>();
            for (Device device : devices) {
                assertFalse(device.traits().isEmpty(), device.deviceId() + " declares at least one trait");
                String endpointId = EndpointIds.of(adapter.id(), device.deviceId());
                ObjectNode endpoint = capabilities.discoveryEndpoint(endpointId, device, adapter.reportsChanges());
                assertTrue(endpoint.get("capabilities").size() > 2,
                        device.deviceId() + " maps to at least one controllable Alexa interface");
                endpoints.add(endpoint);
            }
            AlexaSchema.assertValid(AlexaMessages.discoverResponse(endpoints).toJson());
        }
    }

    // --- commands and state ---------------------------------------------------------------------

    @TestFactory
    Stream<DynamicTest> everyDeclaredCapabilityExecutesAndReportsState() {
        List<DynamicTest> tests = new ArrayList<>();
        for (VendorAccount account : accounts) {
            for (Device device : adapter.discover(account)) {
                tests.add(DynamicTest.dynamicTest(account.accountId() + "/" + device.deviceId(), () -> exercise(account, device)));
            }
        }
        return tests.stream();
    }

    private void exercise(VendorAccount account, Device device) {
        DeviceState before = adapter.queryState(account, device.deviceId());
        assertResponseValid(device, before);
        Assumptions.assumeTrue(before.reachable(), device.deviceId() + " is offline in the simulator; commands not exercised");
        List<DeviceCommand> commands = TraitCommands.forDevice(device, before, disarmPin(account).orElse(null));
        for (DeviceCommand command : commands) {
            CommandResult.Completed after = executeAndAwait(account, device, command);
            assertTrue(command.satisfiedBy(after.state()), command + " is reflected in the reported state " + after.state());
            assertResponseValid(device, after.state());
            assertAnswerValid(device, command, after);
        }
        DeviceState queried = adapter.queryState(account, device.deviceId());
        assertEquals(Connectivity.OK, queried.connectivity());
        if (adapter.interactionStyle() == InteractionStyle.ASYNC_POLL) {
            Map<String, DeviceState> states = adapter.queryStates(account, List.of(device.deviceId()));
            assertTrue(states.containsKey(device.deviceId()), "queryStates answers for the device");
        }
    }

    /**
     * Executes a command and waits until the cloud reports its effect, by the adapter's own network:
     * the state (and output, for commands answered at once) the command ended in.
     */
    private CommandResult.Completed executeAndAwait(VendorAccount account, Device device, DeviceCommand command) {
        webhooks.clear();
        CommandResult result = adapter.execute(account, device.deviceId(), command);
        if (adapter.interactionStyle() == InteractionStyle.SYNC) {
            assertTrue(result instanceof CommandResult.Completed, "a SYNC adapter answers with the resulting state, got " + result);
        }
        if (command instanceof DeviceCommand.InitializeCameraStreams) {
            assertTrue(result instanceof CommandResult.Completed completed && completed.output() instanceof CameraStreams.Answer,
                    "a camera answers InitializeCameraStreams at once with its streams, got " + result);
        }
        if (result instanceof CommandResult.Completed completed) {
            return completed;
        }
        CommandResult.Accepted accepted = (CommandResult.Accepted) result;
        assertFalse(accepted.operationRef().isBlank(), "an accepted command carries the vendor's operation reference");
        long deadline = System.nanoTime() + asyncTimeout().toNanos();
        if (adapter.interactionStyle() == InteractionStyle.ASYNC_PUSH) {
            PushNotifications push = adapter.push().orElseThrow();
            while (System.nanoTime() < deadline) {
                WebhookRequest delivery = webhooks.next(Duration.ofMillis(250));
                if (delivery == null) {
                    continue;
                }
                for (DeviceUpdate update : parse(push, delivery)) {
                    if (update.deviceId().equals(device.deviceId()) && update.failure() != null
                            && accepted.operationRef().equals(update.operationRef())) {
                        return fail(command + " on " + device.deviceId() + " failed at the vendor: " + update.failure().reason()
                                + " " + update.failure().getMessage());
                    }
                    if (update.deviceId().equals(device.deviceId()) && update.state() != null && command.satisfiedBy(update.state())) {
                        return new CommandResult.Completed(adapter.queryState(account, device.deviceId()), update.output());
                    }
                }
            }
            return fail(command + " on " + device.deviceId() + ": no webhook reported its effect within " + asyncTimeout());
        }
        while (System.nanoTime() < deadline) {
            DeviceState state = adapter.queryState(account, device.deviceId());
            if (command.satisfiedBy(state)) {
                return new CommandResult.Completed(state);
            }
            sleep(200);
        }
        return fail(command + " on " + device.deviceId() + ": polling did not show its effect within " + asyncTimeout());
    }

    /** The answer core builds for the completed command (Response, ActivationStarted, Arm.Response, camera streams…) is schema-valid. */
    private void assertAnswerValid(Device device, DeviceCommand command, CommandResult.Completed completed) {
        String endpointId = EndpointIds.of(adapter.id(), device.deviceId());
        for (Map.Entry<String, String> directive : directivesOf(command).entrySet()) {
            AlexaEvent answer = capabilities.answer(directive.getKey(), directive.getValue(), "contract-test", endpointId, device,
                    completed.state(), completed.output(), Instant.now());
            assertFalse("ErrorResponse".equals(answer.header().name()), command + " answered " + answer.payload());
            AlexaSchema.assertValid(AlexaEvent.withGatewayToken(answer.toJson(), "contract-test-token"));
        }
    }

    /** The Alexa directives (namespace → name) a command stands for, for the interfaces whose answers are not a plain Response. */
    private static Map<String, String> directivesOf(DeviceCommand command) {
        if (command instanceof DeviceCommand.SetSceneActive scene) {
            return Map.of("Alexa.SceneController", scene.active() ? "Activate" : "Deactivate");
        }
        if (command instanceof DeviceCommand.Arm) {
            return Map.of("Alexa.SecurityPanelController", "Arm");
        }
        if (command instanceof DeviceCommand.InitializeCameraStreams) {
            return Map.of("Alexa.CameraStreamController", "InitializeCameraStreams");
        }
        if (command instanceof DeviceCommand.Seek) {
            return Map.of("Alexa.SeekController", "AdjustSeekPosition");
        }
        return Map.of("Alexa", "Response");
    }

    private static List<DeviceUpdate> parse(PushNotifications push, WebhookRequest delivery) {
        try {
            return push.parseWebhook(delivery);
        } catch (WebhookRejectedException e) {
            return fail("the cloud's own delivery was refused (" + e.httpStatus() + "): " + e.getMessage());
        }
    }

    /**
     * The state maps to an Alexa.Response (and StateReport) with a property of every declared interface
     * that announces retrievable properties (those reported only in some states — a hold, a launch —
     * aside), and both validate.
     */
    private void assertResponseValid(Device device, DeviceState state) {
        List<Property> properties = capabilities.properties(device, state, Instant.now());
        Set<String> namespaces = new java.util.HashSet<>();
        properties.forEach(p -> namespaces.add(p.namespace()));
        assertTrue(namespaces.contains("Alexa.EndpointHealth"), "connectivity is always reported");
        if (state.reachable()) {
            String endpointId = EndpointIds.of(adapter.id(), device.deviceId());
            for (com.fasterxml.jackson.databind.JsonNode capability : capabilities.discoveryEndpoint(endpointId, device, true)
                    .path("capabilities")) {
                String namespace = capability.path("interface").asText();
                if (capability.at("/properties/supported").size() > 0 && !CONDITIONAL_PROPERTIES.contains(namespace)) {
                    assertTrue(namespaces.contains(namespace), device.deviceId() + " reports " + namespace + " in " + state);
                }
            }
        }
        String endpointId = EndpointIds.of(adapter.id(), device.deviceId());
        AlexaEvent response = AlexaMessages.response("contract-test", endpointId, properties);
        AlexaSchema.assertValid(AlexaEvent.withGatewayToken(response.toJson(), "contract-test-token"));
        AlexaSchema.assertValid(AlexaMessages.stateReport("contract-test", endpointId, null, properties).toJson());
    }

    /** Interfaces whose properties exist only in some states: a hold's times, the last launched app. */
    private static final Set<String> CONDITIONAL_PROPERTIES = Set.of("Alexa.TimeHoldController", "Alexa.Launcher");

    // --- errors -----------------------------------------------------------------------------------

    @Test
    void anOfflineDeviceMapsToEndpointUnreachable() {
        VendorAccount account = accounts.get(0);
        Device device = firstReachableWithCommands(account);
        cloud.changeDeviceState(device.deviceId(), Json.object().put("online", false));
        try {
            awaitConnectivity(account, device, Connectivity.UNREACHABLE);
            DeviceCommand command = TraitCommands.forDevice(device, null, null).get(0);
            AdapterException e = assertThrows(AdapterException.class, () -> adapter.execute(account, device.deviceId(), command),
                    "a command to an offline device fails");
            assertEquals(AdapterException.Reason.DEVICE_OFFLINE, e.reason());
            assertErrorMapsTo(e, ErrorType.ENDPOINT_UNREACHABLE);
        } finally {
            cloud.changeDeviceState(device.deviceId(), Json.object().put("online", true));
        }
        awaitConnectivity(account, device, Connectivity.OK);
    }

    @Test
    void aVendorOutageMapsToEndpointUnreachable() {
        VendorAccount account = accounts.get(0);
        cloud.setFaults(new VendorCloudSimulator.FaultSpec(1.0, 503, 0));
        AdapterException e = assertThrows(AdapterException.class, () -> adapter.discover(account));
        assertEquals(AdapterException.Reason.VENDOR_UNAVAILABLE, e.reason());
        assertTrue(e.transientFailure(), "an outage is worth retrying");
        assertErrorMapsTo(e, ErrorType.ENDPOINT_UNREACHABLE);
    }

    @Test
    void aCloudThatNeverAnswersIsCutOffByTheCallTimeout() {
        VendorAccount account = accounts.get(0);
        cloud.setFaults(new VendorCloudSimulator.FaultSpec(1.0, 0, 0));
        long started = System.nanoTime();
        AdapterException e = assertThrows(AdapterException.class, () -> adapter.discover(account));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(AdapterException.Reason.VENDOR_UNAVAILABLE, e.reason());
        assertTrue(took.compareTo(CALL_TIMEOUT.plusSeconds(2)) < 0, "the adapter honours the context's call timeout; took " + took);
    }

    @Test
    void throttlingMapsToRateLimitExceeded() {
        cloud.setFaults(new VendorCloudSimulator.FaultSpec(1.0, 429, 0));
        AdapterException e = assertThrows(AdapterException.class, () -> adapter.discover(accounts.get(0)));
        assertEquals(AdapterException.Reason.RATE_LIMITED, e.reason());
        assertErrorMapsTo(e, ErrorType.RATE_LIMIT_EXCEEDED);
    }

    @Test
    void badCredentialsMapToExpiredAuthorization() {
        VendorAccount real = accounts.get(0);
        Map<String, String> wrong = new LinkedHashMap<>();
        real.credentials().forEach((k, v) -> wrong.put(k, "not-" + v));
        VendorAccount forged = new VendorAccount(real.adapterId(), real.accountId(), wrong);
        AdapterException e = assertThrows(AdapterException.class, () -> adapter.discover(forged));
        assertEquals(AdapterException.Reason.CREDENTIALS_EXPIRED, e.reason());
        assertErrorMapsTo(e, ErrorType.EXPIRED_AUTHORIZATION_CREDENTIAL);
        for (String secret : real.credentials().values()) {
            assertFalse(String.valueOf(e.getMessage()).contains(secret), "credentials never appear in messages");
        }
    }

    @Test
    void valuesOutOfRangeMapToValueOutOfRangeWithTheRange() {
        VendorAccount account = accounts.get(0);
        Device device = null;
        DeviceCommand command = null;
        for (Device d : adapter.discover(account)) {
            DeviceCommand c = TraitCommands.outOfRange(d);
            if (c != null && adapter.queryState(account, d.deviceId()).reachable()) {
                device = d;
                command = c;
                break;
            }
        }
        Assumptions.assumeTrue(device != null, "no reachable device with a value range");
        String deviceId = device.deviceId();
        DeviceCommand outOfRange = command;
        AdapterException e = assertThrows(AdapterException.class, () -> adapter.execute(account, deviceId, outOfRange));
        assertEquals(AdapterException.Reason.VALUE_OUT_OF_RANGE, e.reason());
        assertNotNull(e.minimumValue(), "the valid range travels with the error");
        assertNotNull(e.maximumValue(), "the valid range travels with the error");
        // a setpoint's range is a temperature range, in the scale of the request
        boolean setpoint = outOfRange instanceof DeviceCommand.SetTargetSetpoint || outOfRange instanceof DeviceCommand.SetSetpointRange;
        assertEquals(setpoint, e.rangeScale() != null, "a temperature range carries its scale, no other range does");
        assertErrorMapsTo(e, setpoint ? ErrorType.TEMPERATURE_VALUE_OUT_OF_RANGE : ErrorType.VALUE_OUT_OF_RANGE);
    }

    // --- push ------------------------------------------------------------------------------------

    @Test
    void pushRefusesTamperedUnsignedAndStaleDeliveries() throws Exception {
        Assumptions.assumeTrue(adapter.interactionStyle() == InteractionStyle.ASYNC_PUSH, "not a push adapter");
        PushNotifications push = adapter.push().orElseThrow();
        WebhookRequest genuine = aGenuineDelivery();
        assertFalse(push.parseWebhook(genuine).isEmpty(), "the cloud's own delivery parses");

        byte[] tampered = genuine.body();
        tampered[tampered.length / 2] = (byte) (tampered[tampered.length / 2] == 'a' ? 'b' : 'a');
        assertRefused(push, new WebhookRequest(headersOf(genuine), tampered, genuine.receivedAt()), 401, "a tampered body");
        assertRefused(push, new WebhookRequest(Map.of("Content-Type", List.of("application/json")), genuine.body(),
                genuine.receivedAt()), 401, "a delivery without signature");
        assertRefused(push, new WebhookRequest(headersOf(genuine), genuine.body(), genuine.receivedAt().plus(Duration.ofMinutes(30))),
                401, "a replay half an hour later");
        Optional<Function<byte[], Map<String, List<String>>>> signer = webhookSigner();
        if (signer.isPresent()) {
            byte[] garbage = "{\"not\": \"an event\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertRefused(push, new WebhookRequest(signer.get().apply(garbage), garbage, Instant.now()), 400,
                    "a signed but malformed body");
        }
    }

    /**
     * Makes the cloud push something: the first command, of the reachable devices in discovery
     * order, that the cloud accepts for later (202) rather than answering at once.
     */
    private WebhookRequest aGenuineDelivery() {
        VendorAccount account = accounts.get(0);
        for (Device device : adapter.discover(account)) {
            DeviceState current = adapter.queryState(account, device.deviceId());
            if (!current.reachable()) {
                continue;
            }
            for (DeviceCommand command : TraitCommands.forDevice(device, current, disarmPin(account).orElse(null))) {
                webhooks.clear();
                if (adapter.execute(account, device.deviceId(), command) instanceof CommandResult.Accepted) {
                    WebhookRequest delivery = webhooks.next(asyncTimeout());
                    assertNotNull(delivery, "the cloud delivered a webhook after " + command);
                    return delivery;
                }
            }
        }
        return fail("no command of demo account " + account.accountId() + " was accepted for a later push");
    }

    private static Map<String, List<String>> headersOf(WebhookRequest request) {
        return new HashMap<>(request.headers());
    }

    // --- helpers --------------------------------------------------------------------------------

    /** The first reachable device that has commands to send (sensors and doorbells have none). */
    private Device firstReachableWithCommands(VendorAccount account) {
        for (Device d : adapter.discover(account)) {
            if (!TraitCommands.forDevice(d, null, null).isEmpty() && adapter.queryState(account, d.deviceId()).reachable()) {
                return d;
            }
        }
        return fail("demo account " + account.accountId() + " has no reachable device that takes commands");
    }

    private void awaitConnectivity(VendorAccount account, Device device, Connectivity expected) {
        long deadline = System.nanoTime() + asyncTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (adapter.queryState(account, device.deviceId()).connectivity() == expected) {
                return;
            }
            sleep(100);
        }
        fail(device.deviceId() + " did not become " + expected);
    }

    private static void assertErrorMapsTo(AdapterException e, ErrorType expected) {
        AlexaError error = AdapterErrors.toAlexaError(e);
        assertEquals(expected.name(), error.type());
        AlexaEvent response = AlexaMessages.errorResponse("contract-test", "contract#endpoint", null, error);
        AlexaSchema.assertValid(AlexaEvent.withGatewayToken(response.toJson(), "contract-test-token"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
