package dev.homewire.adapter.spi;

import java.util.Objects;

/** An app or shortcut a media device can launch: Alexa's identifier (e.g. {@code amzn1.alexa-ask-target.app.72095}) and its name. */
public record LaunchTarget(String identifier, String name) {
    public LaunchTarget {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(name, "name");
        if (identifier.isBlank() || name.isBlank()) {
            throw new IllegalArgumentException("a launch target needs an identifier and a name");
        }
    }
}
