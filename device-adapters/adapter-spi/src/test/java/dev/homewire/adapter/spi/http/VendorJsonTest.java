package dev.homewire.adapter.spi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VendorJsonTest {
    private static final Instant FALLBACK = Instant.parse("2025-01-01T00:00:00Z");

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void instantsFallBackWhenMissingOrUnreadable() throws Exception {
        JsonNode node = json("{\"at\":\"2025-03-14T09:30:00Z\",\"bad\":\"yesterday\",\"num\":17}");
        assertEquals(Instant.parse("2025-03-14T09:30:00Z"), VendorJson.instantOr(node.path("at"), FALLBACK));
        assertEquals(FALLBACK, VendorJson.instantOr(node.path("bad"), FALLBACK));
        assertEquals(FALLBACK, VendorJson.instantOr(node.path("num"), FALLBACK));
        assertEquals(FALLBACK, VendorJson.instantOr(node.path("missing"), FALLBACK));
        assertEquals(FALLBACK, VendorJson.instantOr(null, FALLBACK));
    }

    @Test
    void nonBlankTextOnly() throws Exception {
        JsonNode node = json("{\"id\":\"d1\",\"blank\":\"  \",\"num\":3,\"nil\":null}");
        assertEquals(Optional.of("d1"), VendorJson.nonBlankText(node, "id"));
        assertEquals(Optional.empty(), VendorJson.nonBlankText(node, "blank"));
        assertEquals(Optional.empty(), VendorJson.nonBlankText(node, "num"));
        assertEquals(Optional.empty(), VendorJson.nonBlankText(node, "nil"));
        assertEquals(Optional.empty(), VendorJson.nonBlankText(node, "missing"));
    }

    @Test
    void requiredAndOptionalTextRefuseWhatIsNoText() throws Exception {
        JsonNode node = json("{\"id\":\"d1\",\"blank\":\" \",\"num\":3,\"nil\":null}");
        assertEquals("d1", VendorJson.requiredText(node, "id"));
        assertEquals("missing 'blank'", assertThrows(IllegalArgumentException.class, () -> VendorJson.requiredText(node, "blank")).getMessage());
        assertEquals("missing 'num'", assertThrows(IllegalArgumentException.class, () -> VendorJson.requiredText(node, "num")).getMessage());
        assertEquals("d1", VendorJson.optionalText(node, "id", "x"));
        assertEquals(" ", VendorJson.optionalText(node, "blank", "x"));
        assertEquals("x", VendorJson.optionalText(node, "nil", "x"));
        assertEquals("x", VendorJson.optionalText(node, "missing", "x"));
        assertEquals("'num' is not a string",
                assertThrows(IllegalArgumentException.class, () -> VendorJson.optionalText(node, "num", "x")).getMessage());
    }

    @Test
    void requiredInstantsRefuseMissingAndUnreadableOnes() throws Exception {
        JsonNode node = json("{\"at\":\"2025-03-14T09:30:00Z\",\"bad\":\"yesterday\"}");
        assertEquals(Instant.parse("2025-03-14T09:30:00Z"), VendorJson.requiredInstant(node.path("at"), "at"));
        assertEquals("'bad' is not an ISO-8601 instant",
                assertThrows(IllegalArgumentException.class, () -> VendorJson.requiredInstant(node.path("bad"), "bad")).getMessage());
        assertEquals("missing 'when'",
                assertThrows(IllegalArgumentException.class, () -> VendorJson.requiredInstant(node.path("missing"), "when")).getMessage());
    }
}
