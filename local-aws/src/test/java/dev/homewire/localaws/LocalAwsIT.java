package dev.homewire.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class LocalAwsIT {
    private static LocalAws aws;
    private static DynamoDbClient dynamo;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        aws = LocalAws.start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        dynamo = DynamoDbClient.builder().endpointOverride(aws.dynamoDbEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        sqs = SqsClient.builder().endpointOverride(aws.sqsEndpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (aws != null) {
            aws.close();
            assertFalse(listening(aws.dynamoDbEndpoint()), "dynalite still listening after close");
            assertFalse(listening(aws.sqsEndpoint()), "ElasticMQ still listening after close");
        }
    }

    @Test
    void serversListenOnLoopbackOnDifferentPorts() {
        assertEquals("127.0.0.1", aws.sqsEndpoint().getHost());
        assertEquals("127.0.0.1", aws.dynamoDbEndpoint().getHost());
        assertTrue(aws.sqsEndpoint().getPort() > 0);
        assertTrue(aws.dynamoDbEndpoint().getPort() > 0);
        assertNotEquals(aws.sqsEndpoint().getPort(), aws.dynamoDbEndpoint().getPort());
    }

    @Test
    void dynamoDbTableItemsAndConditionalWrites() {
        dynamo.createTable(b -> b.tableName("local-aws-it")
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        assertEquals(TableStatus.ACTIVE, dynamo.describeTable(b -> b.tableName("local-aws-it")).table().tableStatus());
        assertTrue(dynamo.listTables().tableNames().contains("local-aws-it"));

        Map<String, AttributeValue> item = Map.of(
                "pk", AttributeValue.fromS("user-1"),
                "n", AttributeValue.fromN("42"),
                "m", AttributeValue.fromM(Map.of("token", AttributeValue.fromS("x"))));
        dynamo.putItem(b -> b.tableName("local-aws-it").item(item).conditionExpression("attribute_not_exists(pk)"));
        assertThrows(ConditionalCheckFailedException.class, () -> dynamo.putItem(
                b -> b.tableName("local-aws-it").item(item).conditionExpression("attribute_not_exists(pk)")));

        Map<String, AttributeValue> read = dynamo.getItem(b -> b.tableName("local-aws-it")
                .key(Map.of("pk", AttributeValue.fromS("user-1"))).consistentRead(true)).item();
        assertEquals(item, read);

        var updated = dynamo.updateItem(b -> b.tableName("local-aws-it").key(Map.of("pk", AttributeValue.fromS("user-1")))
                .updateExpression("SET #n = #n + :one").conditionExpression("#n < :limit")
                .expressionAttributeNames(Map.of("#n", "n"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"), ":limit", AttributeValue.fromN("100")))
                .returnValues(ReturnValue.ALL_NEW));
        assertEquals("43", updated.attributes().get("n").n());

        dynamo.deleteItem(b -> b.tableName("local-aws-it").key(Map.of("pk", AttributeValue.fromS("user-1"))));
        var gone = dynamo.getItem(b -> b.tableName("local-aws-it").key(Map.of("pk", AttributeValue.fromS("user-1"))));
        assertTrue(!gone.hasItem() || gone.item().isEmpty(), "deleted item still there: " + gone.item());
    }

    @Test
    void sqsQueueDelayedMessageRoundTrip() {
        String queueUrl = sqs.createQueue(b -> b.queueName("local-aws-it")
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))).queueUrl();
        assertTrue(queueUrl.startsWith(aws.sqsEndpoint().toString()), queueUrl + " not under " + aws.sqsEndpoint());
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        assertTrue(arn.endsWith(":local-aws-it"), arn);

        long sent = System.nanoTime();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"hello\":\"world\"}").delaySeconds(1));
        assertTrue(sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(0)).messages().isEmpty(),
                "a delayed message must not be visible at once");

        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages();
        Duration waited = Duration.ofNanos(System.nanoTime() - sent);
        assertEquals(1, received.size());
        assertEquals("{\"hello\":\"world\"}", received.get(0).body());
        assertTrue(waited.compareTo(Duration.ofMillis(900)) >= 0, "received after " + waited.toMillis() + " ms");
        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(received.get(0).receiptHandle()));
    }

    @Test
    void fixedPortThatIsTakenFailsClearly() throws IOException {
        int taken = aws.dynamoDbEndpoint().getPort();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalDynamoDb.start(taken));
        assertTrue(e.getMessage().contains("EADDRINUSE"), e.getMessage());
    }

    @Test
    void sqsOnTakenPortFailsClearly() {
        int taken = aws.sqsEndpoint().getPort();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalSqs.start(taken));
        assertTrue(e.getMessage().contains(":" + taken) && e.getMessage().contains("BindException"), e.getMessage());
    }

    private static boolean listening(URI endpoint) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
