package dev.homewire.core.lwa;

import java.time.Instant;

/** Tokens Login with Amazon answered; {@link #toString()} never shows them. */
public record LwaTokens(String accessToken, String refreshToken, Instant expiresAt) {
    @Override
    public String toString() {
        return "LwaTokens[expiresAt=" + expiresAt + "]";
    }
}
