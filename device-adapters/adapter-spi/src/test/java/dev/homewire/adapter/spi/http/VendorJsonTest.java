package dev.homewire.adapter.spi.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
