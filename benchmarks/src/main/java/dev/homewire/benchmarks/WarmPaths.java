package dev.homewire.benchmarks;

import dev.homewire.core.SkillRuntime;
import dev.homewire.core.aws.AwsClients;
import dev.homewire.core.config.HomewireConfig;
import dev.homewire.core.queue.sqs.QueueDefinitions;
import dev.homewire.core.schedule.SyncScheduler;
import dev.homewire.core.store.dynamo.TableDefinitions;
import dev.homewire.devstack.Devstack;
import dev.homewire.devstack.DevstackOptions;
import dev.homewire.entrypoint.SkillEntrypoint;
import dev.homewire.entrypoint.SkillEntrypoints;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * The warm in-process paths (tables 1 and 2) against the devstack's local servers: a
 * {@link Devstack} runs in this JVM for its ElasticMQ, dynalite, simulated Login with Amazon,
 * account linking and vendor clouds; the entrypoint under test is {@link SkillEntrypoints#create}
 * over a second {@link SkillRuntime} with the devstack's configuration, except that its queues
 * are a set of their own ({@code homewire-bench-*}, same definitions) that no poller drains, so
 * no processor or dispatcher runs beside the measurement. Discover and AcceptGrant go through
 * that entrypoint first, as a user's would.
 */
final class WarmPaths implements AutoCloseable {
    static final String TOKEN = "linktoken-alice";
    static final String ENDPOINT = "lumio#lm-alice-kitchen";
    private static final Duration TIME_LEFT = Duration.ofSeconds(8);

    private final Devstack devstack;
    private final SkillRuntime runtime;
    private final SkillEntrypoint entrypoint;
    private final String directiveQueueUrl;
    private final SqsClient rawSqs;
    private final DynamoDbClient rawDynamo;
    private final SendMessageRequest floorSend;
    private final GetItemRequest floorGet;
    private volatile String lastAnswer;

    WarmPaths() throws Exception {
        this.devstack = Devstack.start(DevstackOptions.anyPort());
        Map<String, String> env = new HashMap<>(devstack.runtime().config().environment());
        HomewireConfig devstackConfig = devstack.runtime().config();
        QueueDefinitions.Queues queues;
        try (SqsClient sqs = AwsClients.sqs(devstackConfig)) {
            queues = QueueDefinitions.createAll(sqs, "homewire-bench");
        }
        env.put("HOMEWIRE_DIRECTIVE_QUEUE_URL", queues.directiveQueueUrl());
        env.put("HOMEWIRE_OUTBOUND_QUEUE_URL", queues.outboundQueueUrl());
        env.put("HOMEWIRE_POLL_QUEUE_URL", queues.pollQueueUrl());
        env.put("HOMEWIRE_DEADLINE_QUEUE_URL", queues.deadlineQueueUrl());
        env.put("HOMEWIRE_OUTBOUND_DLQ_URL", queues.outboundDlqUrl());
        this.directiveQueueUrl = queues.directiveQueueUrl();
        HomewireConfig config = new HomewireConfig(env);
        this.runtime = new SkillRuntime(config, Clock.systemUTC(), rt -> new SyncScheduler() {
            @Override
            public void ensureSchedule(String userId) {
            }

            @Override
            public void deleteSchedule(String userId) {
            }
        });
        this.entrypoint = SkillEntrypoints.create(runtime);
        // the floors use clients built exactly as the runtime builds its own
        this.rawSqs = AwsClients.sqs(config);
        this.rawDynamo = AwsClients.dynamoDb(config);

        expect(call(discover()), "Discover.Response");
        expect(call(acceptGrant()), "AcceptGrant.Response");
        expect(call(turnOn(0)), "DeferredResponse");

        // the floor sends exactly what the entrypoint queued: same body, same attributes
        List<Message> queued = rawSqs.receiveMessage(r -> r.queueUrl(directiveQueueUrl).waitTimeSeconds(5)
                .maxNumberOfMessages(1).messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All")).messages();
        if (queued.isEmpty()) {
            throw new IllegalStateException("the TurnOn queued nothing on " + directiveQueueUrl);
        }
        Message message = queued.get(0);
        this.floorSend = SendMessageRequest.builder().queueUrl(directiveQueueUrl).messageBody(message.body())
                .messageAttributes(message.messageAttributes()).build();
        purge();

        // the floor reads the endpoint record ReportState reads, as strongly consistently
        String table = config.endpointsTable();
        Map<String, AttributeValue> key = rawDynamo.scan(r -> r.tableName(table)).items().stream()
                .filter(item -> ENDPOINT.equals(item.getOrDefault(TableDefinitions.ENDPOINT_ID, AttributeValue.fromS("")).s()))
                .findFirst()
                .map(item -> Map.of(TableDefinitions.USER_ID, item.get(TableDefinitions.USER_ID),
                        TableDefinitions.ENDPOINT_ID, item.get(TableDefinitions.ENDPOINT_ID)))
                .orElseThrow(() -> new IllegalStateException(ENDPOINT + " not in " + table + " after Discover"));
        this.floorGet = GetItemRequest.builder().tableName(table).key(key).consistentRead(true).build();
        expect(call(reportState(0)), "StateReport");
    }

    /** Table 1: TurnOn through the entrypoint (answered with a DeferredResponse) ÷ one SendMessage. */
    Interleaved.Result deferredPath(int warmupPairs, int measuredPairs) throws Exception {
        Interleaved.Call floor = prepared -> rawSqs.sendMessage(floorSend);
        Interleaved.Call subject = entrypoint(WarmPaths::turnOn);
        return Interleaved.run("Entrypoint deferred path (TurnOn → DeferredResponse), warm",
                "one SDK SendMessage of the same message to the same ElasticMQ queue", floor, subject, i -> {
                    expect(lastAnswer, "DeferredResponse");
                    if (i % 500 == 499) {
                        purge();
                    }
                }, warmupPairs, measuredPairs);
    }

    /** Table 2: ReportState through the entrypoint ÷ one strongly consistent GetItem of the endpoint record. */
    Interleaved.Result reportState(int warmupPairs, int measuredPairs) throws Exception {
        Interleaved.Call floor = prepared -> rawDynamo.getItem(floorGet);
        Interleaved.Call subject = entrypoint(WarmPaths::reportState);
        return Interleaved.run("ReportState → StateReport, warm",
                "one SDK GetItem (strongly consistent) of the endpoint record on the same dynalite", floor, subject,
                i -> expect(lastAnswer, "StateReport"), warmupPairs, measuredPairs);
    }

    /**
     * A subject that sends directive number {@code iteration + 1} (built outside the timing) through
     * the entrypoint and keeps its answer for the check between pairs.
     */
    private Interleaved.Call entrypoint(java.util.function.IntFunction<byte[]> directive) {
        return new Interleaved.Call() {
            @Override
            public Object prepare(int iteration) {
                return directive.apply(iteration + 1);
            }

            @Override
            public void run(Object prepared) {
                lastAnswer = call((byte[]) prepared);
            }
        };
    }

    private void purge() {
        rawSqs.purgeQueue(r -> r.queueUrl(directiveQueueUrl));
    }

    private String call(byte[] directive) {
        return new String(entrypoint.handle(directive, TIME_LEFT), StandardCharsets.UTF_8);
    }

    private static void expect(String answer, String name) {
        if (answer == null || !answer.contains("\"name\":\"" + name + "\"")) {
            throw new IllegalStateException("expected " + name + ", got " + answer);
        }
    }

    private static byte[] discover() {
        return bytes("{\"directive\":{\"header\":{\"namespace\":\"Alexa.Discovery\",\"name\":\"Discover\",\"payloadVersion\":\"3\","
                + "\"messageId\":\"" + UUID.randomUUID() + "\"},\"payload\":{\"scope\":{\"type\":\"BearerToken\",\"token\":\"" + TOKEN + "\"}}}}");
    }

    private static byte[] acceptGrant() {
        return bytes("{\"directive\":{\"header\":{\"namespace\":\"Alexa.Authorization\",\"name\":\"AcceptGrant\",\"payloadVersion\":\"3\","
                + "\"messageId\":\"" + UUID.randomUUID() + "\"},\"payload\":{\"grant\":{\"type\":\"OAuth2.AuthorizationCode\","
                + "\"code\":\"bench-" + UUID.randomUUID() + "\"},\"grantee\":{\"type\":\"BearerToken\",\"token\":\"" + TOKEN + "\"}}}}");
    }

    static byte[] turnOn(int i) {
        return bytes("{\"directive\":{\"header\":{\"namespace\":\"Alexa.PowerController\",\"name\":\"TurnOn\",\"payloadVersion\":\"3\","
                + "\"messageId\":\"bench-on-" + i + "-" + UUID.randomUUID() + "\",\"correlationToken\":\"bench-corr-" + i + "-"
                + UUID.randomUUID() + "\"},\"endpoint\":{\"scope\":{\"type\":\"BearerToken\",\"token\":\"" + TOKEN + "\"},"
                + "\"endpointId\":\"" + ENDPOINT + "\",\"cookie\":{}},\"payload\":{}}}");
    }

    static byte[] reportState(int i) {
        return bytes("{\"directive\":{\"header\":{\"namespace\":\"Alexa\",\"name\":\"ReportState\",\"payloadVersion\":\"3\","
                + "\"messageId\":\"bench-rs-" + i + "-" + UUID.randomUUID() + "\",\"correlationToken\":\"bench-corr-rs-" + i + "-"
                + UUID.randomUUID() + "\"},\"endpoint\":{\"scope\":{\"type\":\"BearerToken\",\"token\":\"" + TOKEN + "\"},"
                + "\"endpointId\":\"" + ENDPOINT + "\",\"cookie\":{}},\"payload\":{}}}");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            entrypoint.close();
            rawSqs.close();
            rawDynamo.close();
            // open keep-alive connections would hold ElasticMQ's shutdown for its full grace period
            runtime.sqs().close();
            runtime.dynamoDb().close();
        } finally {
            devstack.close();
        }
    }
}
