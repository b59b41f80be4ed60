package dev.homewire.core.store;

import dev.homewire.core.config.AlexaRegion;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's AcceptGrant outcome: the LWA tokens to send events for them and the Alexa region
 * their directives come from. {@link #toString()} never shows the tokens.
 *
 * @param version the stored item's version, raised by every write (AcceptGrant's and each
 *        refresh's); conditional writes compare it, so neither overwrites the other blindly. 0 for
 *        a grant not read from a store.
 * @param refreshLeaseUntil while in the future, one dispatcher (somewhere) is refreshing the
 *        access token and the others wait for its result instead of calling LWA too; null when
 *        nobody is
 */
public record Grant(String userId, String refreshToken, String accessToken, Instant accessTokenExpiresAt,
                    AlexaRegion region, Instant updatedAt, long version, Instant refreshLeaseUntil) {
    public Grant {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** A grant as AcceptGrant makes it: not stored yet (version 0), no refresh going on. */
    public Grant(String userId, String refreshToken, String accessToken, Instant accessTokenExpiresAt,
                 AlexaRegion region, Instant updatedAt) {
        this(userId, refreshToken, accessToken, accessTokenExpiresAt, region, updatedAt, 0, null);
    }

    /** The same grant with refreshed tokens (the refresh token kept when LWA sent none), same version, no lease. */
    public Grant withAccessToken(String newAccessToken, Instant expiresAt, String newRefreshToken, Instant now) {
        return new Grant(userId, newRefreshToken == null ? refreshToken : newRefreshToken, newAccessToken, expiresAt, region, now,
                version, null);
    }

    /** Whether some dispatcher holds a live refresh lease at {@code now}. */
    public boolean refreshLeased(Instant now) {
        return refreshLeaseUntil != null && refreshLeaseUntil.isAfter(now);
    }

    @Override
    public String toString() {
        return "Grant[userId=" + userId + ", region=" + region + ", accessTokenExpiresAt=" + accessTokenExpiresAt
                + ", updatedAt=" + updatedAt + ", version=" + version
                + (refreshLeaseUntil == null ? "" : ", refreshLeaseUntil=" + refreshLeaseUntil) + "]";
    }
}
