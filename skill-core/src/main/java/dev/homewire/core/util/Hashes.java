package dev.homewire.core.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Stable, non-reversible names for values that must not appear as they are (tokens, odd ids). */
public final class Hashes {
    private Hashes() {
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes: 64 characters of {@code [0-9a-f]}. */
    public static String sha256Hex(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
