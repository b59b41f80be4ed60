package dev.homewire.core.aws;

import dev.homewire.core.config.HomewireConfig;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/**
 * AWS SDK v2 clients, built once per process. The URL-connection HTTP client keeps netty and
 * Apache out of the Lambda artifacts and starts fast. An endpoint override (local servers)
 * comes with static dummy credentials. Every call is bounded, from this one place: the call
 * ({@link #callTimeout}, the SDK's retries included), each attempt and the connection's connect and
 * read time-outs ({@link #attemptTimeout}).
 */
public final class AwsClients {
    /**
     * Where no bound is configured: the devstack and the tests, whose SQS pollers long-poll (up to
     * 20 s). Every Lambda function sets its own (the template; {@code SamTemplateTest} checks it).
     */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MIN_ATTEMPT_TIMEOUT = Duration.ofMillis(100);

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb(HomewireConfig config) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClientBuilder(http(config))
                .region(Region.of(config.awsRegion()));
        config.dynamoDbEndpoint().ifPresentOrElse(
                uri -> builder.endpointOverride(uri).credentialsProvider(localCredentials()),
                () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        builder.overrideConfiguration(o -> o.apiCallTimeout(callTimeout(config)).apiCallAttemptTimeout(attemptTimeout(config)));
        return builder.build();
    }

    public static SqsClient sqs(HomewireConfig config) {
        SqsClientBuilder builder = SqsClient.builder()
                .httpClientBuilder(http(config))
                .region(Region.of(config.awsRegion()));
        config.sqsEndpoint().ifPresentOrElse(
                uri -> builder.endpointOverride(uri).credentialsProvider(localCredentials()),
                () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        builder.overrideConfiguration(o -> o.apiCallTimeout(callTimeout(config)).apiCallAttemptTimeout(attemptTimeout(config)));
        return builder.build();
    }

    /**
     * The bound of one SDK call, its retries included: {@code HOMEWIRE_AWS_CALL_TIMEOUT_MS}, which the
     * template sizes to each function's budget, else {@link #DEFAULT_CALL_TIMEOUT}. Never the SDK's
     * default (none): one slow DynamoDB call must not eat the entrypoint's 8 s.
     */
    public static Duration callTimeout(HomewireConfig config) {
        return config.awsCallTimeout().orElse(DEFAULT_CALL_TIMEOUT);
    }

    /**
     * The bound of one attempt: half the configured call bound (at least 100 ms), so a stuck attempt
     * leaves room for a retry; without a configured bound, the default call bound.
     */
    public static Duration attemptTimeout(HomewireConfig config) {
        if (config.awsCallTimeout().isEmpty()) {
            return DEFAULT_CALL_TIMEOUT;
        }
        Duration half = callTimeout(config).dividedBy(2);
        return half.compareTo(MIN_ATTEMPT_TIMEOUT) < 0 ? MIN_ATTEMPT_TIMEOUT : half;
    }

    private static UrlConnectionHttpClient.Builder http(HomewireConfig config) {
        Duration attempt = attemptTimeout(config);
        return UrlConnectionHttpClient.builder().connectionTimeout(attempt).socketTimeout(attempt);
    }

    private static AwsCredentialsProvider localCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
}
