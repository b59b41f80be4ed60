package dev.homewire.core.schedule;

/**
 * Background state sync for users with poll-only devices: one recurring schedule per user
 * (EventBridge Scheduler in AWS, an in-process timer in the devstack), each run polling that
 * user's poll-only devices.
 */
public interface SyncScheduler {

    /** Creates the user's schedule if it does not exist yet (idempotent). */
    void ensureSchedule(String userId);

    /** Deletes the user's schedule if there is one (idempotent). */
    void deleteSchedule(String userId);
}
