package dev.homewire.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GatewayResponseTest {

    @Test
    void theGatewaysErrorBodyIsRead() {
        GatewayResponse r = GatewayResponse.of(403, "{\"header\":{\"namespace\":\"System\",\"name\":\"Exception\","
                + "\"messageId\":\"m\"},\"payload\":{\"code\":\"SKILL_DISABLED_EXCEPTION\",\"description\":\"disabled\"}}");
        assertEquals(403, r.status());
        assertEquals("SKILL_DISABLED_EXCEPTION", r.code());
        assertEquals("disabled", r.description());
        assertFalse(r.accepted());
    }

    @Test
    void otherBodiesHaveNoCode() {
        assertNull(GatewayResponse.of(502, "<html>Bad gateway</html>").code());
        assertNull(GatewayResponse.of(400, "{\"payload\":{\"code\":\"X\"}}").code());
        GatewayResponse accepted = GatewayResponse.of(202, "");
        assertTrue(accepted.accepted());
        assertNull(accepted.code());
    }
}
