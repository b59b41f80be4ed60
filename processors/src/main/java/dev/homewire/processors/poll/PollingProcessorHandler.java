package dev.homewire.processors.poll;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.SkillRuntime;

/**
 * The Lambda on the poll queue (event source with {@code ReportBatchItemFailures}). Thin: built
 * once per execution environment, each batch handed to {@link PollBatchHandler}.
 */
public final class PollingProcessorHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final class Holder {
        static final PollBatchHandler HANDLER = Polling.pollBatchHandler(SkillRuntime.fromEnvironment());
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Holder.HANDLER.handle(event);
    }
}
