package dev.homewire.core.testing;

import dev.homewire.core.store.DirectiveClaims;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A fake of our own port for unit tests: the same rules as the DynamoDB claims, in a map. */
public final class InMemoryDirectiveClaims implements DirectiveClaims {

    /** One directive's claim as stored. */
    public record Item(String owner, Instant leaseUntil, int attempt, String vendorCall, boolean done, String answer) {
    }

    public final Map<String, Item> items = new ConcurrentHashMap<>();
    private final Clock clock;

    public InMemoryDirectiveClaims() {
        this(Clock.systemUTC());
    }

    public InMemoryDirectiveClaims(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Claim claim(String key, Duration lease) {
        Instant now = clock.instant();
        Item item = items.get(key);
        if (item != null && item.done()) {
            return new Completed(key, item.answer());
        }
        if (item != null && !item.leaseUntil().isBefore(now)) {
            return new Held(key, item.leaseUntil());
        }
        String owner = UUID.randomUUID().toString();
        Item claimed = new Item(owner, now.plus(lease), item == null ? 1 : item.attempt() + 1,
                item == null ? null : item.vendorCall(), false, null);
        items.put(key, claimed);
        return new Acquired(key, owner, claimed.leaseUntil(), claimed.attempt(), claimed.vendorCall());
    }

    @Override
    public synchronized boolean recordVendorCall(Acquired claim, String command) {
        Item item = items.get(claim.key());
        if (item == null || !item.owner().equals(claim.owner())) {
            return false;
        }
        items.put(claim.key(), new Item(item.owner(), item.leaseUntil(), item.attempt(), command, false, null));
        return true;
    }

    @Override
    public synchronized void release(Acquired claim) {
        Item item = items.get(claim.key());
        if (item != null && item.owner().equals(claim.owner())) {
            items.put(claim.key(), new Item(item.owner(), Instant.EPOCH, item.attempt(), item.vendorCall(), false, null));
        }
    }

    @Override
    public synchronized boolean complete(Acquired claim, String answer) {
        Item item = items.get(claim.key());
        if (item == null || !item.owner().equals(claim.owner())) {
            return false;
        }
        items.put(claim.key(), new Item(item.owner(), item.leaseUntil(), item.attempt(), item.vendorCall(), true, answer));
        return true;
    }

    /** Whether the queued directive was handled. */
    public boolean completed(dev.homewire.core.queue.QueuedDirective queued) {
        var header = queued.directive().path("directive").path("header");
        return completed(header.path("messageId").asText(), header.path("correlationToken").asText(null));
    }

    /** Whether no directive was handled. */
    public boolean noneCompleted() {
        return items.values().stream().noneMatch(Item::done);
    }

    /**
     * As if every delivery so far had crashed before recording its outcome: the claims are
     * unfinished and their leases lapsed; recorded vendor calls stay.
     */
    public synchronized void crashBeforeCompletion() {
        items.replaceAll((key, item) -> new Item(item.owner(), Instant.EPOCH, item.attempt(), item.vendorCall(), false, null));
    }

    /** Whether the directive with this messageId and correlationToken was handled. */
    public boolean completed(String messageId, String correlationToken) {
        Item item = items.get(DirectiveClaims.keyOf(messageId, correlationToken));
        return item != null && item.done();
    }
}
