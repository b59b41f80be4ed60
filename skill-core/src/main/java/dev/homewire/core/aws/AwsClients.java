package dev.homewire.core.aws;

import dev.homewire.core.config.HomewireConfig;
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
 * comes with static dummy credentials. {@code HOMEWIRE_AWS_CALL_TIMEOUT_MS}, where set, bounds every
 * call (the SDK's retries included).
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb(HomewireConfig config) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(config.awsRegion()));
        config.dynamoDbEndpoint().ifPresentOrElse(
                uri -> builder.endpointOverride(uri).credentialsProvider(localCredentials()),
                () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        config.awsCallTimeout().ifPresent(timeout -> builder.overrideConfiguration(o -> o.apiCallTimeout(timeout)));
        return builder.build();
    }

    public static SqsClient sqs(HomewireConfig config) {
        SqsClientBuilder builder = SqsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(config.awsRegion()));
        config.sqsEndpoint().ifPresentOrElse(
                uri -> builder.endpointOverride(uri).credentialsProvider(localCredentials()),
                () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
        config.awsCallTimeout().ifPresent(timeout -> builder.overrideConfiguration(o -> o.apiCallTimeout(timeout)));
        return builder.build();
    }

    private static AwsCredentialsProvider localCredentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
}
