package dev.homewire.core.store;

import java.util.List;
import java.util.Optional;

/** The endpoints each user was last told about at discovery (DynamoDB: PK userId, SK endpointId). */
public interface EndpointRegistry {

    /** Stores the result of a discovery: the given endpoints, and removes the user's endpoints not among them. */
    void replaceAll(String userId, List<EndpointRecord> endpoints);

    /**
     * Stores one adapter's endpoints after its devices changed (a rediscovery of one vendor
     * account): the given endpoints, and removes that adapter's stored endpoints not among them.
     * Endpoints of the user's other adapters are left alone, so two vendors' rediscoveries running
     * at once cannot undo each other.
     *
     * @throws IllegalArgumentException if a record belongs to another user or adapter
     */
    void replaceAdapter(String userId, String adapterId, List<EndpointRecord> endpoints);

    /** The endpoint if it belongs to this user; how ownership is checked. */
    Optional<EndpointRecord> find(String userId, String endpointId);

    List<EndpointRecord> list(String userId);
}
