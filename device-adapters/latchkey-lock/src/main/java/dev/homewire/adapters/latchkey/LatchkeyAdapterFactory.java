package dev.homewire.adapters.latchkey;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.adapter.spi.http.WebhookSignatures;
import java.net.URI;
import java.util.List;

/**
 * {@link java.util.ServiceLoader} entry of the Latchkey adapter. Configuration:
 * <ul>
 *   <li>{@code HOMEWIRE_ADAPTER_LATCHKEY_BASE_URL} (e.g. {@code https://api.latchkey.example});</li>
 *   <li>{@code HOMEWIRE_ADAPTER_LATCHKEY_WEBHOOK_SECRET}: the webhook signing secret from the
 *       Latchkey developer console; during a rotation a comma-separated list (new and old), any
 *       of which may sign a delivery.</li>
 * </ul>
 */
public final class LatchkeyAdapterFactory implements DeviceAdapterFactory {

    public static final String BASE_URL = "BASE_URL";
    public static final String WEBHOOK_SECRET = "WEBHOOK_SECRET";

    @Override
    public String adapterId() {
        return LatchkeyAdapter.ID;
    }

    @Override
    public DeviceAdapter create(AdapterContext context) {
        URI baseUrl = context.requiredUrlSetting(BASE_URL);
        List<String> secrets = WebhookSignatures.secretsSetting(context, WEBHOOK_SECRET);
        try {
            return new LatchkeyAdapter(baseUrl, secrets, context.httpClient(), context.callTimeout());
        } catch (IllegalArgumentException e) {
            // Never echo the secrets: the message names only the URL problem.
            throw new IllegalStateException("adapter latchkey: " + e.getMessage(), e);
        }
    }
}
