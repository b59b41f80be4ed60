package dev.homewire.dispatcher.testing;

import dev.homewire.core.store.DeliveredEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A fake of our own port for unit tests (the DynamoDB one is tested against dynalite). */
public final class InMemoryDeliveredEvents implements DeliveredEvents {
    private record Entry(boolean delivered, Instant leaseUntil) {
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public InMemoryDeliveredEvents(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Claim claim(String messageId, Duration lease) {
        Entry e = entries.get(messageId);
        Instant now = clock.instant();
        if (e != null && e.delivered()) {
            return Claim.ALREADY_DELIVERED;
        }
        if (e != null && e.leaseUntil().isAfter(now)) {
            return Claim.HELD_ELSEWHERE;
        }
        entries.put(messageId, new Entry(false, now.plus(lease)));
        return Claim.CLAIMED;
    }

    @Override
    public void markDelivered(String messageId) {
        entries.put(messageId, new Entry(true, Instant.MAX));
    }

    @Override
    public synchronized void release(String messageId) {
        Entry e = entries.get(messageId);
        if (e != null && !e.delivered()) {
            entries.remove(messageId);
        }
    }

    public boolean delivered(String messageId) {
        Entry e = entries.get(messageId);
        return e != null && e.delivered();
    }

    public boolean claimed(String messageId) {
        Entry e = entries.get(messageId);
        return e != null && !e.delivered();
    }
}
