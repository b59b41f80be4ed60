package dev.homewire.adapters.aegis;

import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.adapter.spi.http.WebhookSignatures;
import java.util.List;

/**
 * {@link java.util.ServiceLoader} entry of the Aegis adapter. Configuration:
 * <ul>
 *   <li>{@code HOMEWIRE_ADAPTER_AEGIS_BASE_URL} (e.g. {@code https://api.aegis.example});</li>
 *   <li>{@code HOMEWIRE_ADAPTER_AEGIS_WEBHOOK_SECRET}: the webhook signing secret from the Aegis
 *       partner portal; during a rotation a comma-separated list (new and old), any of which may
 *       sign a delivery.</li>
 * </ul>
 */
public final class AegisAdapterFactory implements DeviceAdapterFactory {

    public static final String BASE_URL = "BASE_URL";
    public static final String WEBHOOK_SECRET = "WEBHOOK_SECRET";

    @Override
    public String adapterId() {
        return AegisAdapter.ID;
    }

    @Override
    public DeviceAdapter create(AdapterContext context) {
        List<String> secrets = WebhookSignatures.secretsSetting(context, WEBHOOK_SECRET);
        // The base URL's problems are named without the secrets.
        return context.createFromUrlSetting(BASE_URL,
                baseUrl -> new AegisAdapter(baseUrl, secrets, context.httpClient(), context.callTimeout()));
    }
}
