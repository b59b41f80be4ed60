package dev.homewire.adapter.spi;

import java.util.Objects;

/** What the vendor answered to a command. */
public sealed interface CommandResult {

    /**
     * The vendor applied the command and answered with the device's resulting state (sync clouds,
     * and commands an asynchronous cloud answers at once, such as opening camera streams).
     *
     * @param output what the command produced besides state (camera streams, a panel's exit delay), or null
     */
    record Completed(DeviceState state, CommandOutput output) implements CommandResult {
        public Completed {
            Objects.requireNonNull(state, "state");
        }

        public Completed(DeviceState state) {
            this(state, null);
        }
    }

    /** The vendor accepted the command (HTTP 202); the outcome arrives later by push or poll. */
    record Accepted(String operationRef) implements CommandResult {
        public Accepted {
            Objects.requireNonNull(operationRef, "operationRef");
        }
    }
}
