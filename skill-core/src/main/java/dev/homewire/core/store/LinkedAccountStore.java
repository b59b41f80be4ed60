package dev.homewire.core.store;

import dev.homewire.adapter.spi.VendorAccount;
import java.util.List;
import java.util.Optional;

/**
 * The vendor accounts a user has linked, one per adapter (DynamoDB: PK userId, SK adapterId).
 * The operator fills it; the devstack seeds it.
 */
public interface LinkedAccountStore {
    List<VendorAccount> accounts(String userId);

    Optional<VendorAccount> account(String userId, String adapterId);

    void save(String userId, VendorAccount account);
}
