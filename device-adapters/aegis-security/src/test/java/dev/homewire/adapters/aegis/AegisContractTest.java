package dev.homewire.adapters.aegis;

import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.aegis.AegisCloudSimulator;
import dev.homewire.testkit.AdapterContractTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The Aegis adapter against its simulator, through the contract every adapter keeps (Arm, Disarm with the demo PINs, camera streams). */
class AegisContractTest extends AdapterContractTest {
    private AegisCloudSimulator cloud;

    @Override
    protected DeviceAdapterFactory adapterFactory() {
        return new AegisAdapterFactory();
    }

    @Override
    protected VendorCloudSimulator newCloud() {
        cloud = new AegisCloudSimulator(Duration.ofMillis(200));
        return cloud;
    }

    @Override
    protected Optional<String> disarmPin(VendorAccount account) {
        return switch (account.accountId()) {
            case AegisCloudSimulator.ALICE_ACCOUNT_ID -> Optional.of(AegisCloudSimulator.ALICE_PIN);
            case AegisCloudSimulator.BOB_ACCOUNT_ID -> Optional.of(AegisCloudSimulator.BOB_PIN);
            default -> Optional.empty();
        };
    }

    /** Signs as Aegis does, from the shared secret alone (not with adapter or simulator code). */
    @Override
    protected Optional<Function<byte[], Map<String, List<String>>>> webhookSigner() {
        return Optional.of(body -> AegisTestbed.SIGNING.headers(cloud.adapterSettings().get(AegisAdapterFactory.WEBHOOK_SECRET),
                Instant.now(), body));
    }
}
