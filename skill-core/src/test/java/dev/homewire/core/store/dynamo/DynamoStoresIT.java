package dev.homewire.core.store.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceKind;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.Hsb;
import dev.homewire.adapter.spi.PowerState;
import dev.homewire.adapter.spi.Trait;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.core.aws.AwsClients;
import dev.homewire.core.config.AlexaRegion;
import dev.homewire.core.config.HomewireConfig;
import dev.homewire.core.store.DeviceStateStore.PutResult;
import dev.homewire.core.store.DirectiveClaims;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.store.DeliveredEvents;
import dev.homewire.core.store.Grant;
import dev.homewire.localaws.LocalAws;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Every DynamoDB store against dynalite, with the tables created as in production. */
class DynamoStoresIT {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00.000Z");

    private static LocalAws aws;
    private static HomewireConfig config;
    private static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        config = new HomewireConfig(Map.of(
                "AWS_REGION", "eu-west-1",
                "HOMEWIRE_DYNAMODB_ENDPOINT", aws.dynamoDbEndpoint().toString()));
        dynamo = AwsClients.dynamoDb(config);
        TableDefinitions.createAll(dynamo, config);
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID();
    }

    // --- tables -------------------------------------------------------------------------------

    @Test
    void tablesExistWithProductionKeySchemas() {
        TableDefinitions.createAll(dynamo, config); // idempotent
        assertTrue(dynamo.listTables().tableNames().containsAll(List.of("homewire-grants", "homewire-endpoints",
                "homewire-device-state", "homewire-linked-accounts", "homewire-directive-claims")));
        assertEquals(Map.of("userId", KeyType.HASH), keys("homewire-grants"));
        assertEquals(Map.of("userId", KeyType.HASH, "endpointId", KeyType.RANGE), keys("homewire-endpoints"));
        assertEquals(Map.of("userId", KeyType.HASH, "endpointId", KeyType.RANGE), keys("homewire-device-state"));
        assertEquals(Map.of("userId", KeyType.HASH, "adapterId", KeyType.RANGE), keys("homewire-linked-accounts"));
        assertEquals(Map.of("directiveKey", KeyType.HASH), keys("homewire-directive-claims"));
        for (CreateTableRequest request : TableDefinitions.all(config)) {
            assertEquals("PAY_PER_REQUEST", dynamo.describeTable(b -> b.tableName(request.tableName())).table()
                    .billingModeSummary().billingModeAsString(), request.tableName());
        }
    }

    @Test
    void existingTableWithOtherKeysIsReported() {
        HomewireConfig other = new HomewireConfig(Map.of(
                "HOMEWIRE_DYNAMODB_ENDPOINT", aws.dynamoDbEndpoint().toString(),
                "HOMEWIRE_TABLE_GRANTS", "wrong-grants",
                "HOMEWIRE_TABLE_ENDPOINTS", "other-endpoints",
                "HOMEWIRE_TABLE_DEVICE_STATE", "other-device-state",
                "HOMEWIRE_TABLE_LINKED_ACCOUNTS", "other-linked-accounts",
                "HOMEWIRE_TABLE_DIRECTIVE_CLAIMS", "other-directive-claims"));
        dynamo.createTable(b -> b.tableName("wrong-grants").billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TableDefinitions.createAll(dynamo, other));
        assertTrue(e.getMessage().contains("wrong-grants"), e.getMessage());
    }

    private static Map<String, KeyType> keys(String table) {
        TableDescription description = dynamo.describeTable(b -> b.tableName(table)).table();
        return description.keySchema().stream().collect(Collectors.toMap(KeySchemaElement::attributeName, KeySchemaElement::keyType));
    }

    // --- device state -------------------------------------------------------------------------

    @Test
    void olderStateNeverOverwritesNewer() {
        var store = new DynamoDeviceStateStore(dynamo, config.deviceStateTable());
        String user = newUser();
        DeviceState first = DeviceState.builder().connectivity(Connectivity.OK).power(PowerState.ON).brightness(40).color(new Hsb(120, 0.5, 0.8)).observedAt(T0).build();
        DeviceState newer = DeviceState.builder().connectivity(Connectivity.OK).power(PowerState.OFF).brightness(10).colorTemperatureKelvin(3000).observedAt(T0.plusSeconds(5)).build();
        DeviceState older = DeviceState.builder().connectivity(Connectivity.UNREACHABLE).observedAt(T0.plusSeconds(2)).build();

        assertTrue(store.get(user, "ep-1").isEmpty());

        PutResult created = store.put(user, "ep-1", first);
        assertTrue(created.written());
        assertTrue(created.previousState().isEmpty());
        assertEquals(first, store.get(user, "ep-1").orElseThrow());

        PutResult replaced = store.put(user, "ep-1", newer);
        assertTrue(replaced.written());
        assertEquals(first, replaced.previous());
        assertEquals(newer, store.get(user, "ep-1").orElseThrow());

        PutResult refused = store.put(user, "ep-1", older);
        assertFalse(refused.written());
        assertEquals(newer, refused.previous(), "a refused write answers the state that is stored");
        assertEquals(newer, store.get(user, "ep-1").orElseThrow());

        DeviceState sameMoment = newer.toBuilder().brightness(11).build();
        PutResult sameTime = store.put(user, "ep-1", sameMoment);
        assertTrue(sameTime.written(), "a state observed at the same instant replaces the stored one");
        assertEquals(newer, sameTime.previous());
        assertEquals(sameMoment, store.get(user, "ep-1").orElseThrow());

        // other endpoint and other user are separate items
        assertTrue(store.put(user, "ep-2", older).written());
        assertTrue(store.put(newUser(), "ep-1", older).written());
        assertEquals(sameMoment, store.get(user, "ep-1").orElseThrow());
        assertEquals(older, store.get(user, "ep-2").orElseThrow());
    }

    @Test
    void stateItemHoldsNumericObservedAt() {
        var store = new DynamoDeviceStateStore(dynamo, config.deviceStateTable());
        String user = newUser();
        store.put(user, "ep-1", DeviceState.builder().power(PowerState.ON).observedAt(T0).build());
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(config.deviceStateTable())
                .key(Map.of("userId", AttributeValue.fromS(user), "endpointId", AttributeValue.fromS("ep-1")))).item();
        assertEquals(Long.toString(T0.toEpochMilli()), item.get("observedAt").n());
        assertTrue(item.get("state").s().contains("\"power\":\"ON\""), item.get("state").s());
    }

    // --- endpoints ----------------------------------------------------------------------------

    private static EndpointRecord endpoint(String user, int n) {
        Device device = new Device("dev-" + n, "Lamp " + n, null, "Lumio", "L-" + n, DeviceKind.LIGHT,
                n % 2 == 0 ? List.of(new Trait.Power(), new Trait.Brightness()) : List.of(new Trait.Power(), new Trait.ColorTemperature()));
        return new EndpointRecord(user, String.format("lumio-dev-%03d", n), "lumio", "dev-" + n, device);
    }

    @Test
    void replaceAllStoresInChunksAndRemovesVanishedEndpoints() {
        var registry = new DynamoEndpointRegistry(dynamo, config.endpointsTable());
        String user = newUser();
        String neighbour = newUser();
        registry.replaceAll(neighbour, List.of(endpoint(neighbour, 1)));

        List<EndpointRecord> firstDiscovery = IntStream.range(0, 60).mapToObj(n -> endpoint(user, n)).toList();
        registry.replaceAll(user, firstDiscovery);
        assertEquals(sorted(firstDiscovery), sorted(registry.list(user)));
        assertEquals(firstDiscovery.get(7), registry.find(user, "lumio-dev-007").orElseThrow());

        EndpointRecord renamed = new EndpointRecord(user, "lumio-dev-003", "lumio", "dev-3",
                new Device("dev-3", "Reading lamp", null, null, null, DeviceKind.LIGHT, List.of(new Trait.Power())));
        List<EndpointRecord> secondDiscovery = List.of(endpoint(user, 1), renamed, endpoint(user, 59), endpoint(user, 99));
        registry.replaceAll(user, secondDiscovery);
        assertEquals(sorted(secondDiscovery), sorted(registry.list(user)));
        assertTrue(registry.find(user, "lumio-dev-007").isEmpty(), "vanished endpoint removed");
        assertEquals("Reading lamp", registry.find(user, "lumio-dev-003").orElseThrow().device().friendlyName());

        // ownership: another user's endpoint is not found, and the neighbour's records are untouched
        assertTrue(registry.find(neighbour, "lumio-dev-001").isPresent());
        assertTrue(registry.find(user, "lumio-dev-001").isPresent());
        assertTrue(registry.find(newUser(), "lumio-dev-001").isEmpty());
        assertEquals(List.of(endpoint(neighbour, 1)), registry.list(neighbour));

        registry.replaceAll(user, List.of());
        assertTrue(registry.list(user).isEmpty());
        assertEquals(1, registry.list(neighbour).size());
    }

    @Test
    void replaceAdapterLeavesTheOtherAdaptersEndpointsAlone() {
        var registry = new DynamoEndpointRegistry(dynamo, config.endpointsTable());
        String user = newUser();
        EndpointRecord lamp = endpoint(user, 1);
        EndpointRecord lock = new EndpointRecord(user, "latchkey#lock-1", "latchkey", "lock-1",
                new Device("lock-1", "Front door", null, null, null, DeviceKind.SMARTLOCK, List.of(new Trait.Lock())));
        registry.replaceAll(user, List.of(lamp, endpoint(user, 2), lock));

        registry.replaceAdapter(user, "lumio", List.of(endpoint(user, 2), endpoint(user, 3)));

        List<String> ids = sorted(registry.list(user)).stream().map(EndpointRecord::endpointId).toList();
        System.out.printf("after one adapter's rediscovery: %s%n", ids);
        assertEquals(List.of("latchkey#lock-1", "lumio-dev-002", "lumio-dev-003"), ids, "the lock stays; lamp 1 left");
        assertThrows(IllegalArgumentException.class, () -> registry.replaceAdapter(user, "lumio", List.of(lock)));
        assertEquals(3, registry.list(user).size(), "nothing changed");
    }

    @Test
    void replaceAllRefusesAnotherUsersRecord() {
        var registry = new DynamoEndpointRegistry(dynamo, config.endpointsTable());
        String user = newUser();
        registry.replaceAll(user, List.of(endpoint(user, 1)));
        assertThrows(IllegalArgumentException.class, () -> registry.replaceAll(user, List.of(endpoint(newUser(), 2))));
        assertEquals(List.of(endpoint(user, 1)), registry.list(user), "nothing changed");
    }

    @Test
    void replaceAllWithRepeatedEndpointKeepsTheLast() {
        var registry = new DynamoEndpointRegistry(dynamo, config.endpointsTable());
        String user = newUser();
        EndpointRecord first = endpoint(user, 5);
        EndpointRecord again = new EndpointRecord(user, first.endpointId(), "lumio", "dev-5",
                new Device("dev-5", "Renamed", null, null, null, DeviceKind.PLUG, List.of(new Trait.Power())));
        registry.replaceAll(user, List.of(first, again));
        assertEquals(List.of(again), registry.list(user));
    }

    private static List<EndpointRecord> sorted(List<EndpointRecord> records) {
        List<EndpointRecord> copy = new ArrayList<>(records);
        copy.sort(Comparator.comparing(EndpointRecord::endpointId));
        return copy;
    }

    // --- grants -------------------------------------------------------------------------------

    @Test
    void grantSaveFindUpdateDelete() {
        var grants = new DynamoGrantStore(dynamo, config.grantsTable());
        String user = newUser();
        assertTrue(grants.find(user).isEmpty());

        Grant grant = new Grant(user, "refresh-1", null, null, AlexaRegion.EU, T0);
        grants.save(grant);
        Grant stored = grants.find(user).orElseThrow();
        assertEquals(versioned(grant, 1), stored);

        Grant refreshed = stored.withAccessToken("access-1", T0.plusSeconds(3600), "refresh-2", T0.plusSeconds(1));
        assertTrue(grants.saveRefreshed(refreshed, 1));
        Grant read = grants.find(user).orElseThrow();
        assertEquals(versioned(refreshed, 2), read);
        assertEquals("access-1", read.accessToken());
        assertEquals("refresh-2", read.refreshToken());
        assertEquals(T0.plusSeconds(3600), read.accessTokenExpiresAt());
        assertEquals(AlexaRegion.EU, read.region());

        grants.delete(user);
        assertTrue(grants.find(user).isEmpty());
        grants.delete(user); // deleting twice is fine
    }

    @Test
    void grantWritesAreVersionedSoNoneOverwritesAnotherBlindly() {
        var grants = new DynamoGrantStore(dynamo, config.grantsTable());
        String user = newUser();
        grants.save(new Grant(user, "refresh-1", null, null, AlexaRegion.NA, T0));

        assertTrue(grants.tryLeaseRefresh(user, 1, "container-a", T0.plusSeconds(10), T0));
        assertTrue(grants.find(user).orElseThrow().refreshLeased(T0.plusSeconds(5)));
        assertFalse(grants.tryLeaseRefresh(user, 1, "container-b", T0.plusSeconds(11), T0.plusSeconds(1)), "a live lease is exclusive");
        assertTrue(grants.tryLeaseRefresh(user, 1, "container-b", T0.plusSeconds(30), T0.plusSeconds(20)), "an ended lease is taken over");
        grants.releaseRefreshLease(user, "container-a"); // not a's any more: nothing happens
        assertTrue(grants.find(user).orElseThrow().refreshLeased(T0.plusSeconds(21)));
        grants.releaseRefreshLease(user, "container-b");
        assertEquals(null, grants.find(user).orElseThrow().refreshLeaseUntil());

        // AcceptGrant while a refresh that read version 1 is in flight: the refresh's write is refused
        grants.save(new Grant(user, "refresh-accepted", null, null, AlexaRegion.EU, T0.plusSeconds(2)));
        Grant late = new Grant(user, "refresh-old-chain", "access-x", T0.plusSeconds(3600), AlexaRegion.NA, T0.plusSeconds(3));
        assertFalse(grants.saveRefreshed(late, 1));
        assertFalse(grants.tryLeaseRefresh(user, 1, "container-a", T0.plusSeconds(40), T0.plusSeconds(3)));
        assertFalse(grants.deleteIfVersion(user, 1), "invalid_grant for the old refresh token deletes nothing");
        Grant kept = grants.find(user).orElseThrow();
        assertEquals("refresh-accepted", kept.refreshToken());
        assertEquals(2, kept.version());
        assertTrue(grants.deleteIfVersion(user, 2));
        assertTrue(grants.find(user).isEmpty());
        assertFalse(grants.tryLeaseRefresh(user, 2, "container-a", T0.plusSeconds(40), T0.plusSeconds(3)), "no item is created");
        assertTrue(grants.find(user).isEmpty());
    }

    @Test
    void aGrantStoredBeforeVersionsIsVersionZero() {
        var grants = new DynamoGrantStore(dynamo, config.grantsTable());
        String user = newUser();
        dynamo.putItem(b -> b.tableName(config.grantsTable()).item(Map.of("userId", AttributeValue.fromS(user),
                "refreshToken", AttributeValue.fromS("refresh-legacy"), "region", AttributeValue.fromS("NA"),
                "updatedAt", AttributeValue.fromN(Long.toString(T0.toEpochMilli())))));
        assertEquals(0, grants.find(user).orElseThrow().version());
        assertTrue(grants.tryLeaseRefresh(user, 0, "container-a", T0.plusSeconds(10), T0));
        assertTrue(grants.saveRefreshed(grants.find(user).orElseThrow().withAccessToken("a", T0.plusSeconds(3600), "r", T0), 0));
        assertEquals(1, grants.find(user).orElseThrow().version());
    }

    private static Grant versioned(Grant g, long version) {
        return new Grant(g.userId(), g.refreshToken(), g.accessToken(), g.accessTokenExpiresAt(), g.region(), g.updatedAt(), version, null);
    }

    // --- delivered events and sample times -----------------------------------------------------

    @Test
    void aDeliveredMessageIdIsClaimedOnceAndNeverAgain() {
        var clock = new dev.homewire.core.testing.MutableClock(T0);
        var delivered = new DynamoDeliveredEvents(dynamo, config.deliveredEventsTable(), clock);
        String id = UUID.randomUUID().toString();

        assertEquals(DeliveredEvents.Claim.CLAIMED, delivered.claim(id, Duration.ofSeconds(30)));
        assertEquals(DeliveredEvents.Claim.HELD_ELSEWHERE, delivered.claim(id, Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(31));
        assertEquals(DeliveredEvents.Claim.CLAIMED, delivered.claim(id, Duration.ofSeconds(30)), "a dead claim's lease ends");
        delivered.release(id);
        assertEquals(DeliveredEvents.Claim.CLAIMED, delivered.claim(id, Duration.ofSeconds(30)), "a released claim is free at once");
        delivered.markDelivered(id);
        delivered.release(id); // a delivered id is not released
        clock.advance(Duration.ofDays(1));
        assertEquals(DeliveredEvents.Claim.ALREADY_DELIVERED, delivered.claim(id, Duration.ofSeconds(30)));
        clock.advance(DynamoDeliveredEvents.DEFAULT_RETENTION);
        assertEquals(DeliveredEvents.Claim.CLAIMED, delivered.claim(id, Duration.ofSeconds(30)), "expired (local servers keep it)");
    }

    @Test
    void theNewestSampleTimeOnlyMovesForward() {
        var times = new DynamoDeliveredSampleTimes(dynamo, config.deliveredSamplesTable(), Clock.fixed(T0, ZoneOffset.UTC));
        String user = newUser();
        assertTrue(times.newest(user, "lumio#a").isEmpty());
        assertTrue(times.advance(user, "lumio#a", T0.plusSeconds(10)));
        assertTrue(times.advance(user, "lumio#a", T0.plusSeconds(10)), "the same event again");
        assertFalse(times.advance(user, "lumio#a", T0.plusSeconds(5)));
        assertTrue(times.advance(user, "lumio#a", T0.plusSeconds(20)));
        assertTrue(times.advance(user, "lumio#b", T0));
        assertEquals(T0.plusSeconds(20), times.newest(user, "lumio#a").orElseThrow());
        assertEquals(T0, times.newest(user, "lumio#b").orElseThrow());
    }

    // --- linked accounts ----------------------------------------------------------------------

    @Test
    void linkedAccountsPerAdapter() {
        var store = new DynamoLinkedAccountStore(dynamo, config.linkedAccountsTable());
        String user = newUser();
        assertTrue(store.accounts(user).isEmpty());
        assertTrue(store.account(user, "lumio").isEmpty());

        VendorAccount lumio = new VendorAccount("lumio", "acct-1", Map.of("apiKey", "k-1", "homeId", "h-9"));
        VendorAccount other = new VendorAccount("other-vendor", "acct-2", Map.of());
        store.save(user, lumio);
        store.save(user, other);
        assertEquals(lumio, store.account(user, "lumio").orElseThrow());
        assertEquals(other, store.account(user, "other-vendor").orElseThrow());
        assertEquals(Set.of(lumio, other), Set.copyOf(store.accounts(user)));

        VendorAccount relinked = new VendorAccount("lumio", "acct-1", Map.of("apiKey", "k-2"));
        store.save(user, relinked);
        assertEquals(relinked, store.account(user, "lumio").orElseThrow());
        assertEquals(2, store.accounts(user).size());
        assertTrue(store.accounts(newUser()).isEmpty());

        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(config.linkedAccountsTable())
                .key(Map.of("userId", AttributeValue.fromS(user), "adapterId", AttributeValue.fromS("lumio")))).item();
        assertEquals("acct-1", item.get("accountId").s());
        assertEquals("k-2", item.get("credentials").m().get("apiKey").s());
    }

    @Test
    void vendorAccountsLeadBackToTheUsersWhoLinkedThem() {
        var store = new DynamoLinkedAccountStore(dynamo, config.linkedAccountsTable());
        String alice = newUser();
        String bob = newUser();
        String household = "acct-" + UUID.randomUUID();
        store.save(alice, new VendorAccount("latchkey", household, Map.of("apiKey", "a")));
        store.save(bob, new VendorAccount("latchkey", household, Map.of("apiKey", "b")));
        store.save(bob, new VendorAccount("lumio", household, Map.of()));

        assertEquals(Set.of(alice, bob), Set.copyOf(store.usersForAccount("latchkey", household)));
        assertEquals(List.of(bob), store.usersForAccount("lumio", household));
        assertTrue(store.usersForAccount("latchkey", "acct-nobody").isEmpty());
    }

    // --- directive claims ---------------------------------------------------------------------

    @Test
    void aDirectiveIsClaimedOnceThenCompletedWithItsAnswer() {
        var claims = new DynamoDirectiveClaims(dynamo, config.directiveClaimsTable());
        String key = DirectiveClaims.keyOf("msg-" + UUID.randomUUID(), "corr-1");

        var first = assertInstanceOf(DirectiveClaims.Acquired.class, claims.claim(key, Duration.ofSeconds(20)));
        assertEquals(1, first.attempt());
        assertFalse(first.vendorCalled());
        assertInstanceOf(DirectiveClaims.Held.class, claims.claim(key, Duration.ofSeconds(20)), "a duplicate backs off");
        assertTrue(claims.recordVendorCall(first, "{\"type\":\"SetPower\",\"power\":\"ON\"}"));
        assertTrue(claims.complete(first, "{\"event\":{}}"));
        var done = assertInstanceOf(DirectiveClaims.Completed.class, claims.claim(key, Duration.ofSeconds(20)));
        assertEquals("{\"event\":{}}", done.answer());

        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(config.directiveClaimsTable())
                .key(Map.of("directiveKey", AttributeValue.fromS(key)))).item();
        long expiresAt = Long.parseLong(item.get("expiresAt").n());
        long inADay = Instant.now().plus(Duration.ofDays(1)).getEpochSecond();
        assertTrue(Math.abs(expiresAt - inADay) < 60, "expiresAt is epoch seconds about a day ahead: " + expiresAt);
    }

    @Test
    void aLapsedClaimIsTakenOverWithTheVendorCallItRecorded() {
        String key = DirectiveClaims.keyOf("msg-" + UUID.randomUUID(), "corr-1");
        Clock aMinuteAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(1)), ZoneOffset.UTC);
        var crashed = new DynamoDirectiveClaims(dynamo, config.directiveClaimsTable(), aMinuteAgo, Duration.ofDays(1));
        var first = (DirectiveClaims.Acquired) crashed.claim(key, Duration.ofSeconds(20));
        assertTrue(crashed.recordVendorCall(first, "{\"type\":\"SetBrightness\",\"brightness\":60}"));

        var claims = new DynamoDirectiveClaims(dynamo, config.directiveClaimsTable());
        var second = assertInstanceOf(DirectiveClaims.Acquired.class, claims.claim(key, Duration.ofSeconds(20)));
        assertEquals(2, second.attempt());
        assertEquals("{\"type\":\"SetBrightness\",\"brightness\":60}", second.vendorCall());
        assertFalse(crashed.complete(first, "{}"), "the crashed owner lost the claim");
        assertTrue(claims.complete(second, null));
        assertInstanceOf(DirectiveClaims.Completed.class, claims.claim(key, Duration.ofSeconds(20)));
    }

    @Test
    void aReleasedClaimIsTakenOverAtOnceKeepingItsVendorCall() {
        var claims = new DynamoDirectiveClaims(dynamo, config.directiveClaimsTable());
        String key = DirectiveClaims.keyOf("msg-" + UUID.randomUUID(), "corr-1");
        var first = (DirectiveClaims.Acquired) claims.claim(key, Duration.ofSeconds(20));
        claims.recordVendorCall(first, "{\"type\":\"Resume\"}");
        claims.release(first);
        var second = assertInstanceOf(DirectiveClaims.Acquired.class, claims.claim(key, Duration.ofSeconds(20)));
        assertEquals(2, second.attempt());
        assertEquals("{\"type\":\"Resume\"}", second.vendorCall());
    }

    @Test
    void ofConcurrentClaimsExactlyOneWins() throws Exception {
        var claims = new DynamoDirectiveClaims(dynamo, config.directiveClaimsTable());
        String key = DirectiveClaims.keyOf("msg-" + UUID.randomUUID(), "corr-1");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<DirectiveClaims.Claim>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> claims.claim(key, Duration.ofSeconds(20))));
            }
            long acquired = 0;
            for (var result : results) {
                acquired += result.get() instanceof DirectiveClaims.Acquired ? 1 : 0;
            }
            System.out.println("8 concurrent claims of one directive: " + acquired + " acquired, " + (8 - acquired) + " held off");
            assertEquals(1, acquired);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void expiredClaimsCountAsAbsentEvenBeforeTtlDeletesThem() {
        String key = DirectiveClaims.keyOf("msg-" + UUID.randomUUID(), "corr-1");
        Clock twoDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC);
        var old = new DynamoDirectiveClaims(dynamo, config.directiveClaimsTable(), twoDaysAgo, Duration.ofDays(1));
        var acquired = (DirectiveClaims.Acquired) old.claim(key, Duration.ofSeconds(20));
        old.recordVendorCall(acquired, "{}");
        old.complete(acquired, "{}");
        var fresh = assertInstanceOf(DirectiveClaims.Acquired.class,
                new DynamoDirectiveClaims(dynamo, config.directiveClaimsTable()).claim(key, Duration.ofSeconds(20)));
        assertEquals(1, fresh.attempt());
        assertFalse(fresh.vendorCalled());
    }

    @Test
    void aMessageIdReusedWithAnotherCorrelationTokenIsAnotherDirective() {
        assertNotEquals(DirectiveClaims.keyOf("m-1", "corr-1"), DirectiveClaims.keyOf("m-1", "corr-2"));
        assertEquals(64, DirectiveClaims.keyOf("m".repeat(5000), "c".repeat(5000)).length());
    }
}
