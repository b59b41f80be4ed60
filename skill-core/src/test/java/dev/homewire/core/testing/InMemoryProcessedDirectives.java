package dev.homewire.core.testing;

import dev.homewire.core.store.ProcessedDirectives;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A fake of our own port for unit tests. */
public final class InMemoryProcessedDirectives implements ProcessedDirectives {
    public final Set<String> answered = ConcurrentHashMap.newKeySet();

    @Override
    public boolean alreadyAnswered(String messageId) {
        return answered.contains(messageId);
    }

    @Override
    public void markAnswered(String messageId) {
        answered.add(messageId);
    }
}
