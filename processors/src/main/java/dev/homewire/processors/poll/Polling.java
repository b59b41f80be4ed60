package dev.homewire.processors.poll;

import dev.homewire.core.SkillRuntime;

/**
 * Wires the polling fast path and the background sync from the composition root: the same for
 * Lambda and the devstack.
 */
public final class Polling {
    private Polling() {
    }

    public static PollingProcessor pollingProcessor(SkillRuntime runtime) {
        return new PollingProcessor(runtime.pendingOperations(), runtime.endpoints(), runtime.linkedAccounts(),
                runtime.adapters(), runtime.deviceUpdates(), runtime.pollQueue(), runtime.clock(),
                PollBackoff.fromConfig(runtime.config()));
    }

    /** The SQS batch handler of the poll queue. */
    public static PollBatchHandler pollBatchHandler(SkillRuntime runtime) {
        return new PollBatchHandler(pollingProcessor(runtime));
    }

    /**
     * The background sync; also what the devstack's
     * {@link dev.homewire.core.schedule.InProcessSyncScheduler} calls ({@code backgroundSync(runtime)::syncUser}).
     */
    public static BackgroundSync backgroundSync(SkillRuntime runtime) {
        return new BackgroundSync(runtime.linkedAccounts(), runtime.endpoints(), runtime.adapters(), runtime.deviceUpdates(),
                runtime.inventory(), runtime.clock(), runtime.config().rediscoveryInterval());
    }

    /** The SQS batch handler of the sync queue. */
    public static SyncBatchHandler syncBatchHandler(SkillRuntime runtime) {
        return new SyncBatchHandler(backgroundSync(runtime));
    }
}
