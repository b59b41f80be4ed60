package dev.homewire.core;

import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.breaker.GuardedAdapter;
import dev.homewire.core.breaker.VendorBreakers;
import dev.homewire.core.breaker.VendorStatusStore;
import dev.homewire.core.aws.AwsClients;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.config.HomewireConfig;
import dev.homewire.core.http.HttpClientFactory;
import dev.homewire.core.identity.UserInfoResolver;
import dev.homewire.core.inventory.EndpointInventory;
import dev.homewire.core.identity.UserResolver;
import dev.homewire.core.lwa.LoginWithAmazonClient;
import dev.homewire.core.queue.DirectiveQueue;
import dev.homewire.core.queue.OutboundQueue;
import dev.homewire.core.pending.PendingOperationStore;
import dev.homewire.core.pending.DeadlineQueue;
import dev.homewire.core.pending.PollQueue;
import dev.homewire.core.queue.sqs.SqsDirectiveQueue;
import dev.homewire.core.queue.sqs.SqsDeadlineQueue;
import dev.homewire.core.queue.sqs.SqsPollQueue;
import dev.homewire.core.schedule.EventBridgeSyncScheduler;
import dev.homewire.core.schedule.SyncScheduler;
import dev.homewire.core.store.dynamo.DynamoPendingOperationStore;
import dev.homewire.core.updates.DeviceUpdateService;
import dev.homewire.core.queue.sqs.SqsOutboundQueue;
import dev.homewire.core.store.DeviceStateStore;
import dev.homewire.core.store.EndpointRegistry;
import dev.homewire.core.store.GrantStore;
import dev.homewire.core.store.LinkedAccountStore;
import dev.homewire.core.store.DirectiveClaims;
import dev.homewire.core.store.DeliveredEvents;
import dev.homewire.core.store.DeliveredSampleTimes;
import dev.homewire.core.store.dynamo.DynamoDeliveredEvents;
import dev.homewire.core.store.dynamo.DynamoDeliveredSampleTimes;
import dev.homewire.core.store.dynamo.DynamoDeviceStateStore;
import dev.homewire.core.store.dynamo.DynamoEndpointRegistry;
import dev.homewire.core.store.dynamo.DynamoGrantStore;
import dev.homewire.core.store.dynamo.DynamoLinkedAccountStore;
import dev.homewire.core.store.dynamo.DynamoDirectiveClaims;
import dev.homewire.core.store.dynamo.DynamoVendorStatusStore;
import java.time.Clock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The composition root: every client, store, queue and registry of one process, built from
 * configuration once and only when first asked for (each Lambda needs a different subset, and
 * cold start matters). Lambda handlers hold one in a static field; the devstack builds one from
 * its own configuration map.
 */
public final class SkillRuntime {
    private static volatile SkillRuntime fromEnvironment;

    private final HomewireConfig config;
    private final Clock clock;
    private final Supplier<CloseableHttpClient> httpClient;
    private final Supplier<DynamoDbClient> dynamoDb;
    private final Supplier<SqsClient> sqs;
    private final Supplier<GrantStore> grants;
    private final Supplier<EndpointRegistry> endpoints;
    private final Supplier<DeviceStateStore> deviceStates;
    private final Supplier<LinkedAccountStore> linkedAccounts;
    private final Supplier<DirectiveClaims> directiveClaims;
    private final Supplier<DirectiveQueue> directiveQueue;
    private final Supplier<OutboundQueue> outboundQueue;
    private final Supplier<AdapterRegistry> adapters;
    private volatile boolean adaptersLoaded;
    private final Supplier<CapabilityRegistry> capabilities;
    private final Supplier<UserResolver> userResolver;
    private final Supplier<LoginWithAmazonClient> lwa;
    private final Supplier<PendingOperationStore> pendingOperations;
    private final Supplier<PollQueue> pollQueue;
    private final Supplier<DeadlineQueue> deadlineQueue;
    private final Supplier<DeviceUpdateService> deviceUpdates;
    private final Supplier<SyncScheduler> syncScheduler;
    private final Supplier<EndpointInventory> inventory;
    private final Supplier<DeliveredEvents> deliveredEvents;
    private final Supplier<DeliveredSampleTimes> deliveredSampleTimes;
    private final Supplier<VendorStatusStore> vendorStatus;
    private final Supplier<VendorBreakers> vendorBreakers;

    public SkillRuntime(HomewireConfig config) {
        this(config, Clock.systemUTC());
    }

    public SkillRuntime(HomewireConfig config, Clock clock) {
        this(config, clock, runtime -> EventBridgeSyncScheduler.fromConfig(config));
    }

