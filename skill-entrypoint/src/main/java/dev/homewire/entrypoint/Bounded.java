package dev.homewire.entrypoint;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** Runs a blocking call on the shared executor and gives up on it when the time budget is spent. */
final class Bounded {
    private Bounded() {
    }

    /**
     * The call's result, or the call's own exception; {@code onTimeout}'s exception when it does not
     * finish within {@code limit} (the call is then interrupted and abandoned).
     */
    static <T> T call(ExecutorService executor, Callable<T> call, Duration limit, Supplier<RuntimeException> onTimeout) {
        if (limit.isZero() || limit.isNegative()) {
            throw onTimeout.get();
        }
        Future<T> future;
        try {
            future = executor.submit(call);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the entrypoint is shut down", e);
        }
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw onTimeout.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw onTimeout.get();
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    static RuntimeException unwrap(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException) {
            return (RuntimeException) cause;
        }
        if (cause instanceof Error) {
            throw (Error) cause;
        }
        return new IllegalStateException(cause == null ? "call failed" : cause.getClass().getSimpleName(), cause);
    }
}
