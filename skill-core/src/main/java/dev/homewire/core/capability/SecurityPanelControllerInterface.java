package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.adapter.spi.ArmState;
import dev.homewire.adapter.spi.CommandOutput;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.StateKey;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaError.SecurityPanelErrorType;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code Alexa.SecurityPanelController}: Arm (to one of the panel's arm states; by voice without a
 * PIN, as Alexa does) answered with {@code Arm.Response} and the exit delay when the panel gives
 * one, and Disarm with the user's four-digit PIN answered with {@code Alexa.Response}. Properties
 * {@code armState} and the alarms the panel reports ({@code burglaryAlarm}, {@code fireAlarm} …,
 * each {@code {"value": "OK" | "ALARM"}}).
 *
 * <p>Refused before the vendor is called, in the {@code Alexa.SecurityPanelController} namespace:
 * Disarm without a PIN for a panel that takes one → AUTHORIZATION_REQUIRED; a PIN that is not four
 * digits → UNAUTHORIZED. An arm state the panel lacks is INVALID_VALUE. The vendor's own refusals
 * (wrong PIN, open door, active alarm) map through {@code AdapterErrors}. The PIN is never logged
 * and never written to DynamoDB (a pending operation stores its {@code Disarm} without the PIN,
 * {@code DeviceJson}); it does travel, inside the queued directive, through the
 * server-side-encrypted directive queue to the processor, readable there by whoever may receive
 * that queue's messages.
 */
public final class SecurityPanelControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.SecurityPanelController";
    private static final Map<Trait.SecurityPanel.Alarm, StateKey<Boolean>> ALARMS = Map.of(
            Trait.SecurityPanel.Alarm.BURGLARY, StateKey.BURGLARY_ALARM,
            Trait.SecurityPanel.Alarm.FIRE, StateKey.FIRE_ALARM,
            Trait.SecurityPanel.Alarm.WATER, StateKey.WATER_ALARM,
            Trait.SecurityPanel.Alarm.CARBON_MONOXIDE, StateKey.CARBON_MONOXIDE_ALARM);

    public SecurityPanelControllerInterface() {
        super(NAMESPACE, Trait.SecurityPanel.class, Set.of("Arm", "Disarm"));
    }

    private static Trait.SecurityPanel panel(Device device) {
        return device.trait(Trait.SecurityPanel.class).orElseThrow();
    }

    @Override
    public List<ObjectNode> discovery(Device device, boolean proactive) {
        Trait.SecurityPanel panel = panel(device);
        List<String> names = new ArrayList<>();
        names.add("armState");
        panel.alarms().stream().sorted().forEach(alarm -> names.add(propertyName(alarm)));
        ObjectNode capability = Capabilities.reportable(NAMESPACE, proactive, names.toArray(String[]::new));
        ObjectNode configuration = capability.putObject("configuration");
        ArrayNode states = configuration.putArray("supportedArmStates");
        panel.armStates().stream().sorted().forEach(state -> states.addObject().put("value", state.name()));
        if (panel.pinToDisarm()) {
            configuration.putArray("supportedAuthorizationTypes").addObject().put("type", "FOUR_DIGIT_PIN");
        }
        return List.of(capability);
    }

    private static String propertyName(Trait.SecurityPanel.Alarm alarm) {
        switch (alarm) {
            case BURGLARY:
                return "burglaryAlarm";
            case FIRE:
                return "fireAlarm";
            case WATER:
                return "waterAlarm";
            default:
                return "carbonMonoxideAlarm";
        }
    }

    @Override
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        List<Property> properties = new ArrayList<>();
        ArmState armState = state.get(StateKey.ARM_STATE);
        properties.addAll(property("armState", armState == null ? null : TextNode.valueOf(armState.name()), state, now));
        panel(device).alarms().stream().sorted().forEach(alarm -> {
            Boolean sounding = state.get(ALARMS.get(alarm));
            if (sounding != null) {
                ObjectNode value = Json.object();
                value.put("value", sounding ? "ALARM" : "OK");
                properties.addAll(property(propertyName(alarm), value, state, now));
            }
        });
        return properties;
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        Trait.SecurityPanel panel = panel(device);
        switch (directive.name()) {
            case "Arm": {
                String requested = Capabilities.requiredText(directive, "armState");
                List<ArmState> armed = panel.armStates().stream().filter(s -> s != ArmState.DISARMED).sorted().toList();
                ArmState armState = Capabilities.enumValue(requested, "arm state", armed);
                JsonNode bypass = directive.payload().path("bypassType");
                return new DeviceCommand.Arm(armState, "BYPASS_ALL".equals(bypass.asText()));
            }
            case "Disarm":
                return new DeviceCommand.Disarm(pin(directive, panel));
            default:
                throw Capabilities.unsupported(directive);
        }
    }

    /** The PIN of a Disarm, checked for form; null for a panel that takes none and got none. */
    private static String pin(Directive directive, Trait.SecurityPanel panel) {
        JsonNode authorization = directive.payload().get("authorization");
        if (authorization == null || authorization.isNull()) {
            if (panel.pinToDisarm()) {
                throw new AlexaErrorException(AlexaError.securityPanel(SecurityPanelErrorType.AUTHORIZATION_REQUIRED,
                        "disarming this panel takes the four-digit PIN"));
            }
            return null;
        }
        if (!authorization.isObject() || !"FOUR_DIGIT_PIN".equals(authorization.path("type").asText())) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "Disarm authorization must be of type FOUR_DIGIT_PIN");
        }
        JsonNode value = authorization.get("value");
        if (value == null || !value.isTextual() || !value.asText().matches("\\d{4}")) {
            throw new AlexaErrorException(AlexaError.securityPanel(SecurityPanelErrorType.UNAUTHORIZED,
                    "the PIN must be four digits"));
        }
        return value.asText();
    }

    @Override
    public AlexaEvent answer(Completion completion) {
        if (!"Arm".equals(completion.name())) {
            return super.answer(completion);
        }
        ObjectNode payload = Json.object();
        if (completion.output() instanceof CommandOutput.ArmOutcome outcome && outcome.exitDelaySeconds() != null) {
            payload.put("exitDelayInSeconds", outcome.exitDelaySeconds());
        }
        return completion.answer(NAMESPACE, "Arm.Response", payload);
    }
}
