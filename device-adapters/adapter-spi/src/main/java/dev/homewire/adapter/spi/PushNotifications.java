package dev.homewire.adapter.spi;

import java.util.List;

/**
 * The push side of an {@link InteractionStyle#ASYNC_PUSH} adapter: verifies a webhook delivery
 * (e.g. HMAC-SHA256 over the raw body with a shared secret, and a timestamp to refuse replays)
 * and turns it into device updates. Core stores the states, completes pending operations and
 * sends ChangeReports; the adapter only verifies and parses.
 */
public interface PushNotifications {

    /**
     * @throws WebhookRejectedException 401 for a missing, wrong or stale signature; 400 for a
     *         signed body that cannot be read. Nothing is changed for a rejected delivery.
     */
    List<DeviceUpdate> parseWebhook(WebhookRequest request) throws WebhookRejectedException;
}
