package dev.homewire.entrypoint;

import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.capability.CapabilityRegistry;
import dev.homewire.core.config.AlexaRegion;
import dev.homewire.core.identity.UserResolver;
import dev.homewire.core.lwa.LoginWithAmazonClient;
import dev.homewire.core.queue.DirectiveQueue;
import dev.homewire.core.schedule.SyncScheduler;
import dev.homewire.core.store.DeviceStateStore;
import dev.homewire.core.store.EndpointRegistry;
import dev.homewire.core.store.GrantStore;
import dev.homewire.core.store.LinkedAccountStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the entrypoint talks to, created once per process by the wiring.
 *
 * @param region           the Alexa region this deployment serves; stored with each AcceptGrant
 * @param deferralOverhead time the queue and processors add to an adapter's command latency in the
 *                         {@code estimatedDeferralInSeconds} we promise
 * @param syncScheduler    the users' background-sync schedules, kept by discovery (only users with
 *                         devices of poll-only vendors have one)
 */
public record EntrypointDependencies(UserResolver users, LinkedAccountStore linkedAccounts, EndpointRegistry endpoints,
        DeviceStateStore states, GrantStore grants, DirectiveQueue directives, AdapterRegistry adapters,
        CapabilityRegistry capabilities, LoginWithAmazonClient lwa, AlexaRegion region, Duration deferralOverhead,
        Clock clock, SyncScheduler syncScheduler) {

    public EntrypointDependencies {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(linkedAccounts, "linkedAccounts");
        Objects.requireNonNull(endpoints, "endpoints");
        Objects.requireNonNull(states, "states");
        Objects.requireNonNull(grants, "grants");
        Objects.requireNonNull(directives, "directives");
        Objects.requireNonNull(adapters, "adapters");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(lwa, "lwa");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(deferralOverhead, "deferralOverhead");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(syncScheduler, "syncScheduler");
        if (deferralOverhead.isNegative()) {
            throw new IllegalArgumentException("deferralOverhead must not be negative");
        }
    }
}
