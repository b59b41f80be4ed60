package dev.homewire.dispatcher;

import dev.homewire.core.SkillRuntime;

/** Wires the dispatcher from the composition root: the same for Lambda and the devstack. */
public final class Dispatchers {
    private Dispatchers() {
    }

    public static EventDispatcher eventDispatcher(SkillRuntime runtime) {
        LwaTokenProvider tokens = new LwaTokenProvider(runtime.grants(), runtime.lwa(), runtime.clock(),
                runtime.config().lwaRefreshMargin());
        GatewayClient gateway = new GatewayClient(runtime.httpClient(), runtime.config()::gatewayUrl);
        return new EventDispatcher(runtime.grants(), tokens, gateway, runtime.syncScheduler());
    }

    /** The SQS batch handler of the outbound queue. */
    public static OutboundBatchHandler batchHandler(SkillRuntime runtime) {
        return new OutboundBatchHandler(eventDispatcher(runtime));
    }
}
