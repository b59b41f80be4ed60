package dev.homewire.dispatcher;

import static dev.homewire.dispatcher.testing.DispatcherFixture.START;
import static dev.homewire.dispatcher.testing.DispatcherFixture.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.homewire.core.config.AlexaRegion;
import dev.homewire.core.store.Grant;
import dev.homewire.dispatcher.testing.DispatcherFixture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LwaTokenProviderTest {
    private final DispatcherFixture f;

    LwaTokenProviderTest() throws IOException {
        f = new DispatcherFixture();
    }

    @AfterEach
    void close() throws IOException {
        f.close();
    }

    @Test
    void aStoredTokenWithinTheMarginIsRefreshedAndTheNewestRefreshTokenKept() {
        // access-0 has 2 minutes left, the margin is 5
        f.grants.save(new Grant(USER, "refresh-0", "access-0", START.plus(Duration.ofMinutes(2)), AlexaRegion.EU, START));

        assertEquals("access-1", f.tokens.accessToken(USER));

        Grant stored = f.storedGrant();
        assertEquals("access-1", stored.accessToken());
        assertEquals("refresh-1", stored.refreshToken());
        assertEquals(START.plusSeconds(3600), stored.accessTokenExpiresAt());
        assertEquals(AlexaRegion.EU, stored.region());

        // 56 minutes later the cached token has 4 minutes left: refreshed with the newest refresh token
        f.clock.advance(Duration.ofMinutes(56));
        assertEquals("access-2", f.tokens.accessToken(USER));
        assertEquals("refresh-1", f.lwa.requests.get(1).get("refresh_token"));
        assertEquals("refresh-2", f.storedGrant().refreshToken());
    }

    @Test
    void aTokenJustOutsideTheMarginIsUsedAsStored() {
        f.grants.save(new Grant(USER, "refresh-0", "access-0", START.plus(Duration.ofMinutes(5)).plusSeconds(1),
                AlexaRegion.NA, START));

        assertEquals("access-0", f.tokens.accessToken(USER));
        assertEquals(0, f.lwa.calls());
    }

    @Test
    void whenLwaSendsNoNewRefreshTokenTheOldOneIsKept() {
        f.grantWithoutAccessToken();
        f.lwa.answerNext(200, "{\"access_token\":\"access-x\",\"token_type\":\"bearer\",\"expires_in\":3600}");

        assertEquals("access-x", f.tokens.accessToken(USER));
        assertEquals("refresh-0", f.storedGrant().refreshToken());
    }

    @Test
    void refreshNowRefreshesAValidToken() {
        f.grant(AlexaRegion.NA);
        assertEquals("access-0", f.tokens.accessToken(USER));

        assertEquals("access-1", f.tokens.refreshAfterRejection(USER, "access-0").accessToken());
        assertEquals("access-1", f.tokens.accessToken(USER));
        assertEquals(1, f.lwa.calls());
    }

    @Test
    void concurrentCallersOfOneUserShareOneRefresh() throws Exception {
        f.grantWithoutAccessToken();
        f.lwa.delayMillis = 200;
        int callers = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<String>> tokens = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                tokens.add(pool.submit(() -> {
                    start.await();
                    return f.tokens.accessToken(USER);
                }));
            }
            start.countDown();
            for (Future<String> token : tokens) {
                assertEquals("access-1", token.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, f.lwa.calls());
    }

    @Test
    void noGrantIsNoGrantException() {
        NoGrantException e = assertThrows(NoGrantException.class, () -> f.tokens.accessToken(USER));
        assertEquals(USER, e.userId());
        assertEquals(0, f.lwa.calls());
    }

    @Test
    void invalidGrantDeletesTheGrant() {
        f.grantWithoutAccessToken();
        f.lwa.answerInvalidGrantNext();

        assertThrows(GrantRevokedException.class, () -> f.tokens.accessToken(USER));
        assertFalse(f.grants.find(USER).isPresent());
    }

    @Test
    void aRefreshTokenSupersededMeanwhileIsNotMistakenForARevocation() {
        f.grantWithoutAccessToken();
        // while we refresh with refresh-0, another container refreshes and stores refresh-9; LWA refuses refresh-0
        f.lwa.answerInvalidGrantNext();
        f.lwa.onRequest = form -> {
            if ("refresh-0".equals(form.get("refresh_token"))) {
                f.grants.save(new Grant(USER, "refresh-9", null, null, AlexaRegion.NA, START));
            }
        };

        assertEquals("access-1", f.tokens.accessToken(USER));

        assertEquals("refresh-9", f.lwa.requests.get(1).get("refresh_token"));
        assertEquals("refresh-1", f.storedGrant().refreshToken());
    }

    @Test
    void theGrantsToStringShowsNoToken() {
        Grant grant = f.grant(AlexaRegion.NA);
        assertFalse(grant.toString().contains("access-0") || grant.toString().contains("refresh-0"));
        assertNull(new Grant(USER, "r", null, null, AlexaRegion.NA, START).accessToken());
    }
}