    /**
     * @param syncSchedulerFactory builds the background-sync scheduler (EventBridge Scheduler in
     *        AWS; the devstack passes an in-process timer that calls the same sync code)
     */
    public SkillRuntime(HomewireConfig config, Clock clock, Function<SkillRuntime, SyncScheduler> syncSchedulerFactory) {
        this.config = config;
        this.clock = clock;
        this.httpClient = lazy(() -> HttpClientFactory.create(config.httpTimeout()));
        this.dynamoDb = lazy(() -> AwsClients.dynamoDb(config));
        this.sqs = lazy(() -> AwsClients.sqs(config));
        this.grants = lazy(() -> new DynamoGrantStore(dynamoDb.get(), config.grantsTable()));
        this.endpoints = lazy(() -> new DynamoEndpointRegistry(dynamoDb.get(), config.endpointsTable()));
        this.deviceStates = lazy(() -> new DynamoDeviceStateStore(dynamoDb.get(), config.deviceStateTable()));
        this.linkedAccounts = lazy(() -> new DynamoLinkedAccountStore(dynamoDb.get(), config.linkedAccountsTable()));
        this.directiveClaims = lazy(() -> new DynamoDirectiveClaims(dynamoDb.get(), config.directiveClaimsTable()));
        this.directiveQueue = lazy(() -> new SqsDirectiveQueue(sqs.get(), config.directiveQueueUrl()));
        this.outboundQueue = lazy(() -> new SqsOutboundQueue(sqs.get(), config.outboundQueueUrl()));
        this.vendorStatus = lazy(() -> new DynamoVendorStatusStore(dynamoDb.get(), config.vendorStatusTable()));
        this.vendorBreakers = lazy(() -> new VendorBreakers(vendorStatus.get(), config.breakerOpenInterval(), clock));
        // every vendor call of every caller goes through its vendor's circuit breaker
        this.adapters = lazy(() -> {
            adaptersLoaded = true;
            return AdapterRegistry.load(config.environment(), httpClient.get(), config.httpTimeout())
                    .decorated(adapter -> new GuardedAdapter(adapter, vendorBreakers.get()));
        });
        this.capabilities = lazy(CapabilityRegistry::standard);
        this.userResolver = lazy(() -> new UserInfoResolver(httpClient.get(), config.userInfoUrl(),
                config.userInfoIdField(), config.userInfoCacheTtl(), clock));
        this.lwa = lazy(() -> new LoginWithAmazonClient(httpClient.get(), config.lwaTokenUrl(), config.lwaClientId(),
                config.lwaClientSecret(), clock, config.httpTimeout()));
        this.deliveredEvents = lazy(() -> new DynamoDeliveredEvents(dynamoDb.get(), config.deliveredEventsTable(), clock));
        this.deliveredSampleTimes = lazy(() -> new DynamoDeliveredSampleTimes(dynamoDb.get(), config.deliveredSamplesTable(), clock));
        this.pendingOperations = lazy(() -> new DynamoPendingOperationStore(dynamoDb.get(), config.pendingOperationsTable(), clock));
        this.pollQueue = lazy(() -> new SqsPollQueue(sqs.get(), config.pollQueueUrl()));
        this.deadlineQueue = lazy(() -> new SqsDeadlineQueue(sqs.get(), config.deadlineQueueUrl()));
        this.deviceUpdates = lazy(() -> new DeviceUpdateService(endpoints.get(), deviceStates.get(), pendingOperations.get(),
                outboundQueue.get(), capabilities.get(), clock));
        this.syncScheduler = lazy(() -> syncSchedulerFactory.apply(this));
        this.inventory = lazy(() -> new EndpointInventory(endpoints.get(), adapters.get(), capabilities.get(), outboundQueue.get()));
    }

    /** The process-wide runtime configured from environment variables, as Lambda runs it. */
    public static SkillRuntime fromEnvironment() {
        SkillRuntime r = fromEnvironment;
        if (r == null) {
            synchronized (SkillRuntime.class) {
                r = fromEnvironment;
                if (r == null) {
                    r = new SkillRuntime(HomewireConfig.fromEnvironment());
                    fromEnvironment = r;
                }
            }
        }
        return r;
    }

    public HomewireConfig config() { return config; }
    public Clock clock() { return clock; }
    public CloseableHttpClient httpClient() { return httpClient.get(); }
    public DynamoDbClient dynamoDb() { return dynamoDb.get(); }
    public SqsClient sqs() { return sqs.get(); }
    public GrantStore grants() { return grants.get(); }
    public EndpointRegistry endpoints() { return endpoints.get(); }
    public DeviceStateStore deviceStates() { return deviceStates.get(); }
    public LinkedAccountStore linkedAccounts() { return linkedAccounts.get(); }
    public DirectiveClaims directiveClaims() { return directiveClaims.get(); }
    public DirectiveQueue directiveQueue() { return directiveQueue.get(); }
    public OutboundQueue outboundQueue() { return outboundQueue.get(); }
    public AdapterRegistry adapters() { return adapters.get(); }
    public CapabilityRegistry capabilities() { return capabilities.get(); }
    public UserResolver userResolver() { return userResolver.get(); }
    public LoginWithAmazonClient lwa() { return lwa.get(); }
    public PendingOperationStore pendingOperations() { return pendingOperations.get(); }
    public PollQueue pollQueue() { return pollQueue.get(); }
    public DeadlineQueue deadlineQueue() { return deadlineQueue.get(); }
    public DeviceUpdateService deviceUpdates() { return deviceUpdates.get(); }
    public SyncScheduler syncScheduler() { return syncScheduler.get(); }
    public EndpointInventory inventory() { return inventory.get(); }
    public DeliveredEvents deliveredEvents() { return deliveredEvents.get(); }
    public DeliveredSampleTimes deliveredSampleTimes() { return deliveredSampleTimes.get(); }
    public VendorStatusStore vendorStatus() { return vendorStatus.get(); }
    public VendorBreakers vendorBreakers() { return vendorBreakers.get(); }

    /** Whether something asked for the adapters yet (they are created on first use); for the template checks. */
    public boolean adaptersLoaded() {
        return adaptersLoaded;
    }

    /** Thread-safe memoizing supplier. */
    private static <T> Supplier<T> lazy(Supplier<T> factory) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            v = factory.get();
                            value = v;
                        }
                    }
                }
                return v;
            }
        };
    }
}
