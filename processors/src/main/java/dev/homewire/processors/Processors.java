package dev.homewire.processors;

import dev.homewire.core.SkillRuntime;
import dev.homewire.processors.sync.SyncDirectiveProcessor;

/** Wires the processors from the composition root: the same for Lambda and the devstack. */
public final class Processors {
    private Processors() {
    }

    public static SyncDirectiveProcessor syncProcessor(SkillRuntime runtime) {
        return new SyncDirectiveProcessor(runtime.endpoints(), runtime.linkedAccounts(), runtime.deviceStates(),
                runtime.processedDirectives(), runtime.outboundQueue(), runtime.adapters(), runtime.capabilities(),
                runtime.clock());
    }

    /** The SQS batch handler of the directive queue. */
    public static DirectiveBatchHandler syncBatchHandler(SkillRuntime runtime) {
        return new DirectiveBatchHandler(syncProcessor(runtime));
    }
}
