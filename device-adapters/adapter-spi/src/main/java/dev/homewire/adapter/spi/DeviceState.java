package dev.homewire.adapter.spi;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * What a device reported at one moment: whether the vendor reaches it, when the vendor observed it,
 * and its properties as typed {@link StateKey} values. Properties the device does not have, or did
 * not report, are absent ({@link #get} answers null). Immutable; change it with
 * {@link #toBuilder()}.
 *
 * <p>The accessors {@link #power()}, {@link #brightness()} … are shorthands of {@link #get} for the
 * most used keys.
 */
public final class DeviceState {
    private final Connectivity connectivity;
    private final Map<StateKey<?>, Object> values;
    private final Instant observedAt;

    /** @param values an unmodifiable map nobody changes any more: kept, not copied */
    private DeviceState(Connectivity connectivity, Map<StateKey<?>, Object> values, Instant observedAt) {
        this.connectivity = Objects.requireNonNull(connectivity, "connectivity");
        this.observedAt = Objects.requireNonNull(observedAt, "observedAt");
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Connectivity connectivity() {
        return connectivity;
    }

    /** When the vendor observed this state (not when we stored it). */
    public Instant observedAt() {
        return observedAt;
    }

    /** The property's value, or null when the state does not hold it. */
    public <T> T get(StateKey<T> key) {
        Object value = values.get(key);
        return value == null ? null : key.type().cast(value);
    }

    public boolean has(StateKey<?> key) {
        return values.containsKey(key);
    }

    /** Every property this state holds, in the order they were set. */
    public Map<StateKey<?>, Object> values() {
        return values;
    }

    public boolean reachable() {
        return connectivity == Connectivity.OK;
    }

    public PowerState power() {
        return get(StateKey.POWER);
    }

    public Integer brightness() {
        return get(StateKey.BRIGHTNESS);
    }

    public Hsb color() {
        return get(StateKey.COLOR);
    }

    public Integer colorTemperatureKelvin() {
        return get(StateKey.COLOR_TEMPERATURE_KELVIN);
    }

    public LockState lockState() {
        return get(StateKey.LOCK_STATE);
    }

    public Temperature targetSetpoint() {
        return get(StateKey.TARGET_SETPOINT);
    }

    public ThermostatMode thermostatMode() {
        return get(StateKey.THERMOSTAT_MODE);
    }

    /** The ambient temperature. */
    public Temperature temperature() {
        return get(StateKey.TEMPERATURE);
    }

    /** Same properties, ignoring when they were observed. */
    public boolean sameValuesAs(DeviceState other) {
        return other != null && connectivity == other.connectivity && values.equals(other.values);
    }

    public DeviceState withObservedAt(Instant instant) {
        return new DeviceState(connectivity, values, instant);
    }

    /**
     * This state updated by a partial one (a push that carries only what changed): the update's
     * properties, its connectivity and its time win; properties it does not hold are kept.
     */
    public DeviceState overlaidWith(DeviceState update) {
        Map<StateKey<?>, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(update.values);
        return new DeviceState(update.connectivity, Collections.unmodifiableMap(merged), update.observedAt);
    }

    public Builder toBuilder() {
        Builder builder = new Builder().connectivity(connectivity).observedAt(observedAt);
        builder.values.putAll(values);
        return builder;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceState other && connectivity == other.connectivity && observedAt.equals(other.observedAt)
                && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectivity, values, observedAt);
    }

    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "DeviceState[", "]");
        joiner.add("connectivity=" + connectivity);
        values.forEach((key, value) -> joiner.add(key + "=" + value));
        joiner.add("observedAt=" + observedAt);
        return joiner.toString();
    }

    public static final class Builder {
        private Connectivity connectivity = Connectivity.OK;
        private final Map<StateKey<?>, Object> values = new LinkedHashMap<>();
        private Instant observedAt;

        public Builder connectivity(Connectivity value) {
            this.connectivity = Objects.requireNonNull(value, "connectivity");
            return this;
        }

        public Builder observedAt(Instant value) {
            this.observedAt = value;
            return this;
        }

        /**
         * Sets a property; null removes it.
         *
         * @throws IllegalArgumentException for a value of the wrong type or out of the property's bounds
         */
        public <T> Builder set(StateKey<T> key, T value) {
            return setUnchecked(key, value);
        }

        /** {@link #set} for a key only known at run time (e.g. read from JSON). */
        public Builder setUnchecked(StateKey<?> key, Object value) {
            Objects.requireNonNull(key, "key");
            if (value == null) {
                values.remove(key);
            } else {
                values.put(key, key.cast(value));
            }
            return this;
        }

        public Builder power(PowerState value) {
            return set(StateKey.POWER, value);
        }

        public Builder brightness(Integer value) {
            return set(StateKey.BRIGHTNESS, value);
        }

        public Builder color(Hsb value) {
            return set(StateKey.COLOR, value);
        }

        public Builder colorTemperatureKelvin(Integer value) {
            return set(StateKey.COLOR_TEMPERATURE_KELVIN, value);
        }

        public Builder lockState(LockState value) {
            return set(StateKey.LOCK_STATE, value);
        }

        public Builder targetSetpoint(Temperature value) {
            return set(StateKey.TARGET_SETPOINT, value);
        }

        public Builder thermostatMode(ThermostatMode value) {
            return set(StateKey.THERMOSTAT_MODE, value);
        }

        public Builder temperature(Temperature value) {
            return set(StateKey.TEMPERATURE, value);
        }

        /** The state; observed now unless {@link #observedAt} was given. */
        public DeviceState build() {
            return new DeviceState(connectivity, Collections.unmodifiableMap(new LinkedHashMap<>(values)),
                    observedAt == null ? Instant.now() : observedAt);
        }
    }
}
