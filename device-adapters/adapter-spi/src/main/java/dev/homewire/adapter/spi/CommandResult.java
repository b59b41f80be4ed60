package dev.homewire.adapter.spi;

import java.util.Objects;

/** What the vendor answered to a command. */
public sealed interface CommandResult {

    /** The vendor applied the command and answered with the device's resulting state (sync clouds). */
    record Completed(DeviceState state) implements CommandResult {
        public Completed {
            Objects.requireNonNull(state, "state");
        }
    }

    /** The vendor accepted the command (HTTP 202); the outcome arrives later by push or poll. */
    record Accepted(String operationRef) implements CommandResult {
        public Accepted {
            Objects.requireNonNull(operationRef, "operationRef");
        }
    }
}
