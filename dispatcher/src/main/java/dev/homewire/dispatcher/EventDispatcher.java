package dev.homewire.dispatcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.core.lwa.LwaException;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.schedule.SyncScheduler;
import dev.homewire.core.store.Grant;
import dev.homewire.core.store.GrantStore;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one outbound event to the Alexa event gateway of the user's region with their LWA token
 * (inserted into the message as {@code scope}). Outcomes:
 * <ul>
 *   <li>202: done;</li>
 *   <li>401: the token is refreshed once and the event sent once more;</li>
 *   <li>no grant, or LWA revoked it: the event can never be sent, so it is logged and dropped; a
 *       revoked grant also deletes the user's background-sync schedule (nothing could be reported);</li>
 *   <li>anything else, an I/O error or LWA failing: {@link DeliveryException}, so SQS redelivers.</li>
 * </ul>
 * Logs name the user, the event and the gateway's status/code, never a token or the message.
 */
public final class EventDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

    private final GrantStore grants;
    private final LwaTokenProvider tokens;
    private final GatewayClient gateway;
    private final SyncScheduler syncScheduler;

    public EventDispatcher(GrantStore grants, LwaTokenProvider tokens, GatewayClient gateway, SyncScheduler syncScheduler) {
        this.grants = Objects.requireNonNull(grants, "grants");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.syncScheduler = Objects.requireNonNull(syncScheduler, "syncScheduler");
    }

    /**
     * @throws DeliveryException the event was not delivered but may be later
     */
    public void dispatch(OutboundEvent event) {
        String userId = event.userId();
        String what = describe(event.message());
        Optional<Grant> grant = grants.find(userId);
        if (grant.isEmpty()) {
            LOG.warn("dropping {} for user {}: no Alexa event grant (skill not enabled or disabled)", what, userId);
            return;
        }
        try {
            GatewayResponse response = send(grant.get(), tokens.accessToken(userId), event.message(), what);
            if (response.status() == 401) {
                LOG.info("gateway refused the token of user {} for {} ({}); refreshing once", userId, what, response.code());
                response = send(grant.get(), tokens.refreshNow(userId), event.message(), what);
            }
            handle(event, what, response);
        } catch (GrantRevokedException e) {
            LOG.warn("dropping {} for user {}: {}", what, userId, e.getMessage());
            deleteSyncSchedule(userId);
        } catch (NoGrantException e) {
            LOG.warn("dropping {} for user {}: {}", what, userId, e.getMessage());
        } catch (LwaException e) {
            throw new DeliveryException("no LWA token for user " + userId + " to send " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * The user disabled the skill: stop syncing their devices in the background. Best effort: the
     * event is dropped either way (a redelivery would find no grant and could not retry this), and
     * a schedule left behind only costs syncs whose reports are dropped.
     */
    private void deleteSyncSchedule(String userId) {
        try {
            syncScheduler.deleteSchedule(userId);
        } catch (RuntimeException e) {
            LOG.error("the sync schedule of user {} (grant revoked) could not be deleted: {}", userId, e.toString());
        }
    }

    private GatewayResponse send(Grant grant, String accessToken, JsonNode message, String what) {
        ObjectNode withToken = AlexaEvent.withGatewayToken(message, accessToken);
        try {
            return gateway.post(grant.region(), accessToken, withToken);
        } catch (IOException e) {
            throw new DeliveryException("event gateway " + grant.region() + " not reachable for " + what + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * What a final gateway answer means. Today only 202 succeeds and everything else is retried
     * through SQS; the gateway's error table (403 → drop the user's grant, 400 → dead-letter at
     * once, 413 → split, 429/5xx → bounded retries) is decided here as it comes in.
     */
    private void handle(OutboundEvent event, String what, GatewayResponse response) {
        if (response.accepted()) {
            LOG.info("delivered {} for user {}", what, event.userId());
            return;
        }
        throw new DeliveryException("event gateway answered HTTP " + response.status()
                + (response.code() == null ? "" : " " + response.code()) + " to " + what + " for user " + event.userId(),
                response.status(), response.code(), null);
    }

    /** {@code Alexa.Response[messageId]}: enough to find the event, nothing secret. */
    static String describe(JsonNode message) {
        JsonNode header = message.path("event").path("header");
        return header.path("namespace").asText("?") + "." + header.path("name").asText("?")
                + "[" + header.path("messageId").asText("") + "]";
    }
}
