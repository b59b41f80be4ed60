package dev.homewire.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A simulated vendor cloud: a real HTTP server on loopback speaking the vendor's API, with demo
 * accounts and devices, and fault injection. The devstack finds simulators through
 * {@link java.util.ServiceLoader} ({@link VendorCloudSimulatorFactory}) and exposes them under
 * {@code /vendors/{adapterId}}. Never deployed.
 *
 * <p>Simulators of bearer-token JSON APIs extend {@link dev.homewire.simulator.http.SimulatedCloud},
 * which implements the HTTP server on loopback, bearer-token authentication, fault injection and
 * {@link #close()} once for all of them.
 */
public interface VendorCloudSimulator extends AutoCloseable {

    /** The id of the adapter that talks to this cloud. */
    String adapterId();

    /** Starts the HTTP server on 127.0.0.1 (port 0 = any free port). */
    void start(int port);

    /** Where the API listens once started. */
    URI baseUrl();

    /**
     * The adapter settings that point the adapter at this simulator, keyed without the
     * {@code HOMEWIRE_ADAPTER_<ID>_} prefix (e.g. {@code BASE_URL}).
     */
    Map<String, String> adapterSettings();

    /** Accounts seeded with demo devices, each meant for one devstack demo user. */
    List<DemoAccount> demoAccounts();

    /** Every simulated device with its current state, as JSON (array of objects with at least {@code deviceId}). */
    JsonNode devices();

    /** Makes a share of the cloud's API calls fail or time out; replaces earlier faults. */
    void setFaults(FaultSpec faults);

    void clearFaults();

    /**
     * Changes a device's state as if someone used it outside Alexa (a switch on the wall). Keys
     * every cloud takes: {@code "online": false|true} (the device drops off the network and comes
     * back) and, where the cloud names devices, {@code "name": "…"} (renamed in the vendor's app;
     * push clouds push that the device list changed). The other keys are the cloud's own (its API
     * document lists them).
     *
     * @throws IllegalArgumentException for an unknown device or a state the device cannot take
     */
    void changeDeviceState(String deviceId, JsonNode state);

    /**
     * Adds a device to a demo user's account as if they paired a new one in the vendor's app
     * (devstack {@code POST /vendors/{adapterId}/devices}); push clouds then push that the account's
     * device list changed. The description is the cloud's own (see its API document).
     *
     * @return the new device as {@link #devices()} lists it
     * @throws IllegalArgumentException for an unknown user or a description the cloud cannot take
     * @throws UnsupportedOperationException when the cloud does not simulate pairing
     */
    default JsonNode addDevice(String demoUser, JsonNode description) {
        throw new UnsupportedOperationException(adapterId() + " does not simulate adding devices");
    }

    /**
     * Removes a device as if its owner deleted it in the vendor's app (devstack
     * {@code DELETE /vendors/{adapterId}/devices/{deviceId}}); push clouds push the change.
     *
     * @throws IllegalArgumentException for an unknown device
     * @throws UnsupportedOperationException when the cloud does not simulate removal
     */
    default void removeDevice(String deviceId) {
        throw new UnsupportedOperationException(adapterId() + " does not simulate removing devices");
    }

    /**
     * Where a push cloud delivers its signed webhooks (the devstack's {@code /webhooks/{adapterId}});
     * clouds without push ignore it.
     */
    default void connectWebhook(URI webhookUrl) {
    }

    @Override
    void close();

    /** A seeded account: which demo user it belongs to, its id at the vendor and its credentials. */
    record DemoAccount(String demoUser, String accountId, Map<String, String> credentials) {
        public DemoAccount {
            credentials = Map.copyOf(credentials);
        }
    }

    /**
     * Fault injection: {@code failureRate} of the calls (0.0–1.0) wait {@code latencyMs} and then
     * fail with HTTP {@code status}; status 0 means the call never answers (a time-out). With
     * {@code dropCommands}, an asynchronous cloud accepts commands (202) but never applies them.
     */
    record FaultSpec(double failureRate, int status, long latencyMs, boolean dropCommands) {
        public FaultSpec(double failureRate, int status, long latencyMs) {
            this(failureRate, status, latencyMs, false);
        }

        public FaultSpec {
            if (failureRate < 0 || failureRate > 1) {
                throw new IllegalArgumentException("failureRate must be within 0.0..1.0");
            }
            if (status != 0 && (status < 400 || status > 599)) {
                throw new IllegalArgumentException("status must be 0 (time-out) or an HTTP error status 400..599");
            }
            if (latencyMs < 0) {
                throw new IllegalArgumentException("latencyMs must be >= 0");
            }
        }
    }
}
