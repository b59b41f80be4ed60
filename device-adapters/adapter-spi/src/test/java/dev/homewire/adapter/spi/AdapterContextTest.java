package dev.homewire.adapter.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdapterContextTest {
    private final CloseableHttpClient client = HttpClients.createDefault();
    private final AdapterContext context = new AdapterContext("acme", Map.of(
            "HOMEWIRE_ADAPTER_ACME_BASE_URL", " https://acme.example/ ",
            "HOMEWIRE_ADAPTER_ACME_OTHER", "not a url"), client, Duration.ofSeconds(1));

    @AfterEach
    void close() throws IOException {
        client.close();
    }

    @Test
    void urlSettings() {
        assertEquals(URI.create("https://acme.example/"), context.requiredUrlSetting("BASE_URL"));
        IllegalStateException notUrl = assertThrows(IllegalStateException.class, () -> context.requiredUrlSetting("OTHER"));
        assertEquals("adapter acme: HOMEWIRE_ADAPTER_ACME_OTHER is not a URL: not a url", notUrl.getMessage());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> context.requiredUrlSetting("MISSING"));
        assertTrue(missing.getMessage().contains("HOMEWIRE_ADAPTER_ACME_MISSING"), missing.getMessage());
    }

    @Test
    void refusedSettings() {
        IllegalArgumentException cause = new IllegalArgumentException("no ftp");
        IllegalStateException invalid = context.invalidSetting("BASE_URL", "no ftp", cause);
        assertEquals("adapter acme: HOMEWIRE_ADAPTER_ACME_BASE_URL: no ftp", invalid.getMessage());
        assertSame(cause, invalid.getCause());
    }

    @Test
    void creatingFromAUrlSetting() {
        assertEquals("https://acme.example/", context.createFromUrlSetting("BASE_URL", URI::toString));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> context.createFromUrlSetting("BASE_URL", url -> {
            throw new IllegalArgumentException("Acme base URL must be an http(s) URL without query: " + url);
        }));
        assertEquals("adapter acme: HOMEWIRE_ADAPTER_ACME_BASE_URL: Acme base URL must be an http(s) URL without query: "
                + "https://acme.example/", refused.getMessage());
        assertThrows(IllegalStateException.class, () -> context.createFromUrlSetting("OTHER", URI::toString));
    }
}
