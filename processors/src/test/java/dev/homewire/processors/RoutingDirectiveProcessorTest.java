package dev.homewire.processors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.homewire.adapter.spi.InteractionStyle;
import dev.homewire.core.adapters.AdapterRegistry;
import dev.homewire.core.queue.QueuedDirective;
import dev.homewire.core.testing.MutableClock;
import dev.homewire.processors.testing.FakeAdapter;
import dev.homewire.processors.testing.FakeLockCloud;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingDirectiveProcessorTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final List<String> sync = new ArrayList<>();
    private final List<String> async = new ArrayList<>();

    private static QueuedDirective directive(String adapterId) {
        return new QueuedDirective("user-1", adapterId + "#d-1", adapterId, "d-1", dev.homewire.alexa.Json.object(),
                Instant.EPOCH, Instant.EPOCH.plusSeconds(10));
    }

    private RoutingDirectiveProcessor router(InteractionStyle lockStyle) {
        AdapterRegistry adapters = new AdapterRegistry(List.of(new FakeAdapter(clock), new FakeLockCloud(clock, lockStyle)));
        return new RoutingDirectiveProcessor(adapters, q -> sync.add(q.adapterId()), q -> async.add(q.adapterId()));
    }

    @Test
    void syncAdaptersGoToTheSyncProcessorAsyncOnesToTheAsyncProcessor() {
        RoutingDirectiveProcessor push = router(InteractionStyle.ASYNC_PUSH);
        push.process(directive(FakeAdapter.ID));
        push.process(directive(FakeLockCloud.ID));
        router(InteractionStyle.ASYNC_POLL).process(directive(FakeLockCloud.ID));

        assertEquals(List.of(FakeAdapter.ID), sync);
        assertEquals(List.of(FakeLockCloud.ID, FakeLockCloud.ID), async);
    }

    @Test
    void anUninstalledAdapterGoesToTheSyncProcessorWhichAnswersWithAnError() {
        DirectiveProcessor syncProcessor = q -> sync.add(q.adapterId());
        RoutingDirectiveProcessor router = new RoutingDirectiveProcessor(new AdapterRegistry(List.of()), syncProcessor,
                q -> async.add(q.adapterId()));
        assertSame(syncProcessor, router.processorFor(directive("gone")));
        router.process(directive("gone"));
        assertEquals(List.of("gone"), sync);
    }
}
