package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated operation body: its {@code type} ({@code set}, {@code hold}, {@code resume},
 * {@code activate}, {@code deactivate}), for {@code set} the normalized {@code values} (rounded,
 * in the appliance's field order), for {@code hold} the optional {@code until}.
 */
record SimCommand(String type, ObjectNode values, Instant until) {
    static final String SET = "set";
    static final String HOLD = "hold";
    static final String RESUME = "resume";
    static final String ACTIVATE = "activate";
    static final String DEACTIVATE = "deactivate";

    SimCommand {
        Objects.requireNonNull(type, "type");
    }

    static SimCommand of(String type) {
        return new SimCommand(type, null, null);
    }

    static SimCommand set(ObjectNode values) {
        return new SimCommand(SET, values, null);
    }

    boolean sets(String field) {
        return values != null && values.has(field);
    }

    /** The body as {@code GET /v1/operations/{id}} echoes it. */
    ObjectNode toJson(ObjectNode into) {
        into.put("type", type);
        if (values != null) {
            into.set("values", values.deepCopy());
        }
        if (until != null) {
            into.put("until", until.toString());
        }
        return into;
    }
}
