package dev.homewire.adapter.spi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A device as its vendor describes it at discovery.
 *
 * @param deviceId the vendor's id, unique within the vendor account
 * @param traits   what the device can do, each with its description (ranges, modes, inputs…); a
 *                 trait appears once, instance traits once per instance
 */
public record Device(String deviceId, String friendlyName, String description, String manufacturer, String model,
                     DeviceKind kind, List<Trait> traits) {

    public Device {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(friendlyName, "friendlyName");
        Objects.requireNonNull(kind, "kind");
        description = description == null || description.isBlank() ? friendlyName : description;
        manufacturer = manufacturer == null || manufacturer.isBlank() ? "Unknown" : manufacturer;
        model = model == null || model.isBlank() ? "Unknown" : model;
        traits = List.copyOf(traits == null ? List.of() : traits);
        Set<String> seen = new HashSet<>();
        for (Trait trait : traits) {
            String key = trait.getClass().getSimpleName() + (trait.instance() == null ? "" : "/" + trait.instance());
            if (!seen.add(key)) {
                throw new IllegalArgumentException("device " + deviceId + " declares " + key + " twice");
            }
        }
    }

    /**
     * The description a vendor's device gets: its model, with the manufacturer put in front unless
     * the model starts with it ({@code "Acme", "Dimmer 2"} → {@code "Acme Dimmer 2"}, {@code "Acme Hub"}
     * stays); without a model, the manufacturer and what the device is ({@code generic}, e.g.
     * {@code "smart lock"}).
     *
     * @param model the model, or null when the vendor names none
     */
    public static String modelDescription(String manufacturer, String model, String generic) {
        return model == null ? manufacturer + " " + generic : model.startsWith(manufacturer) ? model : manufacturer + " " + model;
    }

    /** Whether the device has a trait of this kind (any instance). */
    public boolean has(Class<? extends Trait> kind) {
        return traits.stream().anyMatch(kind::isInstance);
    }

    /** The device's trait of this kind (the first instance, for instance traits). */
    public <T extends Trait> Optional<T> trait(Class<T> kind) {
        return traits.stream().filter(kind::isInstance).map(kind::cast).findFirst();
    }

    /** Every trait of this kind, in declaration order (several for instance traits). */
    public <T extends Trait> List<T> traits(Class<T> kind) {
        List<T> matching = new ArrayList<>();
        for (Trait trait : traits) {
            if (kind.isInstance(trait)) {
                matching.add(kind.cast(trait));
            }
        }
        return matching;
    }

    /** The instance trait of this kind and instance name. */
    public <T extends Trait> Optional<T> instance(Class<T> kind, String instance) {
        return traits.stream().filter(kind::isInstance).map(kind::cast)
                .filter(t -> Objects.equals(t.instance(), instance)).findFirst();
    }

    /** A white-light range in Kelvin. */
    public record KelvinRange(int minimumKelvin, int maximumKelvin) {
        public static final KelvinRange TYPICAL_WHITE = new KelvinRange(2200, 7000);

        public KelvinRange {
            if (minimumKelvin < 1000 || maximumKelvin > 10000 || minimumKelvin > maximumKelvin) {
                throw new IllegalArgumentException("bad Kelvin range " + minimumKelvin + ".." + maximumKelvin);
            }
        }

        public boolean contains(int kelvin) {
            return kelvin >= minimumKelvin && kelvin <= maximumKelvin;
        }
    }
}
