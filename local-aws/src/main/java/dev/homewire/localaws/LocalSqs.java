package dev.homewire.localaws;

import java.net.BindException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded ElasticMQ server speaking the SQS API (the JSON protocol the AWS SDK v2 uses) on
 * 127.0.0.1, in memory. Queues vanish when it is closed.
 */
public final class LocalSqs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);
    static final String HOST = "127.0.0.1";

    private final SQSRestServer server;
    private final URI endpoint;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalSqs(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /**
     * Starts ElasticMQ and waits until it accepts connections.
     *
     * @param port the port to listen on, or 0 for a free one
     */
    public static LocalSqs start(int port) {
        checkPort(port);
        // ElasticMQ builds queue URLs from the configured port, so a free port is picked here rather than binding port 0
        int attempts = port == 0 ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            int listenPort = port == 0 ? FreePorts.pick() : port;
            try {
                return launch(listenPort);
            } catch (IllegalStateException e) {
                if (attempt >= attempts || !bindFailure(e)) {
                    throw e;
                }
                LOG.debug("port {} was taken before ElasticMQ could bind it; trying another", listenPort);
            }
        }
    }

    private static LocalSqs launch(int port) {
        long started = System.nanoTime();
        SQSRestServer server = SQSRestServerBuilder.withPort(port).withInterface(HOST).start();
        try {
            server.waitUntilStarted();
        } catch (RuntimeException e) {
            stopQuietly(server);
            throw new IllegalStateException("ElasticMQ (local SQS) did not start on " + HOST + ":" + port + ": " + rootCause(e), e);
        }
        URI endpoint = URI.create("http://" + HOST + ":" + port);
        LOG.info("local SQS (ElasticMQ) listening at {} (started in {} ms)", endpoint, (System.nanoTime() - started) / 1_000_000);
        return new LocalSqs(server, endpoint);
    }

    /** Where to point an SQS client ({@code endpointOverride}); queue URLs it returns live under it. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Stops the server and waits until it is down, at most a few seconds: in a JVM shutdown Pekko's
     * own shutdown hook may already be stopping the actor system, and waiting without bound would
     * hang the exit. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                scala.concurrent.Await.ready(server.stopAndGetFuture().apply(),
                        scala.concurrent.duration.Duration.create(STOP_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS));
                LOG.info("local SQS at {} stopped", endpoint);
            } catch (Exception e) {
                LOG.warn("local SQS at {} did not stop within {} s ({}); leaving it to the JVM", endpoint,
                        STOP_TIMEOUT_SECONDS, e.getClass().getSimpleName());
            }
        }
    }

    private static final long STOP_TIMEOUT_SECONDS = 5;

    static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Pekko reports a taken port as its own "Bind failed because of java.net.BindException" exception. */
    private static boolean bindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Bind failed")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static void stopQuietly(SQSRestServer server) {
        try {
            server.stopAndWait();
        } catch (RuntimeException e) {
            LOG.debug("stopping ElasticMQ after a failed start failed too", e);
        }
    }
}
