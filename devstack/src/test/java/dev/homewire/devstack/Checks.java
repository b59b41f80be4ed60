package dev.homewire.devstack;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an answer must say for the directive it answers: the right event, for the right endpoint
 * and correlationToken, and the value the directive asked for (a relative directive: the value
 * moved by the delta from where ReportState saw it before). One rule per directive; interfaces
 * with no properties (StepSpeaker, PlaybackController) are checked for a clean Response.
 */
final class Checks {
    private Checks() {
    }

    /** Null when the answer is right, else what is wrong. */
    static String check(JsonNode directive, JsonNode before, JsonNode answer) {
        JsonNode header = directive.path("header");
        String namespace = header.path("namespace").asText();
        String name = header.path("name").asText();
        JsonNode payload = directive.path("payload");
        String got = answer.at("/event/header/namespace").asText() + "." + answer.at("/event/header/name").asText();
        if (got.endsWith(".ErrorResponse")) {
            return got + " " + answer.at("/event/payload/type").asText() + ": " + answer.at("/event/payload/message").asText();
        }
        String expected = expectedAnswer(namespace, name);
        if (!got.equals(expected)) {
            return "expected " + expected + ", got " + got;
        }
        if (!answer.at("/event/endpoint/endpointId").asText().equals(directive.at("/endpoint/endpointId").asText())) {
            return "answer for another endpoint";
        }
        if (!answer.at("/event/header/correlationToken").asText().equals(header.path("correlationToken").asText())) {
            return "answer with another correlationToken";
        }
        if (!"OK".equals(value(answer, "Alexa.EndpointHealth", "connectivity").path("value").asText())) {
            return "connectivity not reported OK";
        }
        switch (namespace + "." + name) {
            case "Alexa.PowerController.TurnOn":
                return equal("powerState", "ON", value(answer, namespace, "powerState").asText());
            case "Alexa.PowerController.TurnOff":
                return equal("powerState", "OFF", value(answer, namespace, "powerState").asText());
            case "Alexa.BrightnessController.SetBrightness":
                return equal("brightness", payload.path("brightness").asInt(), value(answer, namespace, "brightness").asInt());
            case "Alexa.BrightnessController.AdjustBrightness":
                return moved("brightness", before, answer, namespace, payload.path("brightnessDelta").asInt());
            case "Alexa.PercentageController.SetPercentage":
                return equal("percentage", payload.path("percentage").asInt(), value(answer, namespace, "percentage").asInt());
            case "Alexa.PercentageController.AdjustPercentage":
                return moved("percentage", before, answer, namespace, payload.path("percentageDelta").asInt());
            case "Alexa.PowerLevelController.SetPowerLevel":
                return equal("powerLevel", payload.path("powerLevel").asInt(), value(answer, namespace, "powerLevel").asInt());
            case "Alexa.PowerLevelController.AdjustPowerLevel":
                return moved("powerLevel", before, answer, namespace, payload.path("powerLevelDelta").asInt());
            case "Alexa.Speaker.SetVolume":
                return equal("volume", payload.path("volume").asInt(), value(answer, namespace, "volume").asInt());
            case "Alexa.Speaker.AdjustVolume":
                return moved("volume", before, answer, namespace, payload.path("volume").asInt());
            case "Alexa.Speaker.SetMute":
                return equal("muted", payload.path("mute").asBoolean(), value(answer, namespace, "muted").asBoolean());
            case "Alexa.ColorController.SetColor": {
                JsonNode color = value(answer, namespace, "color");
                boolean close = Math.abs(color.path("hue").asDouble() - payload.at("/color/hue").asDouble()) < 1
                        && Math.abs(color.path("saturation").asDouble() - payload.at("/color/saturation").asDouble()) < 0.01;
                return close ? null : "color " + color + " is not " + payload.get("color");
            }
            case "Alexa.ColorTemperatureController.SetColorTemperature":
                return equal("colorTemperatureInKelvin", payload.path("colorTemperatureInKelvin").asInt(),
                        value(answer, namespace, "colorTemperatureInKelvin").asInt());
            case "Alexa.ColorTemperatureController.IncreaseColorTemperature":
            case "Alexa.ColorTemperatureController.DecreaseColorTemperature": {
                int was = value(before, namespace, "colorTemperatureInKelvin").asInt();
                int now = value(answer, namespace, "colorTemperatureInKelvin").asInt();
                boolean up = name.startsWith("Increase");
                return (up ? now > was : now < was) ? null : "colour temperature went from " + was + " to " + now;
            }
            case "Alexa.LockController.Lock":
                return equal("lockState", "LOCKED", value(answer, namespace, "lockState").asText());
            case "Alexa.LockController.Unlock":
                return equal("lockState", "UNLOCKED", value(answer, namespace, "lockState").asText());
            case "Alexa.InputController.SelectInput":
                return payload.path("input").asText().equalsIgnoreCase(value(answer, namespace, "input").asText()) ? null
                        : "input " + value(answer, namespace, "input") + " is not " + payload.path("input");
            case "Alexa.ChannelController.ChangeChannel": {
                JsonNode channel = value(answer, namespace, "channel");
                boolean same = channel.path("number").asText().equals(payload.at("/channel/number").asText())
                        || channel.path("callSign").asText().equals(payload.at("/channel/callSign").asText());
                return same ? null : "channel " + channel + " is not " + payload.get("channel");
            }
            case "Alexa.ChannelController.SkipChannels": {
                JsonNode was = value(before, namespace, "channel");
                JsonNode now = value(answer, namespace, "channel");
                return !now.isMissingNode() && !now.equals(was) ? null : "channel stayed " + now;
            }
            case "Alexa.ThermostatController.SetThermostatMode":
                return equal("thermostatMode", payload.at("/thermostatMode/value").asText(), value(answer, namespace, "thermostatMode").asText());
            case "Alexa.ThermostatController.SetTargetTemperature":
                for (String setpoint : new String[] {"targetSetpoint", "lowerSetpoint", "upperSetpoint"}) {
                    if (payload.has(setpoint)) {
                        String problem = sameTemperature(setpoint, payload.get(setpoint), value(answer, namespace, setpoint));
                        if (problem != null) {
                            return problem;
                        }
                    }
                }
                return null;
            case "Alexa.ThermostatController.AdjustTargetTemperature":
                return adjustedSetpoints(payload.get("targetSetpointDelta"), before, answer);
            case "Alexa.SceneController.Activate":
            case "Alexa.SceneController.Deactivate":
                return answer.at("/event/payload/cause/type").asText().equals("VOICE_INTERACTION")
                        && answer.at("/event/payload/timestamp").isTextual() ? null : "no cause/timestamp in " + answer.at("/event/payload");
            case "Alexa.CameraStreamController.InitializeCameraStreams": {
                JsonNode streams = answer.at("/event/payload/cameraStreams");
                return streams.size() > 0 && streams.get(0).path("uri").asText().contains("://")
                        && answer.at("/event/payload/imageUri").isTextual() ? null : "no stream URI or image in " + answer.at("/event/payload");
            }
            default:
                return null; // StepSpeaker, PlaybackController: no properties; a clean Response for the endpoint is the outcome
        }
    }

