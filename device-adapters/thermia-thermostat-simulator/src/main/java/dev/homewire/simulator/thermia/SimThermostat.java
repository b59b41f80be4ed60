package dev.homewire.simulator.thermia;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * One simulated Thermia thermostat. Mutable; every access goes through the simulator's lock.
 */
final class SimThermostat {
    /** Every mode of the API, in API order. */
    static final List<String> ALL_MODES = List.of("heat", "cool", "auto", "eco", "off");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    final String id;
    final String accountId;
    final String name;
    final String model;
    /** Setpoint range in °C (one decimal). */
    final double minSetpoint;
    final double maxSetpoint;
    /** In API order. */
    final List<String> supportedModes;
    /** Prefix that makes revisions unique per simulator instance. */
    private final String revisionTag;

    boolean online = true;
    /** When the connection was lost; only meaningful while offline. */
    Instant offlineSince;
    String mode;
    double setpoint;
    double ambient;
    private long revision = 1;
    /** When anything covered by the revision last changed. */
    Instant changedAt;

    SimThermostat(String id, String accountId, String name, String model, double minSetpoint, double maxSetpoint,
                  List<String> supportedModes, String revisionTag, Instant now) {
        this.id = id;
        this.accountId = accountId;
        this.name = name;
        this.model = model;
        this.minSetpoint = minSetpoint;
        this.maxSetpoint = maxSetpoint;
        this.supportedModes = ALL_MODES.stream().filter(supportedModes::contains).toList();
        this.revisionTag = revisionTag;
        this.changedAt = now;
    }

    boolean supports(String candidateMode) {
        return supportedModes.contains(candidateMode);
    }

    boolean accepts(double celsius) {
        return celsius >= minSetpoint && celsius <= maxSetpoint;
    }

    /** The opaque revision: changes whenever any reported value (incl. connectivity) changes. */
    String revision() {
        return revisionTag + "-" + String.format("%06d", revision);
    }

    /** Records a change of a reported value. */
    void bump(Instant now) {
        revision++;
        changedAt = now;
    }

    /** When the cloud last heard from the thermostat: now while connected. */
    Instant updatedAt(Instant now) {
        return online ? now : offlineSince;
    }

    /** The entry of {@code GET /v1/summary}. */
    ObjectNode summaryEntry() {
        ObjectNode entry = NODES.objectNode();
        entry.put("id", id);
        entry.put("revision", revision());
        entry.put("online", online);
        return entry;
    }

    /** The thermostat object of {@code GET /v1/thermostats[/…]}. */
    ObjectNode apiDetails(Instant now) {
        ObjectNode thermostat = NODES.objectNode();
        thermostat.put("id", id);
        thermostat.put("name", name);
        thermostat.put("model", model);
        thermostat.put("online", online);
        thermostat.put("mode", mode);
        thermostat.put("setpoint", setpoint);
        thermostat.put("ambient", ambient);
        ObjectNode range = thermostat.putObject("setpoint_range");
        range.put("min", minSetpoint);
        range.put("max", maxSetpoint);
        supportedModes.forEach(thermostat.putArray("supported_modes")::add);
        thermostat.put("updated_at", updatedAt(now).toString());
        thermostat.put("revision", revision());
        return thermostat;
    }

    /** The simulator's control view (flat, camelCase), as {@code devices()} lists it. */
    ObjectNode controlView(Instant now) {
        ObjectNode device = NODES.objectNode();
        device.put("deviceId", id);
        device.put("accountId", accountId);
        device.put("name", name);
        device.put("model", model);
        device.put("online", online);
        device.put("mode", mode);
        device.put("setpoint", setpoint);
        device.put("ambient", ambient);
        device.put("revision", revision());
        ObjectNode range = device.putObject("setpointRange");
        range.put("min", minSetpoint);
        range.put("max", maxSetpoint);
        supportedModes.forEach(device.putArray("supportedModes")::add);
        device.put("updatedAt", updatedAt(now).toString());
        device.put("changedAt", changedAt.toString());
        return device;
    }

    /** Rounds to one decimal, half up, as the API does with setpoints and temperatures. */
    static double oneDecimal(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }
}
