package dev.homewire.simulator.vistara;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Vistara cloud knows besides the devices: its app catalogue (keyed by Alexa's launch-target
 * identifiers, which Vistara adopted as its own app ids), the channel line-ups of the demo TVs and
 * what their players have queued. Immutable.
 */
final class Catalog {

    /** A channel of a TV's line-up. */
    record Channel(String number, String callSign, String affiliate) {
    }

    /** Something a player can play; {@code durationMs} 0 for a track whose length the device does not report. */
    record MediaItem(String title, long durationMs) {
    }

    /** App id → name: apps and UI shortcuts every Vistara TV can launch. */
    static final Map<String, String> APPS = apps();

    /**
     * The Los Angeles broadcast line-up of alice's TVs, and the cable channel 1234 (KSTATION1,
     * affiliate KSTATION2) that Alexa's official ChangeChannel sample asks for.
     */
    static final List<Channel> LOS_ANGELES = List.of(
            new Channel("2", "KCBS", "CBS"),
            new Channel("4", "KNBC", "NBC"),
            new Channel("7", "KABC", "ABC"),
            new Channel("11", "KTTV", "FOX"),
            new Channel("13", "KCOP", "MyNetworkTV"),
            new Channel("1234", "KSTATION1", "KSTATION2"));

    /** Bob's line-up: the same stations and a digital sub-channel. */
    static final List<Channel> LOS_ANGELES_WITH_PBS = List.of(
            new Channel("2", "KCBS", "CBS"),
            new Channel("4", "KNBC", "NBC"),
            new Channel("7", "KABC", "ABC"),
            new Channel("11", "KTTV", "FOX"),
            new Channel("13", "KCOP", "MyNetworkTV"),
            new Channel("28.1", "KCET", "PBS"));

    /** What a TV's player has queued (invented titles). */
    static final List<MediaItem> TV_QUEUE = List.of(
            new MediaItem("Tidewater, Episode 1", 2_700_000),
            new MediaItem("Tidewater, Episode 2", 2_760_000),
            new MediaItem("Harbor Lights", 5_820_000));

    /** What a sound bar's Bluetooth source has queued (invented titles; a bar reports no position). */
    static final List<MediaItem> BAR_QUEUE = List.of(
            new MediaItem("Morning Static", 0),
            new MediaItem("Paper Lanterns", 0),
            new MediaItem("Slow Tide", 0));

    private Catalog() {
    }

    private static Map<String, String> apps() {
        Map<String, String> apps = new LinkedHashMap<>();
        apps.put("amzn1.alexa-ask-target.app.72095", "Prime Video");
        apps.put("amzn1.alexa-ask-target.app.36377", "Netflix");
        apps.put("amzn1.alexa-ask-target.app.70045", "YouTube");
        apps.put("amzn1.alexa-ask-target.shortcut.33122", "Home");
        apps.put("amzn1.alexa-ask-target.shortcut.07395", "Settings");
        return Collections.unmodifiableMap(apps);
    }
}
