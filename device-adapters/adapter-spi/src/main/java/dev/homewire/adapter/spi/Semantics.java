package dev.homewire.adapter.spi;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What everyday words mean for an instance setting: "open", "close", "raise", "lower" as actions
 * on it, and "open" / "closed" as descriptions of its value. A blind's lift answers "open the
 * blinds" and "are the blinds closed?"; a garage door's mode answers "open the garage door". Core
 * turns this into Alexa {@code semantics} (action and state mappings) for the Range, Mode and
 * Toggle interfaces.
 */
public record Semantics(List<ActionMapping> actionMappings, List<StateMapping> stateMappings) {

    public enum Action {
        OPEN,
        CLOSE,
        RAISE,
        LOWER
    }

    public enum State {
        OPEN,
        CLOSED
    }

    /** What saying one of the actions does to the instance. */
    public sealed interface Target {
        /** Set a range to a value. */
        record SetNumber(double value) implements Target {
        }

        /** Move a range by a delta. */
        record AdjustNumber(double delta) implements Target {
        }

        /** Select a mode value. */
        record SetMode(String mode) implements Target {
            public SetMode {
                Objects.requireNonNull(mode, "mode");
            }
        }

        /** Move an ordered mode by a number of steps. */
        record AdjustMode(int delta) implements Target {
        }

        /** Turn a toggle on or off. */
        record SetToggle(boolean on) implements Target {
        }
    }

    /** Which values of the instance the states describe. */
    public sealed interface StateValue {
        record Number(double value) implements StateValue {
        }

        /** Any value within {@code minimum..maximum}. */
        record NumberRange(double minimum, double maximum) implements StateValue {
            public NumberRange {
                if (minimum > maximum) {
                    throw new IllegalArgumentException("range " + minimum + ".." + maximum);
                }
            }
        }

        record Mode(String mode) implements StateValue {
            public Mode {
                Objects.requireNonNull(mode, "mode");
            }
        }

        record Toggle(boolean on) implements StateValue {
        }
    }

    public record ActionMapping(Set<Action> actions, Target target) {
        public ActionMapping {
            actions = EnumSets.nonEmpty(actions, Action.class, "an action mapping needs at least one action");
            Objects.requireNonNull(target, "target");
        }
    }

    public record StateMapping(Set<State> states, StateValue value) {
        public StateMapping {
            states = EnumSets.nonEmpty(states, State.class, "a state mapping needs at least one state");
            Objects.requireNonNull(value, "value");
        }
    }

    public Semantics {
        actionMappings = List.copyOf(actionMappings == null ? List.of() : actionMappings);
        stateMappings = List.copyOf(stateMappings == null ? List.of() : stateMappings);
        if (actionMappings.isEmpty() && stateMappings.isEmpty()) {
            throw new IllegalArgumentException("semantics need at least one mapping");
        }
    }

    /**
     * A range that opens and closes, e.g. a blind's lift: "open" sets {@code open}, "close" sets
     * {@code closed}, "raise" / "lower" move by {@code step} towards open / closed; it is "closed" at
     * {@code closed} and "open" anywhere else: the open states start a hundredth of the span away
     * from {@code closed} (1 for 0..100, as Amazon's blind example has it), so a blind opened a
     * little is open, not in no state at all.
     */
    public static Semantics openCloseRange(double open, double closed, double step) {
        if (open == closed || step <= 0) {
            throw new IllegalArgumentException("open and closed must differ and the step be positive");
        }
        double towardsOpen = open > closed ? step : -step;
        double low = Math.min(open, closed);
        double high = Math.max(open, closed);
        double justOpen = (high - low) / 100;
        StateValue openValues = open > closed
                ? new StateValue.NumberRange(closed + justOpen, high)
                : new StateValue.NumberRange(low, closed - justOpen);
        return new Semantics(List.of(
                new ActionMapping(Set.of(Action.OPEN), new Target.SetNumber(open)),
                new ActionMapping(Set.of(Action.CLOSE), new Target.SetNumber(closed)),
                new ActionMapping(Set.of(Action.RAISE), new Target.AdjustNumber(towardsOpen)),
                new ActionMapping(Set.of(Action.LOWER), new Target.AdjustNumber(-towardsOpen))),
                List.of(new StateMapping(Set.of(State.CLOSED), new StateValue.Number(closed)),
                        new StateMapping(Set.of(State.OPEN), openValues)));
    }

    /**
     * A mode with an open and a closed value, e.g. a garage door: "open" and "raise" select
     * {@code openMode}, "close" and "lower" select {@code closedMode}; the states follow.
     */
    public static Semantics openCloseModes(String openMode, String closedMode) {
        return new Semantics(List.of(
                new ActionMapping(Set.of(Action.OPEN, Action.RAISE), new Target.SetMode(openMode)),
                new ActionMapping(Set.of(Action.CLOSE, Action.LOWER), new Target.SetMode(closedMode))),
                List.of(new StateMapping(Set.of(State.OPEN), new StateValue.Mode(openMode)),
                        new StateMapping(Set.of(State.CLOSED), new StateValue.Mode(closedMode))));
    }
}
