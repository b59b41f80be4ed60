package dev.homewire.core.config;

import java.util.Locale;

/** The Alexa regions, each with its own event gateway. */
public enum AlexaRegion {
    NA("https://api.amazonalexa.com/v3/events"),
    EU("https://api.eu.amazonalexa.com/v3/events"),
    FE("https://api.fe.amazonalexa.com/v3/events");

    private final String defaultGatewayUrl;

    AlexaRegion(String defaultGatewayUrl) {
        this.defaultGatewayUrl = defaultGatewayUrl;
    }

    public String defaultGatewayUrl() {
        return defaultGatewayUrl;
    }

    /** The Alexa region served by a Lambda in this AWS region (Alexa calls us-east-1, eu-west-1, us-west-2). */
    public static AlexaRegion forAwsRegion(String awsRegion) {
        String r = awsRegion == null ? "" : awsRegion.toLowerCase(Locale.ROOT);
        if (r.startsWith("eu-") || r.startsWith("me-") || r.startsWith("af-") || r.equals("ap-south-1")) {
            return EU;
        }
        if (r.equals("us-west-2") || r.startsWith("ap-")) {
            return FE;
        }
        return NA;
    }
}
