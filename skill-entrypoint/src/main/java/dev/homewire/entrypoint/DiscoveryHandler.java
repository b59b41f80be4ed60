package dev.homewire.entrypoint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Directive;
import dev.homewire.core.capability.AlexaLimits;
import dev.homewire.core.inventory.EndpointInventory;
import dev.homewire.core.inventory.EndpointInventory.Described;
import dev.homewire.core.store.EndpointRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Alexa.Discovery/Discover}: asks every linked adapter for its devices in parallel within the
 * time budget, stores the user's endpoint registry and answers with the endpoints. An adapter that
 * fails or is too slow is skipped; the endpoints it had before are kept (in the registry and in the
 * answer), so a vendor outage never makes devices disappear.
 *
 * <p>Users with at least one endpoint of a poll-only vendor ({@link InteractionStyle#ASYNC_POLL})
 * get a background-sync schedule, the others lose theirs. Best effort within what is left of the
 * budget: a failing or slow scheduler is logged and never fails discovery.
 */
final class DiscoveryHandler implements DirectiveHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryHandler.class);

    private final EntrypointDependencies deps;
    private final Lookups lookups;
    private final ExecutorService executor;

    DiscoveryHandler(EntrypointDependencies deps, Lookups lookups, ExecutorService executor) {
        this.deps = deps;
        this.lookups = lookups;
        this.executor = executor;
    }

    @Override
    public boolean canHandle(DirectiveRequest input) {
        Directive d = input.directive();
        return "Alexa.Discovery".equals(d.namespace()) && "Discover".equals(d.name());
    }

    @Override
    public AlexaEvent handle(DirectiveRequest input) {
        String userId = lookups.userId(input.directive());
        List<VendorAccount> accounts = new ArrayList<>(deps.linkedAccounts().accounts(userId));
        accounts.sort(Comparator.comparing(VendorAccount::adapterId));
        Map<VendorAccount, Optional<List<Device>>> discovered = discoverAll(accounts, input);

        List<EndpointRecord> previous = null;
        List<Described> described = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map.Entry<VendorAccount, Optional<List<Device>>> entry : discovered.entrySet()) {
            String adapterId = entry.getKey().adapterId();
            boolean proactive = deps.adapters().find(adapterId).map(DeviceAdapter::reportsChanges).orElse(false);
            if (entry.getValue().isPresent()) {
                described.addAll(EndpointInventory.describe(userId, adapterId, entry.getValue().get(), seen, deps.capabilities(),
                        proactive));
            } else {
                if (previous == null) {
                    previous = deps.endpoints().list(userId);
                }
                int kept = 0;
                for (EndpointRecord old : previous) {
                    if (old.adapterId().equals(adapterId) && seen.add(old.endpointId())) {
                        Optional<ObjectNode> endpoint = EndpointInventory.endpoint(deps.capabilities(), old.endpointId(), old.device(),
                                proactive);
                        if (endpoint.isPresent()) {
                            described.add(new Described(old, endpoint.get()));
                            kept++;
                        }
                    }
                }
                LOG.warn("discovery: adapter {} gave no answer; kept its {} previously discovered endpoints", adapterId, kept);
            }
        }
        if (described.size() > AlexaLimits.MAX_ENDPOINTS) {
            LOG.warn("discovery: {} endpoints found, Alexa takes at most {}; the rest are left out", described.size(),
                    AlexaLimits.MAX_ENDPOINTS);
            described = new ArrayList<>(described.subList(0, AlexaLimits.MAX_ENDPOINTS));
        }
        List<EndpointRecord> records = described.stream().map(Described::record).toList();
        deps.endpoints().replaceAll(userId, records);
        updateSyncSchedule(userId, records, input);
        return AlexaMessages.discoverResponse(described.stream().map(Described::endpoint).toList());
    }

    /** Ensures or deletes the user's sync schedule; waits at most for what is left of the budget, never throws. */
    private void updateSyncSchedule(String userId, List<EndpointRecord> records, DirectiveRequest input) {
        boolean pollOnly = records.stream().anyMatch(r -> deps.adapters().find(r.adapterId())
                .map(a -> a.interactionStyle() == InteractionStyle.ASYNC_POLL).orElse(false));
        String action = pollOnly ? "create" : "delete";
        Runnable call = pollOnly
                ? () -> deps.syncScheduler().ensureSchedule(userId)
                : () -> deps.syncScheduler().deleteSchedule(userId);
        Future<?> future;
        try {
            future = executor.submit(call);
        } catch (RuntimeException e) {
            LOG.warn("discovery: could not {} the sync schedule of user {}: {}", action, userId, e.toString());
            return;
        }
        try {
            future.get(input.remaining().toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // not cancelled: the call is idempotent and may still finish in the background
            LOG.warn("discovery: no time left to wait for the scheduler to {} the sync schedule of user {}", action, userId);
        } catch (ExecutionException e) {
            LOG.warn("discovery: could not {} the sync schedule of user {}: {}", action, userId, String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each account's devices, or empty when its adapter is missing, failed or did not answer in time; in account order (by adapter id). */
    private Map<VendorAccount, Optional<List<Device>>> discoverAll(List<VendorAccount> accounts, DirectiveRequest input) {
        Map<VendorAccount, Optional<List<Device>>> results = new LinkedHashMap<>();
        List<VendorAccount> asked = new ArrayList<>();
        List<Callable<List<Device>>> calls = new ArrayList<>();
        for (VendorAccount account : accounts) {
            results.put(account, Optional.empty());
            Optional<DeviceAdapter> adapter = deps.adapters().find(account.adapterId());
            if (adapter.isEmpty()) {
                LOG.warn("discovery: no adapter {} in this deployment for a linked account; skipped", account.adapterId());
                continue;
            }
            asked.add(account);
            calls.add(() -> adapter.get().discover(account));
        }
        if (calls.isEmpty()) {
            return results;
        }
        long budgetNanos = input.remaining().toNanos();
        List<Future<List<Device>>> futures;
        try {
            futures = executor.invokeAll(calls, budgetNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("discovery: interrupted while waiting for adapters");
            return results;
        }
        for (int i = 0; i < futures.size(); i++) {
            String adapterId = asked.get(i).adapterId();
            Future<List<Device>> future = futures.get(i);
            try {
                List<Device> devices = future.get(0, TimeUnit.NANOSECONDS);
                if (devices == null) {
                    LOG.warn("discovery: adapter {} answered no device list; skipped", adapterId);
                } else {
                    results.put(asked.get(i), Optional.of(devices));
                }
            } catch (CancellationException | java.util.concurrent.TimeoutException e) {
                LOG.warn("discovery: adapter {} did not answer within {} ms; skipped", adapterId,
                        TimeUnit.NANOSECONDS.toMillis(budgetNanos));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof AdapterException) {
                    LOG.warn("discovery: adapter {} failed ({}): {}", adapterId,
                            ((AdapterException) cause).reason(), cause.getMessage());
                } else {
                    LOG.warn("discovery: adapter {} failed unexpectedly; skipped", adapterId, cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return results;
    }
}
