package dev.homewire.adapters.latchkey;

import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.latchkey.LatchkeyCloudSimulator;
import dev.homewire.testkit.AdapterContractTest;
import dev.homewire.testkit.WebhookSigning;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The Latchkey adapter against its simulator, through the contract every adapter keeps. */
class LatchkeyContractTest extends AdapterContractTest {
    private LatchkeyCloudSimulator cloud;

    @Override
    protected DeviceAdapterFactory adapterFactory() {
        return new LatchkeyAdapterFactory();
    }

    @Override
    protected VendorCloudSimulator newCloud() {
        cloud = new LatchkeyCloudSimulator(Duration.ofMillis(200));
        return cloud;
    }

    /** Signs as Latchkey does, from the shared secret alone (not with adapter or simulator code). */
    @Override
    protected Optional<Function<byte[], Map<String, List<String>>>> webhookSigner() {
        WebhookSigning latchkey = new WebhookSigning("Latchkey-Timestamp", "Latchkey-Signature");
        return Optional.of(body -> latchkey.headers(cloud.adapterSettings().get(LatchkeyAdapterFactory.WEBHOOK_SECRET),
                Instant.now(), body));
    }
}
