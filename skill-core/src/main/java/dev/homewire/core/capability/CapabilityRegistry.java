package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.CommandOutput;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceEvent;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Alexa interfaces this skill speaks, registered by namespace and directive name: the one
 * place that maps neutral devices and states to Alexa endpoints and properties, and directives to
 * commands and back to answers.
 */
public final class CapabilityRegistry {
    private final List<AlexaInterface> interfaces;
    private final Map<String, AlexaInterface> byDirective = new HashMap<>();
    private final Set<String> namespaces = new HashSet<>();

    public CapabilityRegistry(List<AlexaInterface> interfaces) {
        this.interfaces = List.copyOf(interfaces);
        for (AlexaInterface i : interfaces) {
            if (!namespaces.add(i.namespace())) {
                throw new IllegalStateException("two interfaces named " + i.namespace());
            }
            for (String name : i.directiveNames()) {
                if (byDirective.put(key(i.namespace(), name), i) != null) {
                    throw new IllegalStateException("two interfaces handle " + i.namespace() + "." + name);
                }
            }
        }
    }

    /** The interfaces of this release, in the order they are announced. */
    public static CapabilityRegistry standard() {
        return new CapabilityRegistry(List.of(
                new AlexaBaseInterface(),
                new PowerControllerInterface(),
                new PowerLevelControllerInterface(),
                new PercentageControllerInterface(),
                new BrightnessControllerInterface(),
                new ColorControllerInterface(),
                new ColorTemperatureControllerInterface(),
                new RangeControllerInterface(),
                new ModeControllerInterface(),
                new ToggleControllerInterface(),
                new LockControllerInterface(),
                new ThermostatControllerInterface(),
                new TemperatureSensorInterface(),
                new ContactSensorInterface(),
                new MotionSensorInterface(),
                new EventDetectionSensorInterface(),
                new SecurityPanelControllerInterface(),
                new DoorbellEventSourceInterface(),
                new CameraStreamControllerInterface(),
                new SceneControllerInterface(),
                new InventoryLevelSensorInterface(),
                new TimeHoldControllerInterface(),
                new SpeakerInterface(),
                new StepSpeakerInterface(),
                new PlaybackControllerInterface(),
                new SeekControllerInterface(),
                new ChannelControllerInterface(),
                new InputControllerInterface(),
                new LauncherInterface(),
                new RecordControllerInterface(),
                new EqualizerControllerInterface(),
                new WakeOnLANControllerInterface(),
                new EndpointHealthInterface()));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** Every interface, in announcement order. */
    public List<AlexaInterface> interfaces() {
        return interfaces;
    }

    /** Every control directive handled, as {@code Namespace.Name}, sorted. */
    public List<String> controlDirectives() {
        return new ArrayList<>(new TreeSet<>(byDirective.keySet()).stream().map(k -> k.replace('/', '.')).toList());
    }

    /** The interface that turns this directive into a device command, if any. */
    public Optional<AlexaInterface> forDirective(String namespace, String name) {
        return Optional.ofNullable(byDirective.get(key(namespace, name)));
    }

    /** Whether a directive is a device control directive this skill handles (queued, answered later). */
    public boolean isControlDirective(String namespace, String name) {
        return byDirective.containsKey(key(namespace, name));
    }

    /** Whether answering the directive needs the device's current state first. */
    public boolean needsCurrentState(Directive directive) {
        return forDirective(directive.namespace(), directive.name()).map(i -> i.needsCurrentState(directive)).orElse(false);
    }

    /**
     * Refuses, before anything is queued, a directive the device cannot take: an interface it does not
     * have, a malformed payload, a value out of range (see {@link AlexaInterface#validate}).
     *
     * @throws AlexaErrorException the ErrorResponse to answer
     */
    public void validate(Directive directive, Device device) {
        handling(directive, device).validate(directive, device);
    }

    /**
     * The neutral command for a control directive on a device.
     *
     * @throws AlexaErrorException INVALID_DIRECTIVE when the device does not have the interface,
     *         or what the interface finds wrong with the payload
     */
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        return handling(directive, device).toCommand(directive, device, current);
    }

