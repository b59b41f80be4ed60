package dev.homewire.adapter.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What people call a setting, a mode value or a preset: Alexa's catalogue names (asset ids such as
 * {@code Alexa.Setting.FanSpeed}, {@code Alexa.Setting.Opening}, {@code Alexa.Value.Maximum}) and
 * free texts with their locale. Core turns them into Alexa {@code capabilityResources} /
 * {@code modeResources} / {@code presetResources}. At least one name.
 */
public record FriendlyNames(List<String> assetIds, List<Text> texts) {

    /** A name in one language, e.g. {@code ("Speed", "en-US")}. */
    public record Text(String text, String locale) {
        public Text {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(locale, "locale");
            if (text.isBlank()) {
                throw new IllegalArgumentException("a friendly name must not be blank");
            }
        }
    }

    public FriendlyNames {
        assetIds = List.copyOf(assetIds == null ? List.of() : assetIds);
        texts = List.copyOf(texts == null ? List.of() : texts);
        if (assetIds.isEmpty() && texts.isEmpty()) {
            throw new IllegalArgumentException("at least one friendly name");
        }
    }

    /** A catalogue name and, optionally, English (en-US) texts. */
    public static FriendlyNames asset(String assetId, String... englishTexts) {
        return new FriendlyNames(List.of(assetId), english(englishTexts));
    }

    /** English (en-US) texts only. */
    public static FriendlyNames text(String... englishTexts) {
        return new FriendlyNames(List.of(), english(englishTexts));
    }

    private static List<Text> english(String... texts) {
        List<Text> list = new ArrayList<>();
        for (String text : texts) {
            list.add(new Text(text, "en-US"));
        }
        return list;
    }
}
