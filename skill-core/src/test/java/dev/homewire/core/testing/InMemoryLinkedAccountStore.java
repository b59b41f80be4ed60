package dev.homewire.core.testing;

import dev.homewire.adapter.spi.VendorAccount;
import dev.homewire.core.store.LinkedAccountStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A fake of our own port for unit tests. */
public final class InMemoryLinkedAccountStore implements LinkedAccountStore {
    private final Map<String, Map<String, VendorAccount>> byUser = new ConcurrentHashMap<>();

    @Override
    public List<VendorAccount> accounts(String userId) {
        return new ArrayList<>(byUser.getOrDefault(userId, Map.of()).values());
    }

    @Override
    public Optional<VendorAccount> account(String userId, String adapterId) {
        return Optional.ofNullable(byUser.getOrDefault(userId, Map.of()).get(adapterId));
    }

    @Override
    public List<String> usersForAccount(String adapterId, String accountId) {
        List<String> users = new ArrayList<>();
        byUser.forEach((user, accounts) -> {
            VendorAccount account = accounts.get(adapterId);
            if (account != null && account.accountId().equals(accountId)) {
                users.add(user);
            }
        });
        return users;
    }

    @Override
    public void save(String userId, VendorAccount account) {
        byUser.computeIfAbsent(userId, u -> new ConcurrentHashMap<>()).put(account.adapterId(), account);
    }
}
