package dev.homewire.core.store;

import java.util.Optional;

/** AcceptGrant grants per user (DynamoDB: PK userId). */
public interface GrantStore {
    Optional<Grant> find(String userId);

    void save(Grant grant);

    void delete(String userId);
}
