package dev.homewire.adapter.spi;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** Immutable enum sets that iterate in declaration order, so the model's JSON and logs are stable. */
final class EnumSets {
    private EnumSets() {
    }

    /** An unmodifiable copy in enum order; empty for null or empty input. */
    static <E extends Enum<E>> Set<E> ordered(Collection<E> values, Class<E> type) {
        if (values == null || values.isEmpty()) {
            return Collections.unmodifiableSet(EnumSet.noneOf(type));
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(values));
    }

    /**
     * {@link #ordered}, refusing null or empty input.
     *
     * @throws IllegalArgumentException with {@code message} when there are no values
     */
    static <E extends Enum<E>> Set<E> nonEmpty(Collection<E> values, Class<E> type, String message) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(message);
        }
        return ordered(values, type);
    }
}
