package dev.homewire.core.store;

import dev.homewire.core.config.AlexaRegion;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's AcceptGrant outcome: the LWA tokens to send events for them and the Alexa region
 * their directives come from. {@link #toString()} never shows the tokens.
 */
public record Grant(String userId, String refreshToken, String accessToken, Instant accessTokenExpiresAt,
                    AlexaRegion region, Instant updatedAt) {
    public Grant {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public Grant withAccessToken(String newAccessToken, Instant expiresAt, String newRefreshToken, Instant now) {
        return new Grant(userId, newRefreshToken == null ? refreshToken : newRefreshToken, newAccessToken, expiresAt, region, now);
    }

    @Override
    public String toString() {
        return "Grant[userId=" + userId + ", region=" + region + ", accessTokenExpiresAt=" + accessTokenExpiresAt
                + ", updatedAt=" + updatedAt + "]";
    }
}
