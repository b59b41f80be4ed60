package dev.homewire.core.capability;

import dev.homewire.adapter.spi.Device;
import java.util.Set;

/** The {@code Alexa} interface every endpoint declares (it carries ReportState, answered elsewhere). */
public final class AlexaBaseInterface extends TraitInterface {
    public static final String NAMESPACE = "Alexa";

    public AlexaBaseInterface() {
        super(NAMESPACE, null, Set.of());
    }

    @Override
    public boolean appliesTo(Device device) {
        return true;
    }
}
