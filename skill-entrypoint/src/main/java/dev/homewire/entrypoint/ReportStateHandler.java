package dev.homewire.entrypoint;

import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.Connectivity;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.ErrorType;
import dev.homewire.alexa.Scope;
import dev.homewire.core.store.DeviceStateStore;
import dev.homewire.core.store.EndpointRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Alexa/ReportState}: answers from the stored state while it is fresh enough for the adapter,
 * otherwise asks the vendor synchronously (within the time budget) and stores the answer. When the
 * vendor fails, a stored state is still better than an error.
 */
final class ReportStateHandler implements DirectiveHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ReportStateHandler.class);

    private final EntrypointDependencies deps;
    private final Lookups lookups;
    private final ExecutorService executor;

    ReportStateHandler(EntrypointDependencies deps, Lookups lookups, ExecutorService executor) {
        this.deps = deps;
        this.lookups = lookups;
        this.executor = executor;
    }

    @Override
    public boolean canHandle(DirectiveRequest input) {
        Directive d = input.directive();
        return "Alexa".equals(d.namespace()) && "ReportState".equals(d.name());
    }

    @Override
    public AlexaEvent handle(DirectiveRequest input) {
        Directive directive = input.directive();
        String userId = lookups.userId(directive);
        EndpointRecord endpoint = lookups.ownedEndpoint(userId, directive);
        DeviceAdapter adapter = lookups.adapter(endpoint);

        Optional<DeviceState> cached = cached(userId, endpoint.endpointId());
        DeviceState state;
        if (cached.isPresent() && fresh(cached.get(), adapter.stateFreshness(), deps.clock().instant())) {
            state = cached.get();
        } else {
            try {
                state = store(userId, endpoint.endpointId(), query(userId, endpoint, adapter, input));
            } catch (RuntimeException e) {
                if (cached.isEmpty()) {
                    throw e;
                }
                LOG.warn("ReportState: querying {} through {} failed ({}); answering from the stored state",
                        endpoint.endpointId(), adapter.id(), describe(e));
                state = cached.get();
                if (e instanceof AdapterException && ((AdapterException) e).reason() == AdapterException.Reason.DEVICE_OFFLINE) {
                    state = state.toBuilder().connectivity(Connectivity.UNREACHABLE).build();
                }
            }
        }
        Scope scope = directive.endpoint().map(Directive.Endpoint::scope).filter(ErrorResponses::echoable).orElse(null);
        return AlexaMessages.stateReport(directive.correlationToken(), endpoint.endpointId(), scope,
                deps.capabilities().properties(endpoint.device(), state, deps.clock().instant()));
    }

    private Optional<DeviceState> cached(String userId, String endpointId) {
        try {
            return deps.states().get(userId, endpointId);
        } catch (RuntimeException e) {
            LOG.warn("ReportState: stored state of {} could not be read ({}); asking the vendor", endpointId,
                    e.getClass().getName());
            return Optional.empty();
        }
    }

    static boolean fresh(DeviceState state, Duration freshness, Instant now) {
        return Duration.between(state.observedAt(), now).compareTo(freshness) <= 0;
    }

    private DeviceState query(String userId, EndpointRecord endpoint, DeviceAdapter adapter, DirectiveRequest input) {
        VendorAccount account = deps.linkedAccounts().account(userId, endpoint.adapterId())
                .orElseThrow(() -> new AlexaErrorException(ErrorType.ENDPOINT_UNREACHABLE,
                        "the vendor account behind " + endpoint.endpointId() + " is no longer linked"));
        DeviceState state = Bounded.call(executor, () -> adapter.queryState(account, endpoint.deviceId()),
                input.remaining(), () -> new AdapterException(AdapterException.Reason.VENDOR_UNAVAILABLE,
                        adapter.id() + " did not report the state of " + endpoint.endpointId() + " in time"));
        if (state == null) {
            throw new AdapterException(AdapterException.Reason.VENDOR_ERROR, adapter.id() + " reported no state");
        }
        return state;
    }

    /** Stores a queried state; answers with the newer one if the store already holds a later observation. */
    private DeviceState store(String userId, String endpointId, DeviceState state) {
        try {
            DeviceStateStore.PutResult result = deps.states().put(userId, endpointId, state);
            if (!result.written() && result.previous() != null && result.previous().observedAt().isAfter(state.observedAt())) {
                return result.previous();
            }
        } catch (RuntimeException e) {
            LOG.warn("ReportState: state of {} could not be stored ({})", endpointId, e.getClass().getName());
        }
        return state;
    }

    private static String describe(RuntimeException e) {
        if (e instanceof AdapterException) {
            return ((AdapterException) e).reason() + ": " + e.getMessage();
        }
        if (e instanceof AlexaErrorException) {
            return ((AlexaErrorException) e).error().type();
        }
        return e.getClass().getName();
    }
}
