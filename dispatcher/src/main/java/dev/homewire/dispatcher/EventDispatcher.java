package dev.homewire.dispatcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.Json;
import dev.homewire.core.lwa.LwaException;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.schedule.SyncScheduler;
import dev.homewire.core.store.DeliveredEvents;
import dev.homewire.core.store.DeliveredSampleTimes;
import dev.homewire.core.store.Grant;
import dev.homewire.core.store.GrantStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one outbound event to the Alexa event gateway of the user's region with their LWA token
 * (inserted into the message as {@code scope}), and decides — here and nowhere else — what every
 * gateway answer means (the error table of Alexa's event gateway):
 *
 * <table>
 *   <caption>Gateway answers</caption>
 *   <tr><th>answer</th><th>outcome</th></tr>
 *   <tr><td>202</td><td>delivered: messageId marked delivered, the endpoint's newest sample time advanced</td></tr>
 *   <tr><td>400 (any code), other 4xx</td><td>dead-lettered at once with the reason (our bug: retrying cannot help)</td></tr>
 *   <tr><td>401</td><td>token refreshed once (unless it was refreshed for this very attempt), sent once more; a second 401
 *       is retried later; LWA {@code invalid_grant} → grant revoked and deleted, sync schedule deleted, dropped</td></tr>
 *   <tr><td>403 SKILL_DISABLED / SKILL_NEVER_ENABLED, 404 ACCOUNT_NOT_FOUND / SKILL_NOT_FOUND</td><td>the user's grant
 *       and sync schedule deleted, dropped; later events of the user find no grant and are dropped (logged)</td></tr>
 *   <tr><td>403 INSUFFICIENT_PERMISSION (or another 403)</td><td>ERROR log line naming it (skill misconfigured), grants
 *       kept, dead-lettered</td></tr>
 *   <tr><td>413</td><td>an AddOrUpdateReport / DeleteReport of several endpoints is split in halves, each a new event
 *       (derived messageId) on the outbound queue; a single endpoint's is dead-lettered</td></tr>
 *   <tr><td>429, 5xx, time-out, I/O error, LWA failing</td><td>retried with capped exponential backoff and jitter
 *       ({@link RetrySchedule}, a 429's Retry-After honoured), dead-lettered with the last reason after the last attempt</td></tr>
 * </table>
 *
 * <p><b>At most once per messageId.</b> Before posting, the messageId is claimed in
 * {@link DeliveredEvents} (a lease); after the 202 it is marked delivered, so a redelivered record
 * (SQS at-least-once, a crash before the ack, a dead-letter replay) is not posted again. A definite
 * refusal releases the claim. The window that remains: the gateway accepted but we never learnt
 * it (a time-out or I/O error after Alexa took it, or a crash between the 202 and the mark), where
 * the retry posts the same messageId once more.
 *
 * <p><b>Order per endpoint.</b> A ChangeReport whose changed properties were all sampled before
 * the newest sample time already sent for its endpoint is dropped (logged). Any other event with
 * context properties (Response, StateReport, ...) is still delivered — it is the answer Alexa
 * waits for — but its context properties older than that are removed (the context too if it
 * empties). The newest sample time is advanced with a conditional write before posting, so two
 * dispatchers cannot both pass the check with different states; when the post then fails for
 * good, older events of that endpoint that arrived meanwhile were dropped for a state Alexa never
 * got (it was dead-lettered).
 *
 * <p>Logs name the user, the event and the gateway's status/code, never a token or the message.
 */
public final class EventDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final Set<String> USER_GONE = Set.of("SKILL_DISABLED_EXCEPTION", "SKILL_NEVER_ENABLED_EXCEPTION",
            "ACCOUNT_NOT_FOUND_EXCEPTION", "SKILL_NOT_FOUND_EXCEPTION");

    /**
     * The most AWS calls (DynamoDB, SQS, Scheduler excluded: it is counted on its own) one event may
     * cost, for the worst-case budget: grant read 1, claim 4 (two conditional puts, each with its
     * read), sample time read 2 and advance 2 (a Response re-checks once), token provider 3 (read,
     * lease, conditional save; waiting for another container's refresh is bounded by the lease) and
     * after a 401 another 3, mark or release 1, grant re-read and conditional delete 2, and the batch
     * handler's 2 (visibility change or dead-letter send, or the two halves of a split).
     */
    public static final int MAX_AWS_CALLS_PER_EVENT = 20;

    private final GrantStore grants;
    private final LwaTokenProvider tokens;
    private final GatewayClient gateway;
    private final SyncScheduler syncScheduler;
    private final DeliveredEvents delivered;
    private final DeliveredSampleTimes sampleTimes;
    private final RetrySchedule retries;
    private final Duration claimLease;
    private final Clock clock;

    /**
     * @param claimLease how long a messageId claim keeps other dispatchers from posting the same
     *        event: at least the Lambda timeout, so a claim outlives a live attempt
     */
    public EventDispatcher(GrantStore grants, LwaTokenProvider tokens, GatewayClient gateway, SyncScheduler syncScheduler,
                           DeliveredEvents delivered, DeliveredSampleTimes sampleTimes, RetrySchedule retries,
                           Duration claimLease, Clock clock) {
        this.grants = Objects.requireNonNull(grants, "grants");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.syncScheduler = Objects.requireNonNull(syncScheduler, "syncScheduler");
        this.delivered = Objects.requireNonNull(delivered, "delivered");
        this.sampleTimes = Objects.requireNonNull(sampleTimes, "sampleTimes");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.claimLease = Objects.requireNonNull(claimLease, "claimLease");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public RetrySchedule retries() {
        return retries;
    }

    /**
     * @param attempt 1 for the first attempt at this event (the SQS record's ApproximateReceiveCount)
     */
    public DeliveryOutcome dispatch(OutboundEvent event, int attempt) {
        String userId = event.userId();
        String what = describe(event.message());
        String messageId = event.message().path("event").path("header").path("messageId").asText("");
        Optional<Grant> grant = grants.find(userId);
        if (grant.isEmpty()) {
            return dropped("dropping " + what + " for user " + userId + ": no Alexa event grant (skill not enabled, or disabled)");
        }
        if (messageId.isEmpty()) {
            return deadLetter(what + " for user " + userId + " has no messageId");
        }
        DeliveredEvents.Claim claim = delivered.claim(messageId, claimLease);
        if (claim == DeliveredEvents.Claim.ALREADY_DELIVERED) {
            return dropped("dropping " + what + " for user " + userId + ": the gateway accepted this messageId before (redelivery)");
        }
        if (claim == DeliveredEvents.Claim.HELD_ELSEWHERE) {
            return new DeliveryOutcome.Retry(claimLease, what + " for user " + userId
                    + " is being posted by another dispatcher (claim held)");
        }
        boolean posted = false;
        try {
            ObjectNode message = event.message().deepCopy();
            String stale = applyOrder(userId, message, what);
            if (stale != null) {
                delivered.release(messageId);
                return dropped(stale);
            }
            Attempt result = post(grant.get(), userId, message, what);
            posted = result.response() != null;
            if (result.response() != null && result.response().accepted()) {
                delivered.markDelivered(messageId);
                LOG.info("delivered {} for user {}{}", what, userId, attempt > 1 ? " (attempt " + attempt + ")" : "");
                return new DeliveryOutcome.Delivered("delivered " + what + " for user " + userId);
            }
            delivered.release(messageId); // a definite refusal, or nothing reached Alexa: a later attempt may post it
            if (result.response() == null) {
                return retryable(what, userId, attempt, result.failure(), null);
            }
            return decide(event, grant.get(), what, attempt, result.response(), result.postedAt());
        } catch (GrantRevokedException e) {
            delivered.release(messageId);
            deleteSyncSchedule(userId);
            return dropped("dropping " + what + " for user " + userId + ": " + e.getMessage());
        } catch (NoGrantException e) {
            delivered.release(messageId);
            return dropped("dropping " + what + " for user " + userId + ": " + e.getMessage());
        } catch (LwaException e) {
            delivered.release(messageId);
            return retryable(what, userId, attempt, "no LWA token: " + e.getMessage(), null);
        } catch (RuntimeException e) {
            if (!posted) {
                releaseQuietly(messageId);
            }
            // a store or SDK failure: the claim's lease (if it could not be released) ends by itself
            return retryable(what, userId, attempt, e.getClass().getSimpleName(), null);
        }
    }

    private void releaseQuietly(String messageId) {
        try {
            delivered.release(messageId);
        } catch (RuntimeException ignored) {
            // the lease ends by itself
        }
    }

    /** A post's answer, or why there was none (I/O, time-out). */
    private record Attempt(GatewayResponse response, String failure, Instant postedAt) {
    }

    /** Sends, and after a 401 refreshes once and sends once more. */
    private Attempt post(Grant grant, String userId, ObjectNode message, String what) {
        LwaTokenProvider.Token token = tokens.token(userId);
        Attempt first = send(grant, token.accessToken(), message, what);
        if (first.response() == null || first.response().status() != 401) {
            return first;
        }
        if (token.refreshedNow()) {
            LOG.warn("gateway refused the token of user {} refreshed just now for {} ({}); trying later", userId, what,
                    first.response().code());
            return first;
        }
        LOG.info("gateway refused the token of user {} for {} ({}); refreshing once", userId, what, first.response().code());
        return send(grant, tokens.refreshAfterRejection(userId, token.accessToken()).accessToken(), message, what);
    }

    private Attempt send(Grant grant, String accessToken, JsonNode message, String what) {
        ObjectNode withToken = AlexaEvent.withGatewayToken(message, accessToken);
        Instant postedAt = clock.instant();
        try {
            return new Attempt(gateway.post(grant.region(), accessToken, withToken), null, postedAt);
        } catch (IOException e) {
            return new Attempt(null, "event gateway " + grant.region() + " not reachable (" + e.getClass().getSimpleName() + ")",
                    postedAt);
        }
    }

    /** What a final non-202 gateway answer means: the error table. */
    private DeliveryOutcome decide(OutboundEvent event, Grant grant, String what, int attempt, GatewayResponse response,
                                   Instant postedAt) {
        String userId = event.userId();
        String answer = "gateway answered " + response.summary() + " to " + what + " for user " + userId;
        int status = response.status();
        String code = response.code() == null ? "" : response.code();
        if ((status == 403 || status == 404) && USER_GONE.contains(code)) {
            dropUser(userId, postedAt, code);
            return dropped("dropping " + what + " for user " + userId + ": " + code + " (grant and sync schedule deleted)");
        }
        if (status == 403) {
            LOG.error("ALERT gateway 403 {} for user {} ({}): the skill is misconfigured (Send Alexa Events permission?); "
                    + "grants kept, event dead-lettered", code.isEmpty() ? "(no code)" : code, userId, what);
            return deadLetter(answer);
        }
        if (status == 413) {
            List<OutboundEvent> halves = split(event);
            if (halves.isEmpty()) {
                return deadLetter(answer + " (a single endpoint: cannot be split)");
            }
            LOG.info("{}: split into {} events", answer, halves.size());
            return new DeliveryOutcome.Split(halves, answer + ": split in halves");
        }
        if (status == 401 || status == 408 || status == 429 || status >= 500) {
            return retryable(what, userId, attempt, "gateway answered " + response.summary(), response.retryAfterSeconds());
        }
        if (status == 400) {
            LOG.error("gateway 400 {} for {} of user {}: a message we built is invalid; dead-lettered", code, what, userId);
        }
        return deadLetter(answer);
    }

    private DeliveryOutcome retryable(String what, String userId, int attempt, String failure, Integer retryAfterSeconds) {
        if (!retries.mayRetryAfter(attempt)) {
            return deadLetter(what + " for user " + userId + " not delivered after " + attempt + " attempt(s): " + failure);
        }
        Duration delay = retries.delayAfter(attempt, retryAfterSeconds);
        String reason = what + " for user " + userId + " not delivered (attempt " + attempt + " of " + retries.maxAttempts()
                + "): " + failure + "; retrying in " + delay.toSeconds() + " s";
        LOG.warn(reason);
        return new DeliveryOutcome.Retry(delay, reason);
    }

    private static DeliveryOutcome dropped(String reason) {
        LOG.warn(reason);
        return new DeliveryOutcome.Dropped(reason);
    }

    private static DeliveryOutcome deadLetter(String reason) {
        LOG.warn("dead-lettering: {}", reason);
        return new DeliveryOutcome.DeadLetter(reason);
    }

    /**
     * The ordering rule (see the class comment); null to go on, else why the event is dropped.
     * Trims {@code message}'s stale context properties and advances the endpoint's sample time.
     */
    private String applyOrder(String userId, ObjectNode message, String what) {
        String endpointId = SampleOrder.endpointId(message);
        if (endpointId == null || !SampleOrder.hasContext(message) && !SampleOrder.isChangeReport(message)) {
            return null;
        }
        for (int round = 0; round < 2; round++) {
            Optional<Instant> newest = sampleTimes.newest(userId, endpointId);
            if (SampleOrder.isChangeReport(message)) {
                Instant changed = SampleOrder.newestChange(message);
                if (changed != null && newest.isPresent() && changed.isBefore(newest.get())) {
                    return "dropping stale " + what + " for user " + userId + ", endpoint " + endpointId + ": changes sampled at "
                            + changed + ", a state sampled at " + newest.get() + " was sent already";
                }
            }
            if (newest.isPresent()) {
                int removed = SampleOrder.removeContextBefore(message, newest.get());
                if (removed > 0) {
                    LOG.info("{} for user {}: {} context properties older than the state sent at {} removed", what, userId, removed,
                            newest.get());
                }
            }
            Instant sampled = SampleOrder.newestAll(message);
            if (sampled == null || sampleTimes.advance(userId, endpointId, sampled)) {
                return null;
            }
            // a newer state was sent meanwhile: look again with it
        }
        return null; // context trimmed against a newer state; what remains is sent
    }

    /**
     * The user disabled the skill (or the account is gone): delete the grant unless AcceptGrant
     * stored a new one after the refused post, and the background-sync schedule. Best effort.
     */
    private void dropUser(String userId, Instant refusedAfter, String code) {
        try {
            Optional<Grant> current = grants.find(userId);
            if (current.isEmpty()) {
                LOG.info("gateway answered {} for user {}, whose grant is gone already", code, userId);
            } else if (current.get().updatedAt().isAfter(refusedAfter)) {
                LOG.info("the grant of user {} was written after the gateway's {} (granted again?): kept", userId, code);
            } else if (!grants.deleteIfVersion(userId, current.get().version())) {
                LOG.info("the grant of user {} changed meanwhile (granted again?): kept despite {}", userId, code);
            } else {
                LOG.warn("gateway answered {} for user {}: grant deleted, nothing more is sent for them", code, userId);
            }
        } catch (RuntimeException e) {
            LOG.error("the grant of user {} ({}) could not be deleted: {}", userId, code, e.toString());
        }
        tokens.forget(userId);
        deleteSyncSchedule(userId);
    }

    /**
     * Nothing could be reported for the user any more: stop syncing their devices in the
     * background. Best effort: the event is dropped either way, and a schedule left behind only
     * costs syncs whose reports are dropped.
     */
    private void deleteSyncSchedule(String userId) {
        try {
            syncScheduler.deleteSchedule(userId);
        } catch (RuntimeException e) {
            LOG.error("the sync schedule of user {} (grant gone) could not be deleted: {}", userId, e.toString());
        }
    }

    /** An AddOrUpdateReport / DeleteReport of two or more endpoints in halves, each with a messageId derived from the original's. */
    static List<OutboundEvent> split(OutboundEvent event) {
        JsonNode header = event.message().path("event").path("header");
        String name = header.path("name").asText();
        JsonNode endpoints = event.message().path("event").path("payload").path("endpoints");
        if (!"Alexa.Discovery".equals(header.path("namespace").asText())
                || !(name.equals("AddOrUpdateReport") || name.equals("DeleteReport"))
                || !endpoints.isArray() || endpoints.size() < 2) {
            return List.of();
        }
        int half = endpoints.size() / 2;
        List<OutboundEvent> parts = new ArrayList<>();
        for (int part = 0; part < 2; part++) {
            ObjectNode copy = event.message().deepCopy();
            ArrayNode slice = Json.array();
            for (int i = part == 0 ? 0 : half; i < (part == 0 ? half : endpoints.size()); i++) {
                slice.add(endpoints.get(i).deepCopy());
            }
            ((ObjectNode) copy.get("event").get("payload")).set("endpoints", slice);
            String id = UUID.nameUUIDFromBytes((header.path("messageId").asText() + "/" + part).getBytes(StandardCharsets.UTF_8))
                    .toString();
            ((ObjectNode) copy.get("event").get("header")).put("messageId", id);
            parts.add(new OutboundEvent(event.userId(), copy));
        }
        return parts;
    }

    /** {@code Alexa.Response[messageId]}: enough to find the event, nothing secret. */
    static String describe(JsonNode message) {
        JsonNode header = message.path("event").path("header");
        return header.path("namespace").asText("?") + "." + header.path("name").asText("?")
                + "[" + header.path("messageId").asText("") + "]";
    }
}
