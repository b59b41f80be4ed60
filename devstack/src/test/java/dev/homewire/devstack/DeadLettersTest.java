package dev.homewire.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void listedBodiesHaveNoSecrets() {
        String body = "{\"type\":\"homewire.directive\",\"userId\":\"alice\",\"directive\":{\"header\":{\"messageId\":\"m-1\"},"
                + "\"endpoint\":{\"scope\":{\"type\":\"BearerToken\",\"token\":\"linktoken-alice\"}},"
                + "\"payload\":{\"authorization\":{\"type\":\"FOUR_DIGIT_PIN\",\"value\":\"2468\"},"
                + "\"grant\":{\"code\":\"auth-code\"},\"list\":[{\"access_token\":\"Atza|x\",\"refreshToken\":\"Atzr|y\"}]}}}";

        JsonNode scrubbed = DeadLetters.scrub(body);

        String text = scrubbed.toString();
        for (String secret : new String[] {"linktoken-alice", "2468", "auth-code", "Atza|x", "Atzr|y"}) {
            assertFalse(text.contains(secret), secret + " shown: " + text);
        }
        assertEquals("m-1", scrubbed.at("/directive/header/messageId").asText(), "the rest is kept");
        assertEquals("BearerToken", scrubbed.at("/directive/endpoint/scope/type").asText());
        assertEquals("[not JSON, 9 characters, not shown]", DeadLetters.scrub("token=abc").asText());
    }
}
