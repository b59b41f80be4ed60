package dev.homewire.entrypoint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.conformance.AlexaSamples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** One log line per directive, and never a token, a code or a vendor credential in the log. */
class LoggingTest {

    @Test
    void logsOneLinePerDirectiveAndNoSecrets() throws IOException {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (FakeLoginWithAmazon lwa = new FakeLoginWithAmazon(); Fixture f = new Fixture(lwa.tokenUrl())) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            String lamp = f.register("alice", "acme", Fixture.lamp("lamp-1", "Desk lamp"));
            f.acme.devices = List.of(Fixture.lamp("lamp-1", "Desk lamp"));
            f.globex.discoverFailure = new AdapterException(AdapterException.Reason.CREDENTIALS_EXPIRED, "globex refused the key");
            f.acme.queryFailure = new AdapterException(AdapterException.Reason.DEVICE_OFFLINE, "lamp offline");

            f.send(AlexaSamples.directive("Discovery/Discovery.request.json", TestUsers.ALICE_TOKEN, null));
            f.send(AlexaSamples.directive("Authorization/Authorization.AcceptGrant.request.json", TestUsers.ALICE_TOKEN, null));
            lwa.refuseWithInvalidGrant();
            f.send(AlexaSamples.directive("Authorization/Authorization.AcceptGrant.request.json", TestUsers.ALICE_TOKEN, null));
            f.send(AlexaSamples.directive("StateReport/ReportState.json", TestUsers.ALICE_TOKEN, lamp));
            f.send(AlexaSamples.directive("PowerController/PowerController.TurnOn.request.json", TestUsers.ALICE_TOKEN, lamp));
            f.send(AlexaSamples.directive("PowerController/PowerController.TurnOn.request.json", TestUsers.UNKNOWN, lamp));
            f.send(AlexaSamples.directive("PowerController/PowerController.TurnOn.request.json", TestUsers.BOOM, lamp));
            f.directives.fail = true;
            f.send(AlexaSamples.directive("PowerController/PowerController.TurnOff.request.json", TestUsers.ALICE_TOKEN, lamp));
            f.send("{not json");
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);

        for (String secret : new String[] {TestUsers.ALICE_TOKEN, TestUsers.UNKNOWN, TestUsers.BOOM, "alice-linking-token",
            "ANUbUKCJqlBOpMhwYWxU", FakeLoginWithAmazon.ACCESS_TOKEN, FakeLoginWithAmazon.REFRESH_TOKEN, "acme-secret-key-a",
            "globex-secret-a", "client_secret"}) {
            assertFalse(log.contains(secret), "the log must not contain " + secret);
        }
        String[] expected = {
            "namespace=Alexa.Discovery name=Discover messageId=1bd5d003-31b9-476f-ad03-71d471922820 outcome=Discover.Response ms=",
            "namespace=Alexa.Authorization name=AcceptGrant messageId=1bd5d003-31b9-476f-ad03-71d471922820 outcome=AcceptGrant.Response ms=",
            "name=AcceptGrant messageId=1bd5d003-31b9-476f-ad03-71d471922820 outcome=Alexa.Authorization.ErrorResponse:ACCEPT_GRANT_FAILED ms=",
            "namespace=Alexa name=ReportState messageId=1bd5d003-31b9-476f-ad03-71d471922820 outcome=Alexa.ErrorResponse:ENDPOINT_UNREACHABLE ms=",
            "name=TurnOn messageId=1bd5d003-31b9-476f-ad03-71d471922820 outcome=DeferredResponse ms=",
            "name=TurnOn messageId=1bd5d003-31b9-476f-ad03-71d471922820 outcome=Alexa.ErrorResponse:INVALID_AUTHORIZATION_CREDENTIAL ms=",
            "name=TurnOn messageId=1bd5d003-31b9-476f-ad03-71d471922820 outcome=Alexa.ErrorResponse:INTERNAL_ERROR ms=",
            "name=TurnOff messageId=1bd5d003-31b9-476f-ad03-71d471922820 outcome=Alexa.ErrorResponse:INTERNAL_ERROR ms=",
            "namespace=- name=- messageId=- outcome=Alexa.ErrorResponse:INVALID_DIRECTIVE ms=",
        };
        for (String line : expected) {
            assertTrue(log.contains(line), "missing log line: " + line);
        }
        long lines = Pattern.compile("directive namespace=").matcher(log).results().count();
        assertTrue(lines == expected.length, "one line per directive, found " + lines);
        assertTrue(log.contains("resolver bug with internal details"), "an unexpected failure is logged with its exception");
    }
}
