package dev.homewire.adapter.spi.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.AdapterException;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceState;
import dev.homewire.adapter.spi.VendorAccount;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.hc.client5.http.classic.methods.HttpGet;

/**
 * The list of an account's devices, for a cloud whose list answer ({@code GET <path>} →
 * {@code {"<field>": [ … ]}}) carries every device with its state, as does each device's own
 * answer ({@code GET <path>/<id>}): discovery reads the list, {@link DeviceAdapter#queryStates}
 * answers every device asked for with this one call (where {@link RevisionPoll} serves a cloud
 * that lists only revisions), and {@link #state} reads one device. One instance per adapter,
 * thread-safe.
 *
 * <h2>What {@link #states} does</h2>
 * <ol>
 *   <li>takes the distinct ids asked for; none: answers nothing and calls nothing;</li>
 *   <li>makes the list call, {@code "state query of <n> <Vendor> <devices> of account <id>"};</li>
 *   <li>passes over entries of devices not asked for (and entries without an id);</li>
 *   <li>fails the whole batch ({@link VendorHttp#unreadable}, {@code "<device> <id>: <problem>"})
 *       when an entry asked for does not read: leaving it out would read as removed at the vendor;</li>
 *   <li>answers in the order asked; devices the list lacks are left out, as the SPI asks.</li>
 * </ol>
 * A 404 of the list call is {@link VendorHttp.ErrorMapping#NO_DEVICE_ADDRESSED}; an answer without the array
 * is unreadable, {@code "expected an object with a '<field>' array"}.
 */
public final class DeviceList {

    /** One list answer: its array of devices, and when it arrived. */
    public record Listing(JsonNode entries, Instant receivedAt) {
    }

    /** Reads one entry of the list as its device's state; throws {@link IllegalArgumentException} for one it cannot read. */
    @FunctionalInterface
    public interface StateReader {
        DeviceState read(JsonNode entry, Instant receivedAt);
    }

    private final VendorHttp http;
    private final String path;
    private final String field;
    private final String device;
    private final String devices;

    /**
     * @param http    the adapter's transport
     * @param path    the list's path, e.g. {@code "/v1/locks"}
     * @param field   the field of the answer holding the array, e.g. {@code "locks"}
     * @param device  what the cloud calls one device, for messages, e.g. {@code "lock"}
     * @param devices the same, plural, e.g. {@code "locks"}
     */
    public DeviceList(VendorHttp http, String path, String field, String device, String devices) {
        this.http = Objects.requireNonNull(http, "http");
        this.path = Objects.requireNonNull(path, "path");
        this.field = Objects.requireNonNull(field, "field");
        this.device = Objects.requireNonNull(device, "device");
        this.devices = Objects.requireNonNull(devices, "devices");
    }

    /**
     * Calls the list.
     *
     * @param what what is attempted, for messages
     * @throws AdapterException as {@link VendorHttp#call} does, and unreadable when the answer holds no array
     */
    public Listing fetch(VendorAccount account, String what) {
        VendorHttp.Answer answer = http.call(account, new HttpGet(http.uri(path)), what, VendorHttp.ErrorMapping.NO_DEVICE_ADDRESSED);
        JsonNode entries = http.arrayField(http.readJson(answer, what), field, what, "expected an object with a '" + field + "' array");
        return new Listing(entries, answer.receivedAt());
    }

    /**
     * One device's state: {@code GET <path>/<id>}, {@code "state query of <Vendor> <device> <id>"};
     * an answer that is no object about that device is unreadable, {@code "not the requested <device>"},
     * as is one {@code reader} cannot read.
     *
     * @throws AdapterException as {@link VendorHttp#call} does (a 404 is {@link AdapterException.Reason#DEVICE_NOT_FOUND})
     */
    public DeviceState state(VendorAccount account, String deviceId, StateReader reader) throws AdapterException {
        String what = "state query of " + http.vendor() + " " + device + " " + deviceId;
        VendorHttp.Answer answer = http.call(account, new HttpGet(http.uri(path + "/" + VendorHttp.pathSegment(deviceId))), what);
        JsonNode entry = http.readJson(answer, what);
        if (!entry.isObject() || !deviceId.equals(entry.path("id").asText(null))) {
            throw http.unreadable(what, "not the requested " + device);
        }
        try {
            return reader.read(entry, answer.receivedAt());
        } catch (IllegalArgumentException e) {
            throw http.unreadable(what, VendorHttp.truncate(e.getMessage()));
        }
    }

    /**
     * The states of the account's devices from one list call (see the class comment).
     *
     * @return by device id, in the order asked; devices the list lacks are left out
     */
    public Map<String, DeviceState> states(VendorAccount account, Collection<String> deviceIds, StateReader reader)
            throws AdapterException {
        Set<String> wanted = new LinkedHashSet<>(deviceIds);
        if (wanted.isEmpty()) {
            return Map.of();
        }
        String what = "state query of " + wanted.size() + " " + http.vendor() + " " + devices + " of account " + account.accountId();
        Listing listing = fetch(account, what);
        Map<String, DeviceState> found = new LinkedHashMap<>();
        for (JsonNode entry : listing.entries()) {
            String id = entry.path("id").asText(null);
            if (id == null || !wanted.contains(id)) {
                continue;
            }
            try {
                found.put(id, reader.read(entry, listing.receivedAt()));
            } catch (IllegalArgumentException e) {
                throw http.unreadable(what, VendorHttp.truncate(device + " " + id + ": " + e.getMessage()));
            }
        }
        Map<String, DeviceState> ordered = new LinkedHashMap<>();
        wanted.stream().filter(found::containsKey).forEach(id -> ordered.put(id, found.get(id)));
        return ordered;
    }
}
