package dev.homewire.core.capability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EndpointIdsTest {
    private static final String ALEXA_ENDPOINT_ID = "[A-Za-z0-9_\\-=#;:?@&]{1,256}";

    @Test
    void safeDeviceIdsStayReadable() {
        assertEquals("lumio#lm-alice-kitchen", EndpointIds.of("lumio", "lm-alice-kitchen"));
    }

    @Test
    void otherDeviceIdsAreHashedStablyAndStayValid() {
        String odd = EndpointIds.of("lumio", "bulb/42 (kitchen)");
        assertTrue(odd.matches(ALEXA_ENDPOINT_ID), odd);
        assertEquals(odd, EndpointIds.of("lumio", "bulb/42 (kitchen)"));
        assertNotEquals(odd, EndpointIds.of("lumio", "bulb/43 (kitchen)"));
        String longId = EndpointIds.of("lumio", "x".repeat(5000));
        assertTrue(longId.matches(ALEXA_ENDPOINT_ID), longId);
    }
}
