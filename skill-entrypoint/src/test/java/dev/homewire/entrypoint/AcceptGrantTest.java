package dev.homewire.entrypoint;

import static dev.homewire.entrypoint.Fixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.conformance.AlexaSamples;
import dev.homewire.core.config.AlexaRegion;
import dev.homewire.core.store.Grant;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AcceptGrantTest {
    private static final String SAMPLE = "Authorization/Authorization.AcceptGrant.request.json";
    private static final String SAMPLE_CODE = "ANUbUKCJqlBOpMhwYWxU";

    private final FakeLoginWithAmazon lwa;
    private final Fixture f;

    AcceptGrantTest() throws IOException {
        lwa = new FakeLoginWithAmazon();
        f = new Fixture(lwa.tokenUrl());
    }

    @AfterEach
    void close() {
        f.close();
        lwa.close();
    }

    private ObjectNode acceptGrant(String granteeToken) {
        return AlexaSamples.directive(SAMPLE, granteeToken, null);
    }

    @Test
    void exchangesTheCodeAndStoresTheGrant() {
        JsonNode answer = f.send(acceptGrant(TestUsers.ALICE_TOKEN));

        JsonNode event = answer.path("event");
        assertEquals("Alexa.Authorization", event.path("header").path("namespace").asText());
        assertEquals("AcceptGrant.Response", event.path("header").path("name").asText());
        assertEquals(0, event.path("payload").size());
        assertFalse(event.has("endpoint"));

        assertEquals(1, lwa.requests.size());
        Map<String, String> form = lwa.requests.get(0);
        assertEquals("POST", form.get("_method"));
        assertTrue(form.get("_contentType").startsWith("application/x-www-form-urlencoded"), form.get("_contentType"));
        assertEquals("authorization_code", form.get("grant_type"));
        assertEquals(SAMPLE_CODE, form.get("code"));
        assertEquals("id", form.get("client_id"));
        assertEquals("secret", form.get("client_secret"));

        Grant grant = f.grants.find("alice").orElseThrow();
        assertEquals(FakeLoginWithAmazon.REFRESH_TOKEN, grant.refreshToken());
        assertEquals(FakeLoginWithAmazon.ACCESS_TOKEN, grant.accessToken());
        assertEquals(Fixture.T0.plusSeconds(3600), grant.accessTokenExpiresAt());
        assertEquals(AlexaRegion.EU, grant.region());
        assertEquals(Fixture.T0, grant.updatedAt());
    }

    @Test
    void aCodeLoginWithAmazonRefusesIsAcceptGrantFailed() {
        lwa.refuseWithInvalidGrant();

        JsonNode event = assertError(f.send(acceptGrant(TestUsers.ALICE_TOKEN)), "Alexa.Authorization", "ACCEPT_GRANT_FAILED");

        assertFalse(event.has("endpoint"));
        assertFalse(event.path("payload").path("message").asText().contains(SAMPLE_CODE));
        assertEquals(1, lwa.requests.size());
        assertTrue(f.grants.find("alice").isEmpty());
    }

    @Test
    void anUnreachableLoginWithAmazonIsAcceptGrantFailed() {
        lwa.close();

        assertError(f.send(acceptGrant(TestUsers.ALICE_TOKEN)), "Alexa.Authorization", "ACCEPT_GRANT_FAILED");
        assertTrue(f.grants.find("alice").isEmpty());
    }

    @Test
    void anAnswerWithoutRefreshTokenIsAcceptGrantFailed() {
        lwa.body = "{\"access_token\":\"Atza|only-access\",\"token_type\":\"bearer\",\"expires_in\":3600}";

        assertError(f.send(acceptGrant(TestUsers.ALICE_TOKEN)), "Alexa.Authorization", "ACCEPT_GRANT_FAILED");
        assertTrue(f.grants.find("alice").isEmpty());
    }

    @Test
    void anUnresolvableGranteeIsAcceptGrantFailedWithoutCallingLoginWithAmazon() {
        assertError(f.send(acceptGrant(TestUsers.UNKNOWN)), "Alexa.Authorization", "ACCEPT_GRANT_FAILED");
        assertError(f.send(acceptGrant(TestUsers.EXPIRED)), "Alexa.Authorization", "ACCEPT_GRANT_FAILED");
        assertTrue(lwa.requests.isEmpty());
        assertTrue(f.grants.store.grants.isEmpty());
    }

    @Test
    void aMissingCodeIsAcceptGrantFailed() {
        ObjectNode directive = acceptGrant(TestUsers.ALICE_TOKEN);
        ((ObjectNode) directive.path("directive").path("payload").path("grant")).remove("code");

        assertError(f.send(directive), "Alexa.Authorization", "ACCEPT_GRANT_FAILED");
        assertTrue(lwa.requests.isEmpty());
    }

    @Test
    void aGrantStoreFailureIsAcceptGrantFailed() {
        f.grants.fail = true;

        assertError(f.send(acceptGrant(TestUsers.ALICE_TOKEN)), "Alexa.Authorization", "ACCEPT_GRANT_FAILED");
        assertEquals(1, lwa.requests.size());
    }
}
