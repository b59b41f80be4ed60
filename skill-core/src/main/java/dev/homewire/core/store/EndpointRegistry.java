package dev.homewire.core.store;

import java.util.List;
import java.util.Optional;

/** The endpoints each user was last told about at discovery (DynamoDB: PK userId, SK endpointId). */
public interface EndpointRegistry {

    /** Stores the result of a discovery: the given endpoints, and removes the user's endpoints not among them. */
    void replaceAll(String userId, List<EndpointRecord> endpoints);

    /** The endpoint if it belongs to this user; how ownership is checked. */
    Optional<EndpointRecord> find(String userId, String endpointId);

    List<EndpointRecord> list(String userId);
}
