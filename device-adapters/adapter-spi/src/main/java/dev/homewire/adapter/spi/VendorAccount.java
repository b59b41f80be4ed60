package dev.homewire.adapter.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A user's account at one vendor, as the operator linked it: the vendor's id for the account
 * and the credentials to act for it. {@link #toString()} never shows the credentials.
 */
public record VendorAccount(String adapterId, String accountId, Map<String, String> credentials) {
    public VendorAccount {
        Objects.requireNonNull(adapterId, "adapterId");
        Objects.requireNonNull(accountId, "accountId");
        credentials = Map.copyOf(credentials == null ? Map.of() : credentials);
    }

    public String credential(String name) {
        String value = credentials.get(name);
        if (value == null) {
            throw new AdapterException(AdapterException.Reason.CREDENTIALS_EXPIRED,
                    "vendor account " + accountId + " at " + adapterId + " has no credential '" + name + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        return "VendorAccount[adapterId=" + adapterId + ", accountId=" + accountId + ", credentials=" + credentials.keySet() + "]";
    }
}
