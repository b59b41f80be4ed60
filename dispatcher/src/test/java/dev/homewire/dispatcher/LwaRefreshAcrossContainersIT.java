package dev.homewire.dispatcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.core.aws.AwsClients;
import dev.homewire.core.config.AlexaRegion;
import dev.homewire.core.config.HomewireConfig;
import dev.homewire.core.http.HttpClientFactory;
import dev.homewire.core.lwa.LoginWithAmazonClient;
import dev.homewire.core.store.Grant;
import dev.homewire.core.store.dynamo.DynamoGrantStore;
import dev.homewire.core.store.dynamo.TableDefinitions;
import dev.homewire.dispatcher.testing.FakeLwa;
import dev.homewire.localaws.LocalAws;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Many Lambda containers, one user: separate {@link LwaTokenProvider}s (as separate containers
 * have) sharing one grants table in DynamoDB (dynalite), against an LWA that rotates refresh tokens
 * strictly (an older refresh token is refused), so a stampede or a lost newest refresh token shows.
 */
class LwaRefreshAcrossContainersIT {
    private static LocalAws aws;
    private static DynamoDbClient dynamo;
    private static DynamoGrantStore grants;
    private static CloseableHttpClient http;
    private FakeLwa lwa;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        HomewireConfig config = new HomewireConfig(Map.of("AWS_REGION", "us-east-1",
                "HOMEWIRE_DYNAMODB_ENDPOINT", aws.dynamoDbEndpoint().toString()));
        dynamo = AwsClients.dynamoDb(config);
        TableDefinitions.createAll(dynamo, config);
        grants = new DynamoGrantStore(dynamo, config.grantsTable());
        http = HttpClientFactory.create(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.close();
        }
        if (dynamo != null) {
            dynamo.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @BeforeEach
    void lwa() throws Exception {
        lwa = new FakeLwa();
        lwa.strictRotation = true;
        lwa.delayMillis = 300; // LWA is slow: every container sees the expired token meanwhile
    }

    private LwaTokenProvider container() {
        return new LwaTokenProvider(grants, new LoginWithAmazonClient(http, lwa.tokenUrl(), "client-id", "secret", Clock.systemUTC()),
                Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofSeconds(5));
    }

    @Test
    void eightContainersWithAnExpiredTokenMakeOneRefreshAndKeepTheNewestRefreshToken() throws Exception {
        String user = "user-" + UUID.randomUUID();
        grants.save(new Grant(user, "refresh-0", "access-old", Instant.now().minusSeconds(60), AlexaRegion.NA, Instant.now()));
        int containers = 8;
        int callsEach = 4;
        List<LwaTokenProvider> providers = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            providers.add(container());
        }
        ExecutorService pool = Executors.newFixedThreadPool(containers * callsEach);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (LwaTokenProvider provider : providers) {
                for (int c = 0; c < callsEach; c++) {
                    results.add(pool.submit(() -> {
                        go.await();
                        return provider.accessToken(user);
                    }));
                }
            }
            go.countDown();
            Set<String> tokens = ConcurrentHashMap.newKeySet();
            for (Future<String> r : results) {
                tokens.add(r.get());
            }
            Grant stored = grants.find(user).orElseThrow();
            System.out.printf("%d containers x %d concurrent calls, expired token: %d LWA refresh call(s), %d distinct token(s) "
                    + "handed out, stored refresh token %s (LWA's newest: %s), grant version %d%n", containers, callsEach, lwa.calls(),
                    tokens.size(), stored.refreshToken(), lwa.newestRefreshToken(), stored.version());
            assertEquals(1, lwa.calls(), "one refresh for all containers");
            assertEquals(Set.of("access-1"), tokens);
            assertEquals(lwa.newestRefreshToken(), stored.refreshToken(), "the newest refresh token is stored");
            assertEquals("access-1", stored.accessToken());
            assertNull(stored.refreshLeaseUntil(), "the lease is given back");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aGrantAcceptedDuringARefreshIsNotOverwrittenByIt() {
        String user = "user-" + UUID.randomUUID();
        grants.save(new Grant(user, "refresh-0", null, null, AlexaRegion.NA, Instant.now()));
        lwa.strictRotation = false;
        // while this container refreshes with refresh-0, the user enables the skill again: AcceptGrant stores a new grant
        lwa.onRequest = form -> grants.save(new Grant(user, "refresh-accepted", "access-accepted",
                Instant.now().plusSeconds(3600), AlexaRegion.EU, Instant.now()));

        String token = container().accessToken(user);

        Grant stored = grants.find(user).orElseThrow();
        System.out.printf("AcceptGrant during a refresh: stored refresh token %s, region %s, version %d (the refresh's write refused)%n",
                stored.refreshToken(), stored.region(), stored.version());
        assertEquals("access-1", token, "the refreshed token serves this call");
        assertEquals("refresh-accepted", stored.refreshToken(), "AcceptGrant's grant survives the refresh");
        assertEquals(AlexaRegion.EU, stored.region());
        assertEquals(2, stored.version());
    }

    @Test
    void aRefreshLeaseLeftByADeadContainerEndsWithItsLease() {
        String user = "user-" + UUID.randomUUID();
        grants.save(new Grant(user, "refresh-0", null, null, AlexaRegion.NA, Instant.now()));
        long version = grants.find(user).orElseThrow().version();
        assertTrue(grants.tryLeaseRefresh(user, version, "dead-container", Instant.now().plusMillis(800), Instant.now()));

        long started = System.nanoTime();
        String token = container().accessToken(user);

        long waitedMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("a dead container's lease: taken over after %d ms, %d LWA call(s)%n", waitedMs, lwa.calls());
        assertEquals("access-1", token);
        assertEquals(1, lwa.calls());
        assertTrue(waitedMs >= 500, "waited for the lease to end: " + waitedMs + " ms");
    }
}
