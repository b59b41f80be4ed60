package dev.homewire.core.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;

/**
 * One HTTP call with a hard deadline: the connect and response time-outs of
 * {@link HttpClientFactory} bound each wait, not the call (a slow connect followed by a slow
 * answer takes both; a server trickling bytes takes longer). Here the request is cancelled when
 * the deadline passes, so a caller can add up its worst case.
 */
public final class HttpDeadline {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "http-deadline");
        t.setDaemon(true);
        return t;
    });

    private HttpDeadline() {
    }

    /**
     * @throws InterruptedIOException when the deadline passed (the request was cancelled)
     * @throws IOException when the call failed otherwise
     */
    public static <T> T execute(CloseableHttpClient http, HttpUriRequestBase request, Duration deadline,
                                HttpClientResponseHandler<? extends T> handler) throws IOException {
        ScheduledFuture<?> cancel = TIMER.schedule(request::cancel, Math.max(1, deadline.toMillis()), TimeUnit.MILLISECONDS);
        try {
            return http.execute(request, handler);
        } catch (IOException e) {
            if (request.isCancelled()) {
                InterruptedIOException timeout = new InterruptedIOException("no answer within " + deadline.toMillis() + " ms");
                timeout.initCause(e);
                throw timeout;
            }
            throw e;
        } finally {
            cancel.cancel(false);
        }
    }
}
