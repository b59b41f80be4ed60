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

    /**
     * The users who linked this vendor account (usually one; a shared household account may be
     * linked by several), for routing a vendor's push to the right users.
     */
    List<String> usersForAccount(String adapterId, String accountId);
}
