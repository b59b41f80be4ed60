package dev.homewire.adapter.spi;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The vocabulary of camera streaming (Alexa.CameraStreamController), neutral records only. */
public final class CameraStreams {
    private CameraStreams() {
    }

    public enum Protocol {
        RTSP,
        WEBRTC
    }

    public enum Authorization {
        BASIC,
        DIGEST,
        NONE
    }

    public enum VideoCodec {
        H264,
        MPEG2,
        MJPEG,
        JPG
    }

    public enum AudioCodec {
        G711,
        AAC,
        NONE
    }

    public record Resolution(int width, int height) {
        public Resolution {
            if (width < 1 || height < 1) {
                throw new IllegalArgumentException("resolution " + width + "x" + height);
            }
        }
    }

    /** What a camera can stream, as announced at discovery. */
    public record Configuration(Set<Protocol> protocols, List<Resolution> resolutions, Set<Authorization> authorizations,
                                Set<VideoCodec> videoCodecs, Set<AudioCodec> audioCodecs) {
        public Configuration {
            protocols = nonEmpty(protocols, Protocol.class, "protocols");
            resolutions = List.copyOf(Objects.requireNonNull(resolutions, "resolutions"));
            if (resolutions.isEmpty()) {
                throw new IllegalArgumentException("a stream configuration needs resolutions");
            }
            authorizations = nonEmpty(authorizations, Authorization.class, "authorizations");
            videoCodecs = nonEmpty(videoCodecs, VideoCodec.class, "videoCodecs");
            audioCodecs = nonEmpty(audioCodecs, AudioCodec.class, "audioCodecs");
        }
    }

    /**
     * A stream Alexa asks for. Fields Alexa did not give, or gave with values outside this
     * vocabulary (its requests may say {@code BEARER}), are null: the camera picks.
     */
    public record Request(Protocol protocol, Resolution resolution, Authorization authorization, VideoCodec videoCodec,
                          AudioCodec audioCodec) {
    }

    /** A stream the camera opened: where to play it and until when. */
    public record Stream(URI uri, Instant expiresAt, Integer idleTimeoutSeconds, Protocol protocol, Resolution resolution,
                         Authorization authorization, VideoCodec videoCodec, AudioCodec audioCodec) {
        public Stream {
            Objects.requireNonNull(uri, "uri");
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(resolution, "resolution");
            Objects.requireNonNull(authorization, "authorization");
            Objects.requireNonNull(videoCodec, "videoCodec");
            Objects.requireNonNull(audioCodec, "audioCodec");
        }

        /** The URI without its query (signed stream URIs carry credentials there): safe to log. */
        @Override
        public String toString() {
            return "Stream[" + protocol + " " + uri.getScheme() + "://" + uri.getHost() + uri.getPath() + ", " + resolution.width()
                    + "x" + resolution.height() + "]";
        }
    }

    /** The camera's answer: the streams it opened and a still image. */
    public record Answer(List<Stream> streams, URI imageUri) implements CommandOutput {
        public Answer {
            streams = List.copyOf(Objects.requireNonNull(streams, "streams"));
            if (streams.isEmpty()) {
                throw new IllegalArgumentException("a camera answers at least one stream");
            }
            Objects.requireNonNull(imageUri, "imageUri");
        }

        @Override
        public String toString() {
            return "CameraStreams.Answer" + streams;
        }
    }

    private static <E extends Enum<E>> Set<E> nonEmpty(Set<E> values, Class<E> type, String what) {
        return EnumSets.nonEmpty(values, type, "a stream configuration needs " + what);
    }
}
