package dev.homewire.processors.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceEvent;
import dev.homewire.adapter.spi.DeviceUpdate;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.adapter.spi.PushNotifications;
import dev.homewire.adapter.spi.WebhookRejectedException;
import dev.homewire.adapter.spi.WebhookRequest;
import dev.homewire.alexa.Json;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.capability.EndpointIds;
import dev.homewire.core.inventory.EndpointInventory;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.store.EndpointRegistry;
import dev.homewire.core.store.LinkedAccountStore;
import dev.homewire.core.updates.DeviceUpdateService;
import dev.homewire.core.updates.UpdateOutcome;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives a push vendor's webhook delivery ({@code POST /webhooks/<adapterId>}): the adapter
 * verifies and parses it ({@link PushNotifications#parseWebhook}), then each device update is
 * routed to every user who linked that vendor account and applied by
 * {@link DeviceUpdateService} (state stored, pending operations answered, ChangeReport sent).
 *
 * <p>An update that says the account's device list changed ({@link DeviceEvent.DevicesChanged})
 * has each linked user's account discovered again ({@link EndpointInventory#refresh}): Alexa gets
 * an AddOrUpdateReport / DeleteReport for what was added, renamed or removed.
 *
 * <ul>
 *   <li>404 — no such adapter, or one without a webhook;</li>
 *   <li>401 / 400 — the adapter rejected the delivery (forged, unsigned, stale or unreadable):
 *       nothing is read further and nothing changes;</li>
 *   <li>500 — applying an update failed (a store or queue down) or the adapter broke: the vendor
 *       should deliver again. A state delivered again changes nothing (an observation no newer
 *       than the stored one is dropped), but events are not deduplicated yet: a doorbell press
 *       delivered twice is announced twice;</li>
 *   <li>200 — with a summary {@code {"updates","applied","skipped","completedOperations","changeReports","events",
 *       "rediscovered"}}.</li>
 * </ul>
 * Bodies, signatures and the adapters' rejection messages (which may quote them) are never logged.
 */
public final class WebhookReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

    private final AdapterRegistry adapters;
    private final LinkedAccountStore accounts;
    private final EndpointRegistry endpoints;
    private final DeviceUpdateService updates;
    private final EndpointInventory inventory;

    public WebhookReceiver(AdapterRegistry adapters, LinkedAccountStore accounts, EndpointRegistry endpoints,
                           DeviceUpdateService updates, EndpointInventory inventory) {
        this.adapters = Objects.requireNonNull(adapters, "adapters");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.updates = Objects.requireNonNull(updates, "updates");
        this.inventory = Objects.requireNonNull(inventory, "inventory");
    }

    public WebhookResponse receive(String adapterId, WebhookRequest request) {
        Optional<PushNotifications> push = adapterId == null ? Optional.empty()
                : adapters.find(adapterId).flatMap(DeviceAdapter::push);
        if (push.isEmpty()) {
            LOG.info("webhook delivery for unknown or non-push adapter refused");
            return WebhookResponse.error(404, "no such webhook");
        }
        List<DeviceUpdate> deliveries;
        try {
            deliveries = push.get().parseWebhook(request);
        } catch (WebhookRejectedException e) {
            LOG.warn("webhook delivery for {} rejected with {}", adapterId, e.httpStatus());
            return WebhookResponse.error(e.httpStatus(), e.httpStatus() == 401 ? "unauthorized" : "malformed");
        } catch (RuntimeException e) {
            LOG.error("adapter {} failed to read a webhook delivery ({})", adapterId, e.getClass().getName());
            return WebhookResponse.error(500, "internal error");
        }

        int applied = 0;
        int skipped = 0;
        int completed = 0;
        int changeReports = 0;
        int failed = 0;
        int events = 0;
        Set<String> rediscover = new LinkedHashSet<>();
        for (DeviceUpdate update : deliveries) {
            boolean devicesChanged = update.events().stream().anyMatch(e -> e instanceof DeviceEvent.DevicesChanged);
            List<String> users = accounts.usersForAccount(adapterId, update.accountId());
            if (users.isEmpty()) {
                LOG.info("{} update for device {} of account {}: no user linked that account; skipped", adapterId,
                        update.deviceId(), update.accountId());
                skipped++;
                continue;
            }
            String endpointId = EndpointIds.of(adapterId, update.deviceId());
            for (String userId : users) {
                if (devicesChanged) {
                    rediscover.add(userId);
                }
                try {
                    Optional<EndpointRecord> endpoint = endpoints.find(userId, endpointId);
                    if (endpoint.isEmpty() && devicesChanged) {
                        continue; // a device being added: the rediscovery below announces it
                    }
                    if (endpoint.isEmpty()) {
                        LOG.info("{} update for endpoint {}: user {} has no such endpoint (not discovered); skipped", adapterId,
                                endpointId, userId);
                        skipped++;
                        continue;
                    }
                    UpdateOutcome outcome = updates.apply(endpoint.get(), update);
                    applied++;
                    completed += outcome.completed().size();
                    changeReports += outcome.changeReportSent() ? 1 : 0;
                    events += outcome.eventsSent();
                } catch (RuntimeException e) {
                    LOG.error("{} update for endpoint {} of user {} could not be applied: {}", adapterId, endpointId, userId,
                            e.toString());
                    failed++;
                }
            }
        }
        int rediscovered = 0;
        for (String userId : rediscover) {
            try {
                Optional<VendorAccount> account = accounts.account(userId, adapterId);
                if (account.isPresent()) {
                    inventory.refresh(userId, account.get());
                    rediscovered++;
                }
            } catch (RuntimeException e) {
                LOG.error("{} device list of user {} could not be rediscovered: {}", adapterId, userId, e.toString());
                failed++;
            }
        }
        ObjectNode summary = Json.object();
        summary.put("updates", deliveries.size());
        summary.put("applied", applied);
        summary.put("skipped", skipped);
        summary.put("completedOperations", completed);
        summary.put("changeReports", changeReports);
        summary.put("events", events);
        summary.put("rediscovered", rediscovered);
        if (failed > 0) {
            // the vendor delivers again; what was applied already is not applied twice
            summary.put("failed", failed);
            return WebhookResponse.json(500, summary);
        }
        LOG.info("webhook delivery for {}: {}", adapterId, summary);
        return WebhookResponse.json(200, summary);
    }
}
