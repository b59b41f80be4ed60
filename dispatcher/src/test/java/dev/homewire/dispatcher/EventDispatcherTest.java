package dev.homewire.dispatcher;

import static dev.homewire.dispatcher.testing.DispatcherFixture.CLIENT_SECRET;
import static dev.homewire.dispatcher.testing.DispatcherFixture.ENDPOINT;
import static dev.homewire.dispatcher.testing.DispatcherFixture.USER;
import static dev.homewire.dispatcher.testing.DispatcherFixture.response;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.alexa.Json;
import dev.homewire.conformance.AlexaSchema;
import dev.homewire.core.config.AlexaRegion;
import dev.homewire.dispatcher.testing.DispatcherFixture;
import dev.homewire.dispatcher.testing.FakeGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

        f.dispatcher.dispatch(response(USER));

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
        f.dispatcher.dispatch(response(USER));
        f.grant(AlexaRegion.FE);
        f.dispatcher.dispatch(response(USER));

        assertEquals("/eu/v3/events", f.gateway.requests.get(0).path());
        assertEquals("/fe/v3/events", f.gateway.requests.get(1).path());
    }

    @Test
    void aRefreshedTokenIsCachedAcrossEvents() {
        f.grantWithoutAccessToken();

        for (int i = 0; i < 3; i++) {
            f.dispatcher.dispatch(response(USER));
        }

        assertEquals(1, f.lwa.calls());
        assertEquals("refresh_token", f.lwa.requests.get(0).get("grant_type"));
        assertEquals("refresh-0", f.lwa.requests.get(0).get("refresh_token"));
        assertEquals("client-id", f.lwa.requests.get(0).get("client_id"));
        assertEquals(3, f.gateway.requests.size());
        f.gateway.requests.forEach(r -> assertEquals("Bearer access-1", r.authorization()));
    }

    @Test
    void a401RefreshesOnceAndTheRetrySucceeds() {
        f.grant(AlexaRegion.NA);
        f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");

        f.dispatcher.dispatch(response(USER));

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
    void a401AfterTheRefreshFails() {
        f.grant(AlexaRegion.NA);
        f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");
        f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");

        DeliveryException e = assertThrows(DeliveryException.class, () -> f.dispatcher.dispatch(response(USER)));

        assertEquals(401, e.status());
        assertEquals("INVALID_ACCESS_TOKEN_EXCEPTION", e.code());
        assertTrue(e.retryable());
        assertEquals(1, f.lwa.calls(), "one refresh, not one per attempt");
        assertEquals(2, f.gateway.requests.size());
    }

    @Test
    void aServerErrorIsRetryableThroughSqs() {
        f.grant(AlexaRegion.NA);
        f.gateway.failNext(500, "INTERNAL_SERVICE_EXCEPTION");

        DeliveryException e = assertThrows(DeliveryException.class, () -> f.dispatcher.dispatch(response(USER)));

        assertEquals(500, e.status());
        assertEquals("INTERNAL_SERVICE_EXCEPTION", e.code());
        assertEquals(1, f.gateway.requests.size());
        assertEquals(0, f.lwa.calls());
        assertTrue(f.grants.find(USER).isPresent());
    }

    @Test
    void anUnreachableGatewayIsRetryable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (DispatcherFixture unreachable = new DispatcherFixture(r -> URI.create("http://127.0.0.1:" + closedPort + "/v3/events"))) {
            unreachable.grant(AlexaRegion.NA);

            DeliveryException e = assertThrows(DeliveryException.class, () -> unreachable.dispatcher.dispatch(response(USER)));

            assertEquals(0, e.status());
            assertNull(e.code());
        }
    }

    @Test
    void invalidGrantOnRefreshDeletesTheGrantAndDropsTheEvent() {
        f.grantWithoutAccessToken();
        f.lwa.answerInvalidGrantNext();

        f.dispatcher.dispatch(response(USER));

        assertFalse(f.grants.find(USER).isPresent(), "the revoked grant is deleted");
        assertTrue(f.gateway.requests.isEmpty());
        assertEquals(List.of("delete:" + USER), f.syncScheduler.calls, "the revoked user's sync schedule is deleted");
    }

    @Test
    void invalidGrantAfterA401DeletesTheGrantAndDropsTheEvent() {
        f.grant(AlexaRegion.NA);
        f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");
        f.lwa.answerInvalidGrantNext();

        f.dispatcher.dispatch(response(USER));

        assertFalse(f.grants.find(USER).isPresent());
        assertEquals(1, f.gateway.requests.size());
        assertEquals(List.of("delete:" + USER), f.syncScheduler.calls);
    }

    @Test
    void aFailingSchedulerDoesNotFailTheDropOfARevokedUsersEvent() {
        f.grantWithoutAccessToken();
        f.lwa.answerInvalidGrantNext();
        f.syncScheduler.failure = new IllegalStateException("Scheduler API unavailable");

        f.dispatcher.dispatch(response(USER));

        assertFalse(f.grants.find(USER).isPresent());
        assertEquals(List.of("delete:" + USER), f.syncScheduler.calls);
    }

    @Test
    void anEventForAUserWithoutGrantIsDropped() {
        f.dispatcher.dispatch(response("someone-else"));

        assertTrue(f.gateway.requests.isEmpty());
        assertEquals(0, f.lwa.calls());
        assertTrue(f.syncScheduler.calls.isEmpty(), "only a revoked grant ends the schedule");
    }

    @Test
    void anLwaOutageIsRetryableAndKeepsTheGrant() {
        f.grantWithoutAccessToken();
        f.lwa.answerNext(503, "{\"error\":\"server_error\"}");

        assertThrows(DeliveryException.class, () -> f.dispatcher.dispatch(response(USER)));

        assertTrue(f.grants.find(USER).isPresent());
        assertTrue(f.gateway.requests.isEmpty());
        assertTrue(f.syncScheduler.calls.isEmpty());
    }

    @Test
    void neitherTokensNorTheClientSecretNorTheMessageReachTheLog() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            f.grant(AlexaRegion.NA);
            f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");
            f.gateway.failNext(401, "INVALID_ACCESS_TOKEN_EXCEPTION");
            assertThrows(DeliveryException.class, () -> f.dispatcher.dispatch(response(USER)));
            f.gateway.failNext(500, "INTERNAL_SERVICE_EXCEPTION");
            assertThrows(DeliveryException.class, () -> f.dispatcher.dispatch(response(USER)));
            f.lwa.answerInvalidGrantNext();
            f.dispatcher.dispatch(response(USER)); // cached access-1 is good: delivered
            f.tokens.forget(USER);
            f.grants.save(f.storedGrant().withAccessToken(null, null, null, f.clock.instant()));
            f.dispatcher.dispatch(response(USER)); // refresh → invalid_grant → dropped
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("refreshing once") && log.contains("invalid_grant"), "the log was captured:\n" + log);
        for (String secret : new String[] {"access-0", "access-1", "refresh-0", "refresh-1", CLIENT_SECRET, "corr-token"}) {
            assertFalse(log.contains(secret), () -> secret + " leaked into the log:\n" + log);
        }
    }
}
