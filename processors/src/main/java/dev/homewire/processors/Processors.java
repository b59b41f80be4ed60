package dev.homewire.processors;

import dev.homewire.core.SkillRuntime;
import dev.homewire.processors.async.AsyncDirectiveProcessor;
import dev.homewire.processors.async.DeadlineBatchHandler;
import dev.homewire.processors.async.DeadlineSweeper;
import dev.homewire.processors.push.WebhookReceiver;
import dev.homewire.processors.sync.SyncDirectiveProcessor;

/** Wires the processors from the composition root: the same for Lambda and the devstack. */
public final class Processors {
    private Processors() {
    }

    public static SyncDirectiveProcessor syncProcessor(SkillRuntime runtime) {
        return new SyncDirectiveProcessor(runtime.endpoints(), runtime.linkedAccounts(), runtime.deviceStates(),
                runtime.directiveClaims(), runtime.outboundQueue(), runtime.adapters(), runtime.capabilities(),
                runtime.clock());
    }

    public static AsyncDirectiveProcessor asyncProcessor(SkillRuntime runtime) {
        return new AsyncDirectiveProcessor(runtime.endpoints(), runtime.linkedAccounts(), runtime.deviceStates(),
                runtime.directiveClaims(), runtime.pendingOperations(), runtime.pollQueue(), deadlineSweeper(runtime),
                runtime.deviceUpdates(), runtime.outboundQueue(), runtime.adapters(), runtime.capabilities(), runtime.clock());
    }

    public static DeadlineSweeper deadlineSweeper(SkillRuntime runtime) {
        return new DeadlineSweeper(runtime.pendingOperations(), runtime.deviceUpdates(), runtime.deadlineQueue(), runtime.clock());
    }

    /** The SQS batch handler of the deadline queue. */
    public static DeadlineBatchHandler deadlineBatchHandler(SkillRuntime runtime) {
        return new DeadlineBatchHandler(deadlineSweeper(runtime));
    }

    /** Sends each directive to the sync or the async processor, by its adapter's network. */
    public static RoutingDirectiveProcessor directiveProcessor(SkillRuntime runtime) {
        return new RoutingDirectiveProcessor(runtime.adapters(), syncProcessor(runtime), asyncProcessor(runtime));
    }

    /** The SQS batch handler of the directive queue. */
    public static DirectiveBatchHandler directiveBatchHandler(SkillRuntime runtime) {
        return new DirectiveBatchHandler(directiveProcessor(runtime));
    }

    /** What the push webhook route (a Function URL in AWS) hands deliveries to. */
    public static WebhookReceiver webhookReceiver(SkillRuntime runtime) {
        return new WebhookReceiver(runtime.adapters(), runtime.linkedAccounts(), runtime.endpoints(), runtime.deviceUpdates(),
                runtime.inventory());
    }
}
