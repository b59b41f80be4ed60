package dev.homewire.processors.async;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.SkillRuntime;
import dev.homewire.processors.Processors;

/**
 * The Lambda on the deadline queue (event source with {@code ReportBatchItemFailures}). Thin:
 * built once per execution environment, each batch handed to {@link DeadlineBatchHandler}.
 */
public final class DeadlineSweeperHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final class Holder {
        static final DeadlineBatchHandler HANDLER = Processors.deadlineBatchHandler(SkillRuntime.fromEnvironment());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Holder.HANDLER.handle(event);
    }
}
