package dev.homewire.dispatcher;

import static dev.homewire.dispatcher.testing.DispatcherFixture.CLIENT_SECRET;
import static dev.homewire.dispatcher.testing.DispatcherFixture.ENDPOINT;
import static dev.homewire.dispatcher.testing.DispatcherFixture.START;
import static dev.homewire.dispatcher.testing.DispatcherFixture.USER;
import static dev.homewire.dispatcher.testing.DispatcherFixture.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.ChangeCause;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.config.AlexaRegion;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.dispatcher.testing.DispatcherFixture;
import dev.homewire.dispatcher.testing.FakeGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {
    private final DispatcherFixture f;

    EventDispatcherTest() throws IOException {
        f = new DispatcherFixture();
    }

    @AfterEach
    void close() throws IOException {
        f.close();
    }

    @Test
    void aResponseIsPostedWithTheTokenInHeaderAndScope() {
        f.grant(AlexaRegion.NA);

        assertInstanceOf(DeliveryOutcome.Delivered.class, f.dispatch(response(USER)));

        assertEquals(1, f.gateway.requests.size());
        FakeGateway.Request posted = f.gateway.requests.get(0);
        assertEquals("/na/v3/events", posted.path());
        assertEquals("Bearer access-0", posted.authorization());
        assertEquals("application/json", posted.contentType());
        JsonNode body = Json.read(posted.body());
        JsonNode endpoint = body.path("event").path("endpoint");
        assertEquals("BearerToken", endpoint.path("scope").path("type").asText());
        assertEquals("access-0", endpoint.path("scope").path("token").asText());
        assertEquals(ENDPOINT, endpoint.path("endpointId").asText());
        assertEquals("corr-token", body.path("event").path("header").path("correlationToken").asText());
        AlexaSchema.assertValid(posted.body());
        assertEquals(0, f.lwa.calls(), "the stored token was still good");
    }

    @Test
    void eventsAreRoutedToTheGatewayOfTheUsersRegion() {
        f.grant(AlexaRegion.EU);
        f.dispatch(response(USER));
        f.grant(AlexaRegion.FE);
        f.dispatch(response(USER));

        assertEquals("/eu/v3/events", f.gateway.requests.get(0).path());
        assertEquals("/fe/v3/events", f.gateway.requests.get(1).path());
    }

    @Test
    void aRefreshedTokenIsCachedAcrossEvents() {
        f.grantWithoutAccessToken();

        for (int i = 0; i < 3; i++) {
            f.dispatch(response(USER));
        }

        assertEquals(1, f.lwa.calls());
        assertEquals("refresh_token", f.lwa.requests.get(0).get("grant_type"));
        assertEquals("refresh-0", f.lwa.requests.get(0).get("refresh_token"));
        assertEquals("client-id", f.lwa.requests.get(0).get("client_id"));
        assertEquals(3, f.gateway.requests.size());
        f.gateway.requests.forEach(r -> assertEquals("Bearer access-1", r.authorization()));
    }

    // --- at most once per messageId ----------------------------------------------------------

    @Test
    void aRedeliveredEventIsNotPostedAgain() {
        f.grant(AlexaRegion.NA);
        OutboundEvent event = response(USER);

        DeliveryOutcome first = f.dispatch(event);
        DeliveryOutcome again = f.dispatcher.dispatch(event, 2);
        DeliveryOutcome replayed = f.dispatcher.dispatch(event, 1);

        assertInstanceOf(DeliveryOutcome.Delivered.class, first);
        assertInstanceOf(DeliveryOutcome.Dropped.class, again);
        assertTrue(again.reason().contains("accepted this messageId before"), again.reason());
        assertInstanceOf(DeliveryOutcome.Dropped.class, replayed);
        assertEquals(1, f.gateway.requests.size(), "posted once for three deliveries of the record");
        System.out.printf("one messageId dispatched 3 times: %d post(s) at the gateway%n", f.gateway.requests.size());
    }

    @Test
    void anEventClaimedByAnotherDispatcherIsRetriedAfterTheClaim() {
        f.grant(AlexaRegion.NA);
        OutboundEvent event = response(USER);
        f.delivered.claim(messageId(event), Duration.ofSeconds(60)); // another container is posting it

        DeliveryOutcome outcome = f.dispatch(event);

        DeliveryOutcome.Retry retry = assertInstanceOf(DeliveryOutcome.Retry.class, outcome);
        assertEquals(DispatcherFixture.CLAIM_LEASE, retry.delay());
        assertTrue(f.gateway.requests.isEmpty());
    }

    @Test
    void aRefusedEventReleasesItsClaimSoTheRetryMayPostIt() {
        f.grant(AlexaRegion.NA);
        OutboundEvent event = response(USER);
        f.gateway.failNext(503, "SERVICE_UNAVAILABLE_EXCEPTION");

        assertInstanceOf(DeliveryOutcome.Retry.class, f.dispatch(event));
        assertFalse(f.delivered.claimed(messageId(event)));
        assertInstanceOf(DeliveryOutcome.Delivered.class, f.dispatcher.dispatch(event, 2));
        assertTrue(f.delivered.delivered(messageId(event)));
        assertEquals(2, f.gateway.requests.size());
    }

    // --- 401 ---------------------------------------------------------------------------------

    @Test
    void a401RefreshesOnceAndTheRetrySucceeds() {
        f.grant(AlexaRegion.NA);
        f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");

        assertInstanceOf(DeliveryOutcome.Delivered.class, f.dispatch(response(USER)));

        assertEquals(1, f.lwa.calls());
        assertEquals(2, f.gateway.requests.size());
        assertEquals("Bearer access-0", f.gateway.requests.get(0).authorization());
        assertEquals("Bearer access-1", f.gateway.requests.get(1).authorization());
        assertEquals("access-1", Json.read(f.gateway.requests.get(1).body()).path("event").path("endpoint").path("scope")
                .path("token").asText());
        assertEquals("refresh-1", f.storedGrant().refreshToken());
        AlexaSchema.assertValid(f.gateway.requests.get(1).body());
    }

    @Test
    void a401AfterTheRefreshIsRetriedLater() {
        f.grant(AlexaRegion.NA);
        f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");
        f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");

        DeliveryOutcome.Retry retry = assertInstanceOf(DeliveryOutcome.Retry.class, f.dispatch(response(USER)));

        assertTrue(retry.reason().contains("401 INVALID_ACCESS_TOKEN_EXCEPTION"), retry.reason());
        assertEquals(1, f.lwa.calls(), "one refresh, not one per attempt");
        assertEquals(2, f.gateway.requests.size());
    }

    @Test
    void a401ForATokenRefreshedForThisVeryAttemptDoesNotRefreshAgain() {
        f.grantWithoutAccessToken();
        f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");

        assertInstanceOf(DeliveryOutcome.Retry.class, f.dispatch(response(USER)));

        assertEquals(1, f.lwa.calls(), "at most one LWA call per attempt (the time budget counts one)");
        assertEquals(1, f.gateway.requests.size());
    }

    @Test
    void invalidGrantOnRefreshDeletesTheGrantAndDropsTheEvent() {
        f.grantWithoutAccessToken();
        f.lwa.answerInvalidGrantNext();

        assertInstanceOf(DeliveryOutcome.Dropped.class, f.dispatch(response(USER)));

        assertFalse(f.grants.find(USER).isPresent(), "the revoked grant is deleted");
        assertTrue(f.gateway.requests.isEmpty());
        assertEquals(List.of("delete:" + USER), f.syncScheduler.calls, "the revoked user's sync schedule is deleted");
    }

    @Test
    void invalidGrantAfterA401DeletesTheGrantAndDropsTheEvent() {
        f.grant(AlexaRegion.NA);
        f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");
        f.lwa.answerInvalidGrantNext();

        assertInstanceOf(DeliveryOutcome.Dropped.class, f.dispatch(response(USER)));

        assertFalse(f.grants.find(USER).isPresent());
        assertEquals(1, f.gateway.requests.size());
        assertEquals(List.of("delete:" + USER), f.syncScheduler.calls);
    }

    @Test
    void aFailingSchedulerDoesNotFailTheDropOfARevokedUsersEvent() {
        f.grantWithoutAccessToken();
        f.lwa.answerInvalidGrantNext();
        f.syncScheduler.failure = new IllegalStateException("Scheduler API unavailable");

        assertInstanceOf(DeliveryOutcome.Dropped.class, f.dispatch(response(USER)));

        assertFalse(f.grants.find(USER).isPresent());
        assertEquals(List.of("delete:" + USER), f.syncScheduler.calls);
    }

    @Test
    void anEventForAUserWithoutGrantIsDropped() {
        DeliveryOutcome outcome = f.dispatch(response("someone-else"));

        assertInstanceOf(DeliveryOutcome.Dropped.class, outcome);
        assertTrue(outcome.reason().contains("no Alexa event grant"), outcome.reason());
        assertTrue(f.gateway.requests.isEmpty());
        assertEquals(0, f.lwa.calls());
        assertTrue(f.syncScheduler.calls.isEmpty(), "only a revoked grant ends the schedule");
    }

    @Test
    void anLwaOutageIsRetryableAndKeepsTheGrant() {
        f.grantWithoutAccessToken();
        f.lwa.answerNext(503, "{\"error\":\"server_error\"}");

        assertInstanceOf(DeliveryOutcome.Retry.class, f.dispatch(response(USER)));

        assertTrue(f.grants.find(USER).isPresent());
        assertNoLease();
        assertTrue(f.gateway.requests.isEmpty());
        assertTrue(f.syncScheduler.calls.isEmpty());
    }

    // --- 400, 403, 404, 413 ------------------------------------------------------------------

    @Test
    void a400IsDeadLetteredAtOnceWithTheReason() {
        f.grant(AlexaRegion.NA);
        f.gateway.failNext(400, "INVALID_REQUEST_EXCEPTION");

        DeliveryOutcome.DeadLetter dead = assertInstanceOf(DeliveryOutcome.DeadLetter.class, f.dispatch(response(USER)));

        assertTrue(dead.reason().contains("400 INVALID_REQUEST_EXCEPTION"), dead.reason());
        assertEquals(1, f.gateway.requests.size(), "not retried");
        assertTrue(f.grants.find(USER).isPresent());
    }

    @Test
    void skillDisabledAndNeverEnabledDropTheGrantAndTheScheduleAndLaterEventsAreDropped() {
        for (String code : List.of("SKILL_DISABLED_EXCEPTION", "SKILL_NEVER_ENABLED_EXCEPTION")) {
            f.syncScheduler.calls.clear();
            f.gateway.requests.clear();
            f.grant(AlexaRegion.NA);
            f.gateway.failNext(403, code);

            DeliveryOutcome outcome = f.dispatch(response(USER));
            DeliveryOutcome later = f.dispatch(response(USER));

            assertInstanceOf(DeliveryOutcome.Dropped.class, outcome, code);
            assertTrue(outcome.reason().contains(code), outcome.reason());
            assertFalse(f.grants.find(USER).isPresent(), code + ": grant dropped");
            assertEquals(List.of("delete:" + USER), f.syncScheduler.calls, code + ": schedule dropped");
            assertInstanceOf(DeliveryOutcome.Dropped.class, later);
            assertEquals(1, f.gateway.requests.size(), code + ": nothing more sent for the user");
        }
    }

    @Test
    void accountOrSkillNotFoundStopForTheUser() {
        for (String code : List.of("ACCOUNT_NOT_FOUND_EXCEPTION", "SKILL_NOT_FOUND_EXCEPTION")) {
            f.grant(AlexaRegion.NA);
            f.gateway.failNext(404, code);

            assertInstanceOf(DeliveryOutcome.Dropped.class, f.dispatch(response(USER)), code);
            assertFalse(f.grants.find(USER).isPresent(), code);
        }
    }

    @Test
    void insufficientPermissionAlertsKeepsTheGrantAndDeadLetters() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        DeliveryOutcome outcome;
        try {
            f.grant(AlexaRegion.NA);
            f.gateway.failNext(403, "INSUFFICIENT_PERMISSION_EXCEPTION");
            outcome = f.dispatch(response(USER));
        } finally {
            System.setErr(original);
        }
        assertInstanceOf(DeliveryOutcome.DeadLetter.class, outcome);
        assertTrue(f.grants.find(USER).isPresent(), "grants kept");
        assertTrue(f.syncScheduler.calls.isEmpty());
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.lines().anyMatch(l -> l.contains("ERROR") && l.contains("INSUFFICIENT_PERMISSION_EXCEPTION")),
                "an ERROR line names it:\n" + log);
    }

    @Test
    void a413SplitsAReportOfSeveralEndpointsInHalvesWithDerivedMessageIds() {
        f.grant(AlexaRegion.NA);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add("fake#gone-" + i);
        }
        OutboundEvent report = new OutboundEvent(USER, AlexaMessages.deleteReport(ids).toJson());
        f.gateway.failNext(413, "REQUEST_ENTITY_TOO_LARGE_EXCEPTION");

        DeliveryOutcome.Split split = assertInstanceOf(DeliveryOutcome.Split.class, f.dispatch(report));

        assertEquals(2, split.parts().size());
        Set<String> endpoints = new HashSet<>();
        Set<String> messageIds = new HashSet<>();
        for (OutboundEvent part : split.parts()) {
            part.message().at("/event/payload/endpoints").forEach(e -> endpoints.add(e.path("endpointId").asText()));
            messageIds.add(messageId(part));
            AlexaSchema.assertValidEvent(dev.homewire.alexa.AlexaEvent.withGatewayToken(part.message(), "token"));
        }
        assertEquals(Set.copyOf(ids), endpoints, "every endpoint in one half");
        assertEquals(2, split.parts().get(0).message().at("/event/payload/endpoints").size());
        assertEquals(3, split.parts().get(1).message().at("/event/payload/endpoints").size());
        assertEquals(2, messageIds.size());
        assertFalse(messageIds.contains(messageId(report)));
        assertEquals(messageIds, Set.of(messageId(EventDispatcher.split(report).get(0)), messageId(EventDispatcher.split(report).get(1))),
                "derived deterministically: a redelivered original splits into the same messageIds");
    }

    @Test
    void a413OfASingleEndpointIsDeadLettered() {
        f.grant(AlexaRegion.NA);
        f.gateway.failNext(413, "REQUEST_ENTITY_TOO_LARGE_EXCEPTION");

        DeliveryOutcome.DeadLetter dead = assertInstanceOf(DeliveryOutcome.DeadLetter.class, f.dispatch(response(USER)));
        assertTrue(dead.reason().contains("413"), dead.reason());
    }

    // --- retries -----------------------------------------------------------------------------

    @Test
    void serverErrorsAndThrottlingAreRetriedWithBackoffThenDeadLettered() {
        f.grant(AlexaRegion.NA);
        OutboundEvent event = response(USER);
        List<Long> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= 3; attempt++) {
            f.gateway.failNext(attempt == 2 ? 429 : 503, attempt == 2 ? "THROTTLING_EXCEPTION" : "SERVICE_UNAVAILABLE_EXCEPTION");
            DeliveryOutcome.Retry retry = assertInstanceOf(DeliveryOutcome.Retry.class, f.dispatcher.dispatch(event, attempt));
            delays.add(retry.delay().toSeconds());
            assertTrue(retry.delay().toSeconds() >= 1, "at least 1 s apart");
        }
        f.gateway.failNext(500, "INTERNAL_SERVICE_EXCEPTION");
        DeliveryOutcome.DeadLetter dead = assertInstanceOf(DeliveryOutcome.DeadLetter.class, f.dispatcher.dispatch(event, 4));

        assertTrue(dead.reason().contains("after 4 attempt(s)") && dead.reason().contains("500 INTERNAL_SERVICE_EXCEPTION"),
                dead.reason());
        assertEquals(4, f.gateway.requests.size(), "the first attempt and 3 retries");
        System.out.printf("503/429/503/500: retried after %s s, then dead-lettered: %s%n", delays, dead.reason());
    }

    @Test
    void a429sRetryAfterIsHonoured() {
        f.grant(AlexaRegion.NA);
        f.gateway.failNext(429, "THROTTLING_EXCEPTION", 17);

        DeliveryOutcome.Retry retry = assertInstanceOf(DeliveryOutcome.Retry.class, f.dispatch(response(USER)));

        assertEquals(17, retry.delay().toSeconds());
    }

    @Test
    void anUnreachableGatewayIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DispatcherFixture unreachable = new DispatcherFixture(r -> URI.create("http://127.0.0.1:" + closedPort + "/v3/events"))) {
            unreachable.grant(AlexaRegion.NA);

            DeliveryOutcome.Retry retry = assertInstanceOf(DeliveryOutcome.Retry.class, unreachable.dispatch(response(USER)));

            assertTrue(retry.reason().contains("not reachable"), retry.reason());
        }
    }

    // --- ordering per endpoint ---------------------------------------------------------------

    @Test
    void aChangeReportOlderThanTheStateSentIsDroppedAndANewerOneSent() {
        f.grant(AlexaRegion.NA);
        Instant t1 = START.plusSeconds(10);
        Instant t2 = START.plusSeconds(20);
        assertInstanceOf(DeliveryOutcome.Delivered.class, f.dispatch(changeReport("OFF", t2)));

        DeliveryOutcome older = f.dispatch(changeReport("ON", t1));
        DeliveryOutcome newer = f.dispatch(changeReport("ON", t2.plusSeconds(1)));

        assertInstanceOf(DeliveryOutcome.Dropped.class, older);
        assertTrue(older.reason().contains("stale"), older.reason());
        assertInstanceOf(DeliveryOutcome.Delivered.class, newer);
        assertEquals(2, f.gateway.requests.size());
        f.gateway.requests.forEach(r -> AlexaSchema.assertValid(r.body()));
        System.out.printf("ChangeReports sampled at t2, t1 < t2, t3 > t2: %d sent, the t1 one dropped (%s)%n",
                f.gateway.requests.size(), older.reason());
    }

    @Test
    void aResponseOlderThanTheStateSentIsStillDeliveredWithoutItsStaleProperties() {
        f.grant(AlexaRegion.NA);
        Instant t2 = START.plusSeconds(20);
        f.dispatch(changeReport("OFF", t2));

        DeliveryOutcome answer = f.dispatch(response(USER, START.plusSeconds(10)));

        assertInstanceOf(DeliveryOutcome.Delivered.class, answer, "the answer Alexa waits for");
        JsonNode posted = Json.read(f.gateway.requests.get(1).body());
        assertEquals("Response", posted.at("/event/header/name").asText());
        assertTrue(posted.path("context").path("properties").isMissingNode(), "the stale ON is not sent after the newer OFF");
        AlexaSchema.assertValid(f.gateway.requests.get(1).body());
    }

    @Test
    void aResponseNewerThanTheStateSentKeepsItsContext() {
        f.grant(AlexaRegion.NA);
        f.dispatch(changeReport("OFF", START.plusSeconds(20)));

        f.dispatch(response(USER, START.plusSeconds(30)));

        JsonNode posted = Json.read(f.gateway.requests.get(1).body());
        assertEquals(2, posted.at("/context/properties").size());
        assertEquals(START.plusSeconds(30), f.sampleTimes.newest(USER, ENDPOINT).orElseThrow());
    }

    // --- secrets -----------------------------------------------------------------------------

    @Test
    void neitherTokensNorTheClientSecretNorTheMessageReachTheLog() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            f.grant(AlexaRegion.NA);
            f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");
            f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");
            f.dispatch(response(USER));
            f.gateway.failNext(500, "INTERNAL_SERVICE_EXCEPTION");
            f.dispatch(response(USER));
            f.gateway.failNext(400, "INVALID_REQUEST_EXCEPTION");
            f.dispatch(response(USER));
            f.lwa.answerInvalidGrantNext();
            f.dispatch(response(USER)); // cached access-1 is good: delivered
            f.tokens.forget(USER);
            f.grants.save(f.storedGrant().withAccessToken(null, null, null, f.clock.instant()));
            f.dispatch(response(USER)); // refresh → invalid_grant → dropped
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("refreshing once") && log.contains("invalid_grant"), "the log was captured:\n" + log);
        for (String secret : new String[] {"access-0", "access-1", "refresh-0", "refresh-1", CLIENT_SECRET, "corr-token"}) {
            assertFalse(log.contains(secret), () -> secret + " leaked into the log:\n" + log);
        }
    }

    private void assertNoLease() {
        assertTrue(f.storedGrant().refreshLeaseUntil() == null, "lease given back");
    }

    private static String messageId(OutboundEvent event) {
        return event.message().at("/event/header/messageId").asText();
    }

    private static OutboundEvent changeReport(String power, Instant sampledAt) {
        ObjectNode connectivity = Json.object().put("value", "OK");
        return new OutboundEvent(USER, AlexaMessages.changeReport(ENDPOINT, ChangeCause.PHYSICAL_INTERACTION,
                List.of(Property.of("Alexa.PowerController", "powerState", TextNode.valueOf(power), sampledAt, 0)),
                List.of(Property.of("Alexa.EndpointHealth", "connectivity", connectivity, sampledAt, 0))).toJson());
    }
}
