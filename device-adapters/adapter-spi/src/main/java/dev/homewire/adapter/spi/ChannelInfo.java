package dev.homewire.adapter.spi;

/**
 * A TV channel as a tuner knows it: its number (e.g. {@code "7"} or {@code "12.1"}), call sign and
 * affiliate call sign; at least one is set.
 */
public record ChannelInfo(String number, String callSign, String affiliateCallSign) {
    public ChannelInfo {
        number = blankToNull(number);
        callSign = blankToNull(callSign);
        affiliateCallSign = blankToNull(affiliateCallSign);
        if (number == null && callSign == null && affiliateCallSign == null) {
            throw new IllegalArgumentException("a channel needs a number or a call sign");
        }
    }

    public static ChannelInfo number(String number) {
        return new ChannelInfo(number, null, null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
