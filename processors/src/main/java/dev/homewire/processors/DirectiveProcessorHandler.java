package dev.homewire.processors;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.SkillRuntime;

/**
 * The Lambda on the directive queue (event source with {@code ReportBatchItemFailures}). Thin:
 * built once per execution environment, each batch handed to {@link DirectiveBatchHandler}, which
 * routes each directive to the sync or async processor by its adapter's network.
 */
public final class DirectiveProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final class Holder {
        static final DirectiveBatchHandler HANDLER = Processors.directiveBatchHandler(SkillRuntime.fromEnvironment());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Holder.HANDLER.handle(event);
    }
}