    static String expectedAnswer(String namespace, String name) {
        switch (namespace) {
            case "Alexa.SceneController":
                return namespace + (name.equals("Activate") ? ".ActivationStarted" : ".DeactivationStarted");
            case "Alexa.CameraStreamController":
                return namespace + ".Response";
            case "Alexa.SeekController":
                return namespace + ".StateReport";
            case "Alexa.SecurityPanelController":
                return name.equals("Arm") ? namespace + ".Arm.Response" : "Alexa.Response";
            default:
                return "Alexa.Response";
        }
    }

    static JsonNode value(JsonNode message, String namespace, String name) {
        return DevstackClient.propertyOrMissing(message, namespace, name);
    }

    private static String equal(String what, Object expected, Object actual) {
        return expected.equals(actual) ? null : what + " is " + actual + ", asked for " + expected;
    }

    /** A percentage-like property moved by the delta from its value before, within 0..100. */
    private static String moved(String property, JsonNode before, JsonNode answer, String namespace, int delta) {
        int was = value(before, namespace, property).asInt();
        int expected = Math.max(0, Math.min(100, was + delta));
        int now = value(answer, namespace, property).asInt();
        return now == expected ? null : property + " went from " + was + " to " + now + ", expected " + expected + " (delta " + delta + ")";
    }

    private static double celsius(JsonNode temperature) {
        double value = temperature.path("value").asDouble();
        switch (temperature.path("scale").asText()) {
            case "FAHRENHEIT":
                return (value - 32) * 5 / 9;
            case "KELVIN":
                return value - 273.15;
            default:
                return value;
        }
    }

    private static String sameTemperature(String what, JsonNode asked, JsonNode reported) {
        if (reported.isMissingNode()) {
            return what + " not reported";
        }
        return Math.abs(celsius(asked) - celsius(reported)) < 0.15 ? null : what + " is " + reported + ", asked for " + asked;
    }

    /** The target (or, in AUTO with two setpoints, both bounds) moved by the delta, in either scale. */
    private static String adjustedSetpoints(JsonNode delta, JsonNode before, JsonNode answer) {
        double deltaCelsius = delta.path("scale").asText().equals("FAHRENHEIT") ? delta.path("value").asDouble() * 5 / 9
                : delta.path("value").asDouble();
        String namespace = "Alexa.ThermostatController";
        String[] moved = value(answer, namespace, "lowerSetpoint").isMissingNode() || !"AUTO".equals(value(answer, namespace,
                "thermostatMode").asText()) ? new String[] {"targetSetpoint"} : new String[] {"lowerSetpoint", "upperSetpoint"};
        for (String setpoint : moved) {
            JsonNode was = value(before, namespace, setpoint);
            JsonNode now = value(answer, namespace, setpoint);
            if (was.isMissingNode() || now.isMissingNode()) {
                return setpoint + " not reported before and after";
            }
            double change = celsius(now) - celsius(was);
            if (Math.abs(change - deltaCelsius) > 0.2) {
                return setpoint + " moved by " + Math.round(change * 100) / 100.0 + " °C, asked " + Math.round(deltaCelsius * 100) / 100.0;
            }
        }
        return null;
    }
}
