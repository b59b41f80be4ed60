package dev.homewire.core.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.conformance.AlexaSchema;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdapterErrorsTest {

    private static AdapterException failure(AdapterException.Reason reason) {
        switch (reason) {
            case VALUE_OUT_OF_RANGE:
                return AdapterException.valueOutOfRange("too far", -6, 6);
            case NOT_SUPPORTED_IN_CURRENT_MODE:
                return AdapterException.notSupportedInCurrentMode("the TV is asleep", AdapterException.DeviceMode.ASLEEP);
            default:
                return new AdapterException(reason, "vendor says " + reason);
        }
    }

    @Test
    void everyReasonBecomesASchemaValidErrorResponseInItsNamespace() {
        Map<AdapterException.Reason, String> expected = new EnumMap<>(AdapterException.Reason.class);
        expected.put(AdapterException.Reason.NOT_SUPPORTED_IN_CURRENT_MODE, "Alexa/NOT_SUPPORTED_IN_CURRENT_MODE");
        expected.put(AdapterException.Reason.ALREADY_IN_OPERATION, "Alexa/ALREADY_IN_OPERATION");
        expected.put(AdapterException.Reason.NOT_IN_OPERATION, "Alexa/NOT_IN_OPERATION");
        expected.put(AdapterException.Reason.LOW_POWER, "Alexa/ENDPOINT_LOW_POWER");
        expected.put(AdapterException.Reason.HARDWARE_MALFUNCTION, "Alexa/HARDWARE_MALFUNCTION");
        expected.put(AdapterException.Reason.THERMOSTAT_OFF, "Alexa.ThermostatController/THERMOSTAT_IS_OFF");
        expected.put(AdapterException.Reason.THERMOSTAT_UNWILLING, "Alexa.ThermostatController/UNWILLING_TO_SET_VALUE");
        expected.put(AdapterException.Reason.PIN_REQUIRED, "Alexa.SecurityPanelController/AUTHORIZATION_REQUIRED");
        expected.put(AdapterException.Reason.PIN_REJECTED, "Alexa.SecurityPanelController/UNAUTHORIZED");
        expected.put(AdapterException.Reason.NOT_READY_TO_ARM, "Alexa.SecurityPanelController/NOT_READY");
        expected.put(AdapterException.Reason.BYPASS_NEEDED, "Alexa.SecurityPanelController/BYPASS_NEEDED");
        expected.put(AdapterException.Reason.UNCLEARED_ALARM, "Alexa.SecurityPanelController/UNCLEARED_ALARM");
        expected.put(AdapterException.Reason.UNCLEARED_TROUBLE, "Alexa.SecurityPanelController/UNCLEARED_TROUBLE");
        expected.put(AdapterException.Reason.VALUE_OUT_OF_RANGE, "Alexa/VALUE_OUT_OF_RANGE");
        int mapped = 0;
        for (AdapterException.Reason reason : AdapterException.Reason.values()) {
            AlexaError error = AdapterErrors.toAlexaError(failure(reason));
            if (reason != AdapterException.Reason.VENDOR_ERROR) {
                assertNotEquals("INTERNAL_ERROR", error.type(), reason + " has its own Alexa type");
            }
            if (expected.containsKey(reason)) {
                assertEquals(expected.get(reason), error.namespace() + "/" + error.type(), reason.name());
            }
            AlexaSchema.assertValid(AlexaEvent.withGatewayToken(
                    AlexaMessages.errorResponse("ct-1", "test#device", null, error).toJson(), "t"));
            mapped++;
        }
        assertEquals("ASLEEP", AdapterErrors.toAlexaError(failure(AdapterException.Reason.NOT_SUPPORTED_IN_CURRENT_MODE))
                .payload().path("currentDeviceMode").asText());
        System.out.printf("%d adapter failure reasons mapped to schema-valid ErrorResponses%n", mapped);
    }

    @Test
    void aSetpointOutOfRangeIsATemperatureRangeInTheScaleGiven() {
        AlexaError error = AdapterErrors.toAlexaError(AdapterException.temperatureOutOfRange("setpoint 95 °F is outside 44.6..86.0 °F",
                44.6, 86.0, dev.homewire.adapter.spi.Temperature.Scale.FAHRENHEIT));
        assertEquals("Alexa/TEMPERATURE_VALUE_OUT_OF_RANGE", error.namespace() + "/" + error.type());
        assertEquals("{\"minimumValue\":{\"value\":44.6,\"scale\":\"FAHRENHEIT\"},\"maximumValue\":{\"value\":86.0,\"scale\":"
                + "\"FAHRENHEIT\"}}", error.payload().path("validRange").toString());
        AlexaSchema.assertValid(AlexaEvent.withGatewayToken(
                AlexaMessages.errorResponse("ct-1", "test#thermostat", null, error).toJson(), "t"));
    }
}
