package dev.homewire.adapters.latchkey;

import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.simulator.VendorCloudSimulator;
import dev.homewire.simulator.latchkey.LatchkeyCloudSimulator;
import dev.homewire.testkit.AdapterContractTest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
        return Optional.of(body -> {
            String secret = cloud.adapterSettings().get(LatchkeyAdapterFactory.WEBHOOK_SECRET);
            String timestamp = Long.toString(Instant.now().getEpochSecond());
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
                String signature = HexFormat.of().formatHex(mac.doFinal(body));
                return Map.of("Latchkey-Timestamp", List.of(timestamp), "Latchkey-Signature", List.of("v1=" + signature));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
