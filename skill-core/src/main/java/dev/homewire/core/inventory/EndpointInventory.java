package dev.homewire.core.inventory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.adapter.spi.Device;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Json;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.capability.AlexaLimits;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.capability.EndpointIds;
import dev.homewire.core.queue.OutboundEvent;
import dev.homewire.core.queue.OutboundQueue;
import dev.homewire.core.store.EndpointRecord;
import dev.homewire.core.store.EndpointRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's endpoints between discoveries: when a vendor reports that its device list changed (a
 * push, a device missing from a poll, a periodic rediscovery), the account is discovered again, the
 * endpoint registry updated, and Alexa told what changed — {@code AddOrUpdateReport} for endpoints
 * added or renamed (or otherwise described differently), {@code DeleteReport} for endpoints gone —
 * within Alexa's limits (300 endpoints per report and per user, 256 KB per report).
 *
 * <p>Also the one place that turns discovered devices into endpoint records (ids within Alexa's
 * pattern, duplicates dropped), for the Discover directive too.
 */
public final class EndpointInventory {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointInventory.class);
    /** Room for the header and the LWA token the dispatcher adds to a report. */
    static final int ENVELOPE_BYTES = 4 * 1024;

    private final EndpointRegistry endpoints;
    private final AdapterRegistry adapters;
    private final CapabilityRegistry capabilities;
    private final OutboundQueue outbound;

    /** What a rediscovery changed and how many reports went to Alexa. */
    public record Changes(int added, int updated, int removed, int reports) {
        public static final Changes NONE = new Changes(0, 0, 0, 0);
    }

    /** A discovered device's endpoint record, and the endpoint object Alexa is told about it. */
    public record Described(EndpointRecord record, ObjectNode endpoint) {
    }

    public EndpointInventory(EndpointRegistry endpoints, AdapterRegistry adapters, CapabilityRegistry capabilities,
                             OutboundQueue outbound) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.adapters = Objects.requireNonNull(adapters, "adapters");
        this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
        this.outbound = Objects.requireNonNull(outbound, "outbound");
    }

    /**
     * The endpoint records of an adapter's discovered devices, each with its endpoint object:
     * endpoint ids within Alexa's pattern, a device reported twice kept once, null entries skipped,
     * a device Alexa could not be told about (more capabilities than it takes) left out — so
     * nothing is stored that was never announced; what is left out is logged.
     *
     * @param proactive whether the adapter reports changes ({@link DeviceAdapter#reportsChanges()})
     */
    public static List<Described> describe(String userId, String adapterId, List<Device> devices, Set<String> seen,
                                           CapabilityRegistry capabilities, boolean proactive) {
        List<Described> described = new ArrayList<>();
        for (Device device : devices) {
            if (device == null) {
                continue;
            }
            String endpointId = EndpointIds.of(adapterId, device.deviceId());
            if (!AlexaLimits.validEndpointId(endpointId)) {
                LOG.warn("discovery: adapter {} device id too long for an Alexa endpoint id; skipped", adapterId);
                continue;
            }
            Optional<ObjectNode> endpoint = endpoint(capabilities, endpointId, device, proactive);
            if (endpoint.isEmpty()) {
                continue;
            }
            if (!seen.add(endpointId)) {
                LOG.warn("discovery: adapter {} reported endpoint {} twice; kept the first", adapterId, endpointId);
            } else {
                described.add(new Described(new EndpointRecord(userId, endpointId, adapterId, device.deviceId(), device),
                        endpoint.get()));
            }
        }
        return described;
    }

    /** The endpoint object of a device, or empty (logged) when Alexa could not be told about it. */
    public static Optional<ObjectNode> endpoint(CapabilityRegistry capabilities, String endpointId, Device device, boolean proactive) {
        try {
            return Optional.of(capabilities.discoveryEndpoint(endpointId, device, proactive));
        } catch (IllegalArgumentException e) {
            LOG.warn("discovery: endpoint {} left out: {}", endpointId, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Discovers the account again and tells Alexa what changed since the user's endpoints were last
     * stored. Nothing changed → nothing is written or sent.
     *
     * @throws dev.homewire.adapter.spi.AdapterException when the vendor cannot list the devices (nothing changes then)
     */
    public Changes refresh(String userId, VendorAccount account) {
        Optional<DeviceAdapter> adapter = adapters.find(account.adapterId());
        if (adapter.isEmpty()) {
            return Changes.NONE;
        }
        String adapterId = account.adapterId();
        List<Device> devices = adapter.get().discover(account);
        List<EndpointRecord> current = endpoints.list(userId);
        Map<String, EndpointRecord> before = new LinkedHashMap<>();
        List<EndpointRecord> others = new ArrayList<>();
        for (EndpointRecord record : current) {
            if (record.adapterId().equals(adapterId)) {
                before.put(record.endpointId(), record);
            } else {
                others.add(record);
            }
        }
        Set<String> seen = new HashSet<>();
        others.forEach(r -> seen.add(r.endpointId()));
        List<Described> fresh = describe(userId, adapterId, devices, seen, capabilities, adapter.get().reportsChanges());
        int room = Math.max(0, AlexaLimits.MAX_ENDPOINTS - others.size());
        if (fresh.size() > room) {
            LOG.warn("inventory: user {} would have {} endpoints, Alexa takes {}; {} of {} left out", userId,
                    others.size() + fresh.size(), AlexaLimits.MAX_ENDPOINTS, fresh.size() - room, adapterId);
            fresh = new ArrayList<>(fresh.subList(0, room));
        }

        List<ObjectNode> changed = new ArrayList<>();
        int added = 0;
        for (Described described : fresh) {
            EndpointRecord old = before.remove(described.record().endpointId());
            if (old == null) {
                added++;
                changed.add(described.endpoint());
            } else if (!old.device().equals(described.record().device())) {
                changed.add(described.endpoint());
            }
        }
        List<String> removed = new ArrayList<>(before.keySet());
        if (changed.isEmpty() && removed.isEmpty()) {
            LOG.debug("inventory: {} devices of user {} unchanged", adapterId, userId);
            return Changes.NONE;
        }
        endpoints.replaceAdapter(userId, adapterId, fresh.stream().map(Described::record).toList());

        int reports = 0;
        for (List<ObjectNode> chunk : chunks(changed, AlexaLimits.MAX_REPORT_BYTES - ENVELOPE_BYTES)) {
            publish(userId, AlexaMessages.addOrUpdateReport(chunk));
            reports++;
        }
        for (int from = 0; from < removed.size(); from += AlexaLimits.MAX_ENDPOINTS) {
            publish(userId, AlexaMessages.deleteReport(removed.subList(from, Math.min(removed.size(), from + AlexaLimits.MAX_ENDPOINTS))));
            reports++;
        }
        Changes changes = new Changes(added, changed.size() - added, removed.size(), reports);
        LOG.info("inventory: {} devices of user {} changed: {}", adapterId, userId, changes);
        return changes;
    }

    private void publish(String userId, AlexaEvent report) {
        outbound.publish(new OutboundEvent(userId, report.toJson()));
    }

    /**
     * Endpoint objects in order, cut into reports of at most {@link AlexaLimits#MAX_ENDPOINTS} and
     * {@code maxBytes} of JSON each. One endpoint larger than that is a report of its own (Alexa
     * refuses it, the dispatcher dead-letters it, the rest go through).
     */
    static List<List<ObjectNode>> chunks(List<ObjectNode> endpoints, int maxBytes) {
        List<List<ObjectNode>> chunks = new ArrayList<>();
        List<ObjectNode> chunk = new ArrayList<>();
        long bytes = 0;
        for (ObjectNode endpoint : endpoints) {
            int size = Json.writeBytes(endpoint).length + 1;
            if (!chunk.isEmpty() && (chunk.size() == AlexaLimits.MAX_ENDPOINTS || bytes + size > maxBytes)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(endpoint);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }
}
