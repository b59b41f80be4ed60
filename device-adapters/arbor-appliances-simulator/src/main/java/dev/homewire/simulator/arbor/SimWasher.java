package dev.homewire.simulator.arbor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.simulator.http.ApiError;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A washing machine. {@code power} on over the API starts the selected {@code cycle} (remote start;
 * the button on the machine only switches it on); off stops the program. A {@code program} is {@code idle}, {@code running} (until {@code programEndsAt}) or
 * {@code paused} ({@code hold}, optionally {@code until} a time, when it resumes by itself;
 * {@code resume}). Selecting another cycle while a program runs or is paused restarts it with the
 * new cycle's duration. A finished program leaves the washer on and idle.
 */
final class SimWasher extends SimAppliance {
    static final String TYPE = "washer";
    /** The cycles and how long each runs. */
    static final Map<String, Duration> CYCLES = cycles();

    static final String IDLE = "idle";
    static final String RUNNING = "running";
    static final String PAUSED = "paused";

    boolean on;
    String cycle = "normal";
    String program = IDLE;
    /** While running. */
    Instant endsAt;
    /** While paused: what is left, since when, and until when (or null). */
    Duration remaining;
    Instant pausedAt;
    Instant resumesAt;

    SimWasher(String id, String accountId, String name, String model, String revisionTag, Instant now) {
        super(id, accountId, TYPE, name, model, revisionTag, now);
    }

    private static Map<String, Duration> cycles() {
        Map<String, Duration> cycles = new LinkedHashMap<>();
        cycles.put("normal", Duration.ofMinutes(90));
        cycles.put("delicates", Duration.ofMinutes(60));
        cycles.put("heavy", Duration.ofMinutes(120));
        return java.util.Collections.unmodifiableMap(cycles);
    }

    @Override
    ObjectNode specs() {
        ObjectNode specs = NODES.objectNode();
        specs.putArray("cycles").addAll(CYCLES.keySet().stream().map(NODES::textNode).toList());
        specs.put("remoteResume", true);
        return specs;
    }

    @Override
    ObjectNode state() {
        ObjectNode state = NODES.objectNode().put("power", on ? "on" : "off").put("cycle", cycle).put("program", program);
        if (program.equals(RUNNING)) {
            state.put("programEndsAt", endsAt.toString());
        } else if (program.equals(PAUSED)) {
            state.put("remainingSeconds", remaining.toSeconds());
            state.put("pausedAt", pausedAt.toString());
            state.put("resumesAt", timeOrNull(resumesAt));
        }
        return state;
    }

    @Override
    Set<String> operations() {
        return Set.of(SimCommand.SET, SimCommand.HOLD, SimCommand.RESUME);
    }

    @Override
    ObjectNode validateSet(ObjectNode values) throws ApiError {
        Fields.onlyWritable(values, Set.of("power", "cycle"), what());
        ObjectNode checked = NODES.objectNode();
        Fields.power(values, checked);
        if (values.has("cycle")) {
            checked.put("cycle", Fields.oneOf("cycle", values.get("cycle"), List.copyOf(CYCLES.keySet())));
        }
        return checked;
    }

    @Override
    void check(SimCommand command) throws ApiError {
        if (command.type().equals(SimCommand.HOLD) && program.equals(IDLE)) {
            throw ApiError.of(409, "not_running", "washer " + id + " runs no program to hold").with("applianceId", id);
        }
        if (command.type().equals(SimCommand.RESUME) && !program.equals(PAUSED)) {
            throw ApiError.of(409, "not_paused", "washer " + id + " has no paused program to resume").with("applianceId", id);
        }
    }

    @Override
    void apply(SimCommand command, Instant at) {
        switch (command.type()) {
            case SimCommand.HOLD -> pause(at, command.until());
            case SimCommand.RESUME -> resume(at);
            default -> {
                ObjectNode values = command.values();
                if (values.has("cycle")) {
                    selectCycle(values.get("cycle").asText(), at);
                }
                Boolean powerOn = Fields.powerOn(values);
                if (powerOn != null) {
                    switchPower(powerOn, at);
                }
            }
        }
    }

    private void selectCycle(String selected, Instant at) {
        cycle = selected;
        if (program.equals(RUNNING)) {
            endsAt = at.plus(CYCLES.get(cycle));
        } else if (program.equals(PAUSED)) {
            remaining = CYCLES.get(cycle);
        }
    }

    private void switchPower(boolean powerOn, Instant at) {
        on = powerOn;
        if (!powerOn) {
            stop();
        } else if (program.equals(IDLE)) {
            start(at);
        }
    }

    void start(Instant at) {
        on = true;
        program = RUNNING;
        endsAt = at.plus(CYCLES.get(cycle));
        remaining = null;
        pausedAt = null;
        resumesAt = null;
    }

    private void stop() {
        program = IDLE;
        endsAt = null;
        remaining = null;
        pausedAt = null;
        resumesAt = null;
    }

    /** Holds a running program, or moves the end of a hold already in place. */
    private void pause(Instant at, Instant until) {
        if (program.equals(RUNNING)) {
            remaining = Duration.between(at, endsAt);
            pausedAt = at;
            endsAt = null;
            program = PAUSED;
        }
        resumesAt = until;
    }

    private void resume(Instant at) {
        endsAt = at.plus(remaining);
        program = RUNNING;
        remaining = null;
        pausedAt = null;
        resumesAt = null;
    }

    @Override
    Instant nextTransitionAt() {
        return program.equals(RUNNING) ? endsAt : program.equals(PAUSED) ? resumesAt : null;
    }

    /** The program ends, or a hold runs out. */
    @Override
    void transition(Instant at) {
        if (program.equals(RUNNING)) {
            stop();
        } else {
            resume(at);
        }
    }

    @Override
    Consumer<Instant> physicalChange(String key, JsonNode value) {
        switch (key) {
            case "on": {
                boolean powerOn = Fields.control(key, () -> Fields.bool(key, value));
                return at -> { // the button on the washer only switches it: it starts no program
                    on = powerOn;
                    if (!powerOn) {
                        stop();
                    }
                };
            }
            case "cycle": {
                String selected = Fields.control(key, () -> Fields.oneOf(key, value, List.copyOf(CYCLES.keySet())));
                return at -> selectCycle(selected, at);
            }
            case "running": {
                boolean running = Fields.control(key, () -> Fields.bool(key, value));
                return at -> {
                    if (running) {
                        start(at);
                    } else {
                        stop();
                    }
                };
            }
            default:
                throw unknownKey(key, "on, cycle, running");
        }
    }
}
