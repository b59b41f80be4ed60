package dev.homewire.core.updates;

import dev.homewire.core.pending.PendingOperation;
import java.util.List;

/**
 * What {@link DeviceUpdateService#apply} did with one piece of news, for tests and logs.
 *
 * @param stored           whether the news' state was written (false for a state older than the stored one, or none)
 * @param completed        the pending operations this news answered (Response or ErrorResponse), oldest first
 * @param changeReportSent whether a ChangeReport was published
 * @param eventsSent       Alexa events published for the update's device events (DoorbellPress …)
 */
public record UpdateOutcome(boolean stored, List<PendingOperation> completed, boolean changeReportSent, int eventsSent) {
    public UpdateOutcome {
        completed = List.copyOf(completed);
    }

    /** Nothing written, answered or reported. */
    public static UpdateOutcome ignored() {
        return new UpdateOutcome(false, List.of(), false, 0);
    }

    @Override
    public String toString() {
        return "UpdateOutcome[stored=" + stored + ", completed=" + completed.size() + ", changeReportSent=" + changeReportSent
                + ", eventsSent=" + eventsSent + "]";
    }
}
