package dev.homewire.adapter.spi;

import java.time.Instant;
import java.util.Objects;

/** Something that happened at a device that is not a state: a doorbell press, a change of the vendor's device list. */
public sealed interface DeviceEvent {

    /** When it happened, as the vendor says. */
    Instant at();

    /** Someone pressed the doorbell (Alexa: {@code DoorbellPress}). */
    record DoorbellPressed(Instant at) implements DeviceEvent {
        public DoorbellPressed {
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * The vendor added, renamed or removed devices of the account (the update's device is the one
     * concerned). Core discovers the account again and tells Alexa what changed
     * ({@code AddOrUpdateReport}, {@code DeleteReport}).
     */
    record DevicesChanged(Instant at) implements DeviceEvent {
        public DevicesChanged {
            Objects.requireNonNull(at, "at");
        }
    }
}
