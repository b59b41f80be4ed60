package dev.homewire.dispatcher.testing;

import dev.homewire.core.testing.MutableClock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Json;
import dev.homewire.alexa.Property;
import dev.homewire.core.config.AlexaRegion;
import dev.homewire.core.http.HttpClientFactory;
import dev.homewire.core.lwa.LoginWithAmazonClient;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.store.Grant;
import dev.homewire.core.testing.InMemoryGrantStore;
import dev.homewire.core.testing.RecordingSyncScheduler;
import dev.homewire.dispatcher.DeliveryOutcome;
import dev.homewire.dispatcher.EventDispatcher;
import dev.homewire.dispatcher.GatewayClient;
import dev.homewire.dispatcher.LwaTokenProvider;
import dev.homewire.dispatcher.RetrySchedule;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/** The dispatcher wired to loopback LWA and gateway servers and an in-memory grant store. */
public final class DispatcherFixture implements AutoCloseable {
    public static final String USER = "user-1";
    public static final String ENDPOINT = "fake#lamp-1";
    public static final String CLIENT_SECRET = "client-secret-value";
    public static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    public static final Duration MARGIN = Duration.ofMinutes(5);
    public static final Duration CLAIM_LEASE = Duration.ofSeconds(60);

    public final MutableClock clock = new MutableClock(START);
    public final InMemoryGrantStore grants = new InMemoryGrantStore();
    public final RecordingSyncScheduler syncScheduler = new RecordingSyncScheduler();
    public final FakeLwa lwa;
    public final FakeGateway gateway;
    public final CloseableHttpClient http = HttpClientFactory.create(Duration.ofSeconds(2));
    public final InMemoryDeliveredEvents delivered = new InMemoryDeliveredEvents(clock);
    public final InMemorySampleTimes sampleTimes = new InMemorySampleTimes();
    public final RetrySchedule retries = new RetrySchedule(4, Duration.ofSeconds(1), Duration.ofSeconds(30));
    public final LwaTokenProvider tokens;
    public final EventDispatcher dispatcher;

    public DispatcherFixture() throws IOException {
        this(null);
    }

    /** @param gatewayUrls where the gateway client posts; null for the fake gateway */
    public DispatcherFixture(Function<AlexaRegion, URI> gatewayUrls) throws IOException {
        lwa = new FakeLwa();
        gateway = new FakeGateway();
        tokens = new LwaTokenProvider(grants, new LoginWithAmazonClient(http, lwa.tokenUrl(), "client-id", CLIENT_SECRET, clock),
                clock, MARGIN);
        dispatcher = new EventDispatcher(grants, tokens, new GatewayClient(http, gatewayUrls == null ? gateway::url : gatewayUrls,
                Duration.ofSeconds(2)), syncScheduler, delivered, sampleTimes, retries, CLAIM_LEASE, clock);
    }

    /** A grant whose stored access token {@code access-0} is valid for another hour. */
    public Grant grant(AlexaRegion region) {
        Grant grant = new Grant(USER, "refresh-0", "access-0", START.plus(Duration.ofHours(1)), region, START);
        grants.save(grant);
        return grant;
    }

    /** A grant with no access token yet (as AcceptGrant may leave it), so the first use refreshes. */
    public Grant grantWithoutAccessToken() {
        Grant grant = new Grant(USER, "refresh-0", null, null, AlexaRegion.NA, START);
        grants.save(grant);
        return grant;
    }

    public Grant storedGrant() {
        return grants.find(USER).orElseThrow(() -> new AssertionError("no grant stored for " + USER));
    }

    /** An {@code Alexa.Response} as the processor publishes it (no scope), a new messageId each time. */
    public static OutboundEvent response(String userId) {
        return response(userId, START);
    }

    /** An {@code Alexa.Response} whose properties were sampled at {@code sampledAt}. */
    public static OutboundEvent response(String userId, Instant sampledAt) {
        ObjectNode connectivity = Json.object().put("value", "OK");
        return new OutboundEvent(userId, AlexaMessages.response("corr-token", ENDPOINT, List.of(
                Property.of("Alexa.PowerController", "powerState", TextNode.valueOf("ON"), sampledAt, 0),
                Property.of("Alexa.EndpointHealth", "connectivity", connectivity, sampledAt, 0))).toJson());
    }

    /** Dispatches as a first attempt. */
    public DeliveryOutcome dispatch(OutboundEvent event) {
        return dispatcher.dispatch(event, 1);
    }

    @Override
    public void close() throws IOException {
        http.close();
        lwa.close();
        gateway.close();
    }
}
