package dev.homewire.processors.poll;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.homewire.core.schedule.SyncMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQS batch of the sync queue, where the users' schedules put {@link SyncMessage}s: each user
 * is synced once per batch (several messages for one user, e.g. after a backlog, collapse into one
 * run). Undecodable messages and syncs that fail unexpectedly are reported
 * ({@code ReportBatchItemFailures}); vendor failures are not, {@link BackgroundSync} logs them and
 * the next scheduled run tries again.
 */
public final class SyncBatchHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SyncBatchHandler.class);

    private final Consumer<String> sync;

    public SyncBatchHandler(BackgroundSync sync) {
        this((Consumer<String>) sync::syncUser);
    }

    public SyncBatchHandler(Consumer<String> sync) {
        this.sync = Objects.requireNonNull(sync, "sync");
    }

    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        Map<String, List<String>> messagesByUser = new LinkedHashMap<>();
        for (SQSEvent.SQSMessage record : records) {
            try {
                messagesByUser.computeIfAbsent(SyncMessage.userIdFromJson(record.getBody()), u -> new ArrayList<>())
                        .add(record.getMessageId());
            } catch (RuntimeException e) {
                LOG.error("SQS message {} is not a sync request ({}); left for the dead-letter queue", record.getMessageId(),
                        e.getClass().getSimpleName());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        for (Map.Entry<String, List<String>> entry : messagesByUser.entrySet()) {
            try {
                sync.accept(entry.getKey());
            } catch (RuntimeException e) {
                LOG.warn("background sync of user {} failed and will be redelivered: {}", entry.getKey(), e.toString());
                entry.getValue().forEach(id -> failures.add(new SQSBatchResponse.BatchItemFailure(id)));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