    private AlexaInterface handling(Directive directive, Device device) {
        AlexaInterface i = forDirective(directive.namespace(), directive.name())
                .orElseThrow(() -> Capabilities.unsupported(directive));
        if (!i.appliesTo(device)) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "endpoint does not support " + directive.namespace());
        }
        return i;
    }

    /**
     * The answer to a directive whose command took effect: what its interface answers
     * ({@code Alexa.Response} with the full state, or {@code ActivationStarted}, {@code Arm.Response} …).
     */
    public AlexaEvent answer(String namespace, String name, String correlationToken, String endpointId, Device device,
                             DeviceState state, CommandOutput output, Instant now) {
        Completion completion = new Completion(name, correlationToken, endpointId, state, output, properties(device, state, now));
        return forDirective(namespace, name).map(i -> i.answer(completion))
                .orElseGet(() -> AlexaMessages.response(correlationToken, endpointId, completion.properties()));
    }

    /** Events that go out before the directive is carried out (e.g. WakeOnLAN's WakeUp before TurnOn). */
    public List<AlexaEvent> eventsBefore(Directive directive, Device device, String endpointId) {
        List<AlexaEvent> events = new ArrayList<>();
        for (AlexaInterface i : interfaces) {
            if (i.appliesTo(device)) {
                events.addAll(i.eventsBefore(directive, device, endpointId));
            }
        }
        return events;
    }

    /** The Alexa events a device event becomes (e.g. a doorbell press becomes DoorbellPress). */
    public List<AlexaEvent> eventsFor(DeviceEvent event, Device device, String endpointId) {
        List<AlexaEvent> events = new ArrayList<>();
        for (AlexaInterface i : interfaces) {
            if (i.appliesTo(device)) {
                events.addAll(i.eventsFor(event, device, endpointId));
            }
        }
        return events;
    }

    /** Every property of the device's state, EndpointHealth included: the full {@code context}. */
    public List<Property> properties(Device device, DeviceState state, Instant now) {
        List<Property> properties = new ArrayList<>();
        for (AlexaInterface i : interfaces) {
            if (i.appliesTo(device)) {
                properties.addAll(i.properties(device, state, now));
            }
        }
        return properties;
    }

    /** The namespaces a device announces, in order (an instance interface once). */
    public List<String> namespaces(Device device) {
        List<String> namespaces = new ArrayList<>();
        for (AlexaInterface i : interfaces) {
            if (i.appliesTo(device)) {
                namespaces.add(i.namespace());
            }
        }
        return namespaces;
    }

    /**
     * The discovery endpoint object for a device, within Alexa's limits ({@link AlexaLimits}).
     *
     * @param proactive whether the device's vendor tells us about changes (push or background sync),
     *                  so its properties are announced {@code proactivelyReported}
     * @throws IllegalArgumentException when the device would announce more than
     *                                  {@link AlexaLimits#MAX_CAPABILITIES} capabilities
     */
    public ObjectNode discoveryEndpoint(String endpointId, Device device, boolean proactive) {
        ObjectNode endpoint = Json.object();
        endpoint.put("endpointId", endpointId);
        endpoint.put("manufacturerName", device.manufacturer());
        endpoint.put("friendlyName", device.friendlyName());
        endpoint.put("description", device.description());
        endpoint.putArray("displayCategories").add(displayCategory(device.kind()));
        ObjectNode attributes = endpoint.putObject("additionalAttributes");
        attributes.put("manufacturer", device.manufacturer());
        attributes.put("model", device.model());
        endpoint.putObject("cookie");
        ArrayNode capabilities = endpoint.putArray("capabilities");
        for (AlexaInterface i : interfaces) {
            if (i.appliesTo(device)) {
                i.discovery(device, proactive).forEach(capabilities::add);
            }
        }
        if (capabilities.size() > AlexaLimits.MAX_CAPABILITIES) {
            throw new IllegalArgumentException("device " + device.deviceId() + " would announce " + capabilities.size()
                    + " capabilities; Alexa takes at most " + AlexaLimits.MAX_CAPABILITIES);
        }
        return AlexaLimits.withinLimits(endpoint);
    }

    /** Alexa's display category for a kind of device. */
    static String displayCategory(DeviceKind kind) {
        switch (kind) {
            case PLUG:
                return "SMARTPLUG";
            case SCENE:
                return "SCENE_TRIGGER";
            case ACTIVITY:
                return "ACTIVITY_TRIGGER";
            case SPEAKER:
                return "SPEAKER";
            case APPLIANCE:
                return "OTHER";
            case LIGHT:
            case SWITCH:
            case SMARTLOCK:
            case THERMOSTAT:
            case TEMPERATURE_SENSOR:
            case TV:
            case STREAMING_DEVICE:
            case CAMERA:
            case DOORBELL:
            case CONTACT_SENSOR:
            case MOTION_SENSOR:
            case SECURITY_PANEL:
            case INTERIOR_BLIND:
            case EXTERIOR_BLIND:
            case FAN:
            case GARAGE_DOOR:
            case DOOR:
                return kind.name();
            default:
                return "OTHER";
        }
    }
}
