package dev.homewire.core.capability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.CameraStreams;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceCommand;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.AlexaTime;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code Alexa.CameraStreamController}: discovery lists the camera's stream configurations;
 * InitializeCameraStreams asks for streams (protocol, resolution, codecs) and is answered with
 * {@code Alexa.CameraStreamController.Response}: the streams the camera opened (URI, expiry, idle
 * timeout, what it actually streams) and a still image URI. The vendor must answer at once with a
 * {@link CameraStreams.Answer} (a camera's URIs are the answer, there is no state to wait for).
 */
public final class CameraStreamControllerInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa.CameraStreamController";

    public CameraStreamControllerInterface() {
        super(NAMESPACE, Trait.CameraStream.class, Set.of("InitializeCameraStreams"));
    }

    @Override
    void configure(ObjectNode capability, Device device) {
        ArrayNode configurations = capability.putArray("cameraStreamConfigurations");
        for (CameraStreams.Configuration configuration : device.trait(Trait.CameraStream.class).orElseThrow().configurations()) {
            ObjectNode entry = configurations.addObject();
            ArrayNode protocols = entry.putArray("protocols");
            configuration.protocols().stream().sorted().forEach(p -> protocols.add(p.name()));
            ArrayNode resolutions = entry.putArray("resolutions");
            configuration.resolutions().forEach(r -> resolutions.addObject().put("width", r.width()).put("height", r.height()));
            ArrayNode authorizations = entry.putArray("authorizationTypes");
            configuration.authorizations().stream().sorted().forEach(a -> authorizations.add(a.name()));
            ArrayNode video = entry.putArray("videoCodecs");
            configuration.videoCodecs().stream().sorted().forEach(v -> video.add(v.name()));
            ArrayNode audio = entry.putArray("audioCodecs");
            configuration.audioCodecs().stream().sorted().forEach(a -> audio.add(a.name()));
        }
    }

    @Override
    public DeviceCommand toCommand(Directive directive, Device device, DeviceState current) {
        if (!"InitializeCameraStreams".equals(directive.name())) {
            throw Capabilities.unsupported(directive);
        }
        JsonNode streams = directive.payload().get("cameraStreams");
        if (streams == null || !streams.isArray() || streams.isEmpty()) {
            throw new AlexaErrorException(ErrorType.INVALID_DIRECTIVE, "InitializeCameraStreams needs payload.cameraStreams");
        }
        List<CameraStreams.Request> requests = new ArrayList<>();
        for (JsonNode stream : streams) {
            JsonNode resolution = stream.path("resolution");
            CameraStreams.Resolution size = null;
            if (resolution.path("width").canConvertToInt() && resolution.path("height").canConvertToInt()
                    && resolution.path("width").asInt() > 0 && resolution.path("height").asInt() > 0) {
                size = new CameraStreams.Resolution(resolution.path("width").asInt(), resolution.path("height").asInt());
            }
            requests.add(new CameraStreams.Request(known(CameraStreams.Protocol.class, stream.path("protocol")), size,
                    known(CameraStreams.Authorization.class, stream.path("authorizationType")),
                    known(CameraStreams.VideoCodec.class, stream.path("videoCodec")),
                    known(CameraStreams.AudioCodec.class, stream.path("audioCodec"))));
        }
        return new DeviceCommand.InitializeCameraStreams(requests);
    }

    /** Alexa's value when it is one this vocabulary has (its requests may say BEARER), else null: the camera picks. */
    private static <E extends Enum<E>> E known(Class<E> type, JsonNode value) {
        for (E candidate : type.getEnumConstants()) {
            if (candidate.name().equals(value.asText())) {
                return candidate;
            }
        }
        return null;
    }

    @Override
    public AlexaEvent answer(Completion completion) {
        if (!(completion.output() instanceof CameraStreams.Answer answer)) {
            return AlexaMessages.errorResponse(completion.correlationToken(), completion.endpointId(), null,
                    AlexaError.of(ErrorType.ENDPOINT_UNREACHABLE, "the camera opened no stream"));
        }
        ObjectNode payload = Json.object();
        ArrayNode streams = payload.putArray("cameraStreams");
        for (CameraStreams.Stream stream : answer.streams()) {
            ObjectNode entry = streams.addObject();
            entry.put("uri", stream.uri().toString());
            if (stream.expiresAt() != null) {
                entry.put("expirationTime", AlexaTime.format(stream.expiresAt()));
            }
            if (stream.idleTimeoutSeconds() != null) {
                entry.put("idleTimeoutSeconds", stream.idleTimeoutSeconds());
            }
            entry.put("protocol", stream.protocol().name());
            entry.putObject("resolution").put("width", stream.resolution().width()).put("height", stream.resolution().height());
            entry.put("authorizationType", stream.authorization().name());
            entry.put("videoCodec", stream.videoCodec().name());
            entry.put("audioCodec", stream.audioCodec().name());
        }
        payload.put("imageUri", answer.imageUri().toString());
        return completion.answer(NAMESPACE, "Response", payload);
    }
}
