package dev.homewire.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ArtifactsTest {
    @Test
    void lambdaRuntimeInterfacesAndAskRuntimeAreAllowed() {
        assertNull(Artifacts.forbidden("com/amazonaws/services/lambda/runtime/Context.class"));
        assertNull(Artifacts.forbidden("com/amazonaws/services/lambda/runtime/events/SQSEvent.class"));
        assertNull(Artifacts.forbidden("META-INF/maven/com.amazonaws/aws-lambda-java-core/pom.properties"));
        assertNull(Artifacts.forbidden("META-INF/maven/com.amazon.alexa/ask-sdk-runtime/pom.properties"));
        assertNull(Artifacts.forbidden("META-INF/maven/com.amazon.alexa/"));
        assertNull(Artifacts.forbidden("com/amazonaws/services/"));
        assertNull(Artifacts.forbidden("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class"));
    }

    @Test
    void nettySdkV1AndTheAskAggregatorAreNamed() {
        assertEquals("netty", Artifacts.forbidden("io/netty/buffer/ByteBuf.class"));
        assertEquals("netty", Artifacts.forbidden("software/amazon/awssdk/http/nio/netty/NettyNioAsyncHttpClient.class"));
        assertEquals("AWS SDK v1 (com/amazonaws/services/dynamodbv2)",
                Artifacts.forbidden("com/amazonaws/services/dynamodbv2/AmazonDynamoDB.class"));
        assertEquals("AWS SDK v1 (META-INF/maven/com.amazonaws/aws-java-sdk-core)",
                Artifacts.forbidden("META-INF/maven/com.amazonaws/aws-java-sdk-core/pom.properties"));
        assertEquals("ask-sdk aggregator (ask-sdk)", Artifacts.forbidden("META-INF/maven/com.amazon.alexa/ask-sdk/pom.xml"));
    }
}
