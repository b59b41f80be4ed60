package dev.homewire.localaws;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local SQS (ElasticMQ) and DynamoDB (dynalite) together, both on 127.0.0.1, started in parallel.
 * Point SDK clients at {@link #sqsEndpoint()} / {@link #dynamoDbEndpoint()} with any region and
 * any static credentials.
 *
 * <pre>{@code
 * try (LocalAws aws = LocalAws.start()) {
 *     DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(aws.dynamoDbEndpoint())...build();
 * }
 * }</pre>
 */
public final class LocalAws implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalAws.class);

    private final LocalSqs sqs;
    private final LocalDynamoDb dynamoDb;

    private LocalAws(LocalSqs sqs, LocalDynamoDb dynamoDb) {
        this.sqs = sqs;
        this.dynamoDb = dynamoDb;
    }

    /** Both servers on free ports. */
    public static LocalAws start() {
        return start(0, 0);
    }

    /**
     * Both servers on the given ports (0 = a free one), started in parallel. If either fails, the
     * other is stopped again and the failure is thrown.
     */
    public static LocalAws start(int sqsPort, int dynamoDbPort) {
        LocalSqs.checkPort(sqsPort);
        LocalSqs.checkPort(dynamoDbPort);
        long started = System.nanoTime();
        CompletableFuture<LocalDynamoDb> dynamoDb = CompletableFuture.supplyAsync(() -> LocalDynamoDb.start(dynamoDbPort), task -> {
            Thread thread = new Thread(task, "local-dynamodb-start");
            thread.setDaemon(true);
            thread.start();
        });
        LocalSqs sqs;
        try {
            sqs = LocalSqs.start(sqsPort);
        } catch (RuntimeException e) {
            dynamoDb.whenComplete((server, failure) -> {
                if (server != null) {
                    server.close();
                }
            });
            throw e;
        }
        try {
            LocalAws aws = new LocalAws(sqs, dynamoDb.join());
            LOG.info("local AWS up in {} ms: SQS {}, DynamoDB {}", (System.nanoTime() - started) / 1_000_000,
                    aws.sqsEndpoint(), aws.dynamoDbEndpoint());
            return aws;
        } catch (CompletionException e) {
            sqs.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    public URI sqsEndpoint() {
        return sqs.endpoint();
    }

    public URI dynamoDbEndpoint() {
        return dynamoDb.endpoint();
    }

    public LocalSqs sqs() {
        return sqs;
    }

    public LocalDynamoDb dynamoDb() {
        return dynamoDb;
    }

    /** Stops both servers; a failure of one does not keep the other running. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable server : new AutoCloseable[] {dynamoDb, sqs}) {
            try {
                server.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
