package dev.homewire.dispatcher;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.SkillRuntime;

/**
 * The Lambda on the outbound queue (event source with {@code ReportBatchItemFailures}). Thin:
 * built once per execution environment, each batch handed to {@link OutboundBatchHandler}.
 */
public final class DispatcherHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final class Holder {
        static final OutboundBatchHandler HANDLER = Dispatchers.batchHandler(SkillRuntime.fromEnvironment());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Holder.HANDLER.handle(event);
    }
}
