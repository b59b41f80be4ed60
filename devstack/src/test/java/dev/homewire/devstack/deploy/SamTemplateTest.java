package dev.homewire.devstack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.homewire.adapter.spi.AdapterContext;
import dev.homewire.adapter.spi.DeviceAdapter;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import dev.homewire.conformance.SharedFiles;
import dev.homewire.core.SkillRuntime;
import dev.homewire.core.config.HomewireConfig;
import dev.homewire.core.queue.sqs.QueueDefinitions;
import dev.homewire.core.schedule.EventBridgeSyncScheduler;
import dev.homewire.core.store.dynamo.TableDefinitions;
import dev.homewire.dispatcher.Dispatchers;
import dev.homewire.entrypoint.SkillEntrypoints;
import dev.homewire.processors.Processors;
import dev.homewire.processors.poll.Polling;
import dev.homewire.processors.push.WebhookFunctionHandler;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * {@code template.yaml} against the official SAM schema, and against the code it deploys: the
 * tables of {@link TableDefinitions}, the queues of {@link QueueDefinitions}, the variables
 * {@link HomewireConfig} reads, the handler classes and how each is wired. A change on either
 * side that the other does not follow fails here rather than in AWS.
 */
class SamTemplateTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONFIG_SOURCE = Path.of("skill-core/src/main/java/dev/homewire/core/config/HomewireConfig.java");
    private static final Pattern CONFIG_KEY = Pattern.compile("\"(HOMEWIRE_[A-Z0-9_]*)\"");
    private static final Pattern REQUIRED_KEY = Pattern.compile("required\\(\"(HOMEWIRE_[A-Z0-9_]+)\"\\)");
    private static final String ALEXA_PRINCIPAL = "alexa-connectedservices.amazon.com";
    private static final String REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures";

    /** Variables the template may set that Homewire does not read: the JVM reads them. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

    /**
     * Endpoint overrides ({@code HOMEWIRE_DYNAMODB_ENDPOINT}, {@code HOMEWIRE_SQS_ENDPOINT}, ...):
     * HomewireConfig says "set for local servers; empty in AWS".
     */
    private static final Pattern LOCAL_ONLY_VARIABLE = Pattern.compile("HOMEWIRE_[A-Z0-9_]*_ENDPOINT");

    /**
     * How each handler builds itself on a cold start (its {@code Holder}), minus
     * {@code SkillRuntime.fromEnvironment()}: run here on the function's template environment.
     */
    private static final Map<String, Consumer<SkillRuntime>> WIRING = Map.of(
            "dev.homewire.entrypoint.SkillEntrypointHandler", SkillEntrypoints::create,
            "dev.homewire.processors.DirectiveProcessorHandler", Processors::directiveBatchHandler,
            "dev.homewire.processors.poll.PollingProcessorHandler", Polling::pollBatchHandler,
            "dev.homewire.processors.async.DeadlineSweeperHandler", Processors::deadlineBatchHandler,
            "dev.homewire.processors.poll.BackgroundSyncHandler", Polling::syncBatchHandler,
            "dev.homewire.processors.push.WebhookFunctionHandler", Processors::webhookReceiver,
            "dev.homewire.dispatcher.DispatcherHandler", Dispatchers::batchHandler);

    /**
     * The EventBridge Scheduler actions of each handler whose wiring asks for
     * {@code runtime.syncScheduler()}: discovery creates and deletes a user's schedule, the
     * dispatcher deletes the schedule of a user who revoked the grant. No other function may
     * touch schedules.
     */
    private static final Map<String, Set<String>> SCHEDULER_ACTIONS = Map.of(
            "dev.homewire.entrypoint.SkillEntrypointHandler", Set.of("scheduler:CreateSchedule", "scheduler:DeleteSchedule"),
            "dev.homewire.dispatcher.DispatcherHandler", Set.of("scheduler:DeleteSchedule"));
    private static final String SCHEDULER_PRINCIPAL = "scheduler.amazonaws.com";

    private static volatile Schema samSchema;

    private final SamTemplate template = SamTemplate.load();

    // --- form -----------------------------------------------------------------------------------

    @Test
    void usesOnlyLongFormIntrinsicsSoPlainYamlParsersReadIt() {
        Pattern shortForm = Pattern.compile("(^|[\\s\\[{,:-])!(Ref|Sub|GetAtt|If|Join|Select|Split|Equals|Not|And|Or|"
                + "FindInMap|Base64|Cidr|ImportValue|GetAZs|Condition|Transform)\\b");
        List<String> offending = new ArrayList<>();
        String[] lines = template.text().split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("#") && shortForm.matcher(line).find()) {
                offending.add((i + 1) + ": " + line);
            }
        }
        assertTrue(offending.isEmpty(), "short-form YAML tags in template.yaml (use Ref:, Fn::Sub: ...):\n" + offending);
        assertEquals("AWS::Serverless-2016-10-31", template.tree().path("Transform").asText());
    }

    @Test
    void validatesAgainstTheOfficialSamSchema() throws IOException {
        Schema schema = samSchema();
        List<Error> errors = schema.validate(JSON.writeValueAsString(template.tree()), InputFormat.JSON);
        if (!errors.isEmpty()) {
            // Resources and Events are anyOf over every type: most errors come from the branches of
            // other types. Those of the branch for the resource's (and event's) own type come first.
            List<Error> own = errors.stream().filter(this::fromOwnTypeBranch).collect(Collectors.toList());
            List<Error> shown = own.isEmpty() ? errors : own;
            fail("template.yaml does not validate against the SAM schema (" + errors.size() + " errors; "
                    + (own.isEmpty() ? "first" : "those for the resource's own type") + "):\n  "
                    + shown.stream().limit(30).map(e -> e.getInstanceLocation() + ": " + e.getMessage() + "  [" + e.getSchemaLocation() + "]")
                            .distinct().collect(Collectors.joining("\n  ")));
        }

        // and the validator does look: a misspelt function property is reported
        ObjectNode broken = template.tree().deepCopy();
        String someFunction = template.functions().keySet().iterator().next();
        ((ObjectNode) broken.path("Resources").path(someFunction).path("Properties")).put("Handlerr", "x");
        assertFalse(schema.validate(JSON.writeValueAsString(broken), InputFormat.JSON).isEmpty(),
                "the SAM schema accepted an unknown function property: is it validating at all?");
    }

    @Test
    void everyReferenceResolves() {
        Set<String> parameters = names(template.parameters());
        Set<String> resources = names(template.resources());
        resources.addAll(template.samGeneratedResources().keySet()); // e.g. WebhookFunctionUrl
        Set<String> conditions = names(template.tree().path("Conditions"));
        List<String> broken = new ArrayList<>();
        template.forEachObject(node -> {
            if (node.has("Ref") && node.size() == 1) {
                String target = node.get("Ref").asText();
                if (!target.startsWith("AWS::") && !parameters.contains(target) && !resources.contains(target)) {
                    broken.add("Ref " + target);
                }
            }
            if (node.has("Fn::GetAtt")) {
                SamTemplate.referencedId(node).filter(id -> !resources.contains(id)).ifPresent(id -> broken.add("Fn::GetAtt " + id));
            }
            if (node.has("Fn::If")) {
                String condition = node.get("Fn::If").path(0).asText();
                if (!conditions.contains(condition)) {
                    broken.add("Fn::If " + condition);
                }
            }
            if (node.has("Fn::Sub")) {
                JsonNode sub = node.get("Fn::Sub");
                String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
                Set<String> local = sub.isArray() ? names(sub.get(1)) : Set.of();
                Matcher m = Pattern.compile("\\$\\{([^!}][^}]*)}").matcher(text);
                while (m.find()) {
                    String name = m.group(1).split("\\.", 2)[0];
                    if (!name.startsWith("AWS::") && !local.contains(name) && !parameters.contains(name) && !resources.contains(name)) {
                        broken.add("Fn::Sub ${" + m.group(1) + "}");
                    }
                }
            }
        });
        assertTrue(broken.isEmpty(), "references to nothing in template.yaml: " + broken);
    }

    // --- functions ------------------------------------------------------------------------------

    @Test
    void functionsRunJava21WithEnoughMemory() {
        assertEquals("java21", template.globalFunction().path("Runtime").asText(), "Globals.Function.Runtime");
        assertFalse(template.functions().isEmpty());
        template.functions().forEach((id, f) -> {
            assertEquals("java21", template.functionProperty(id, "Runtime").asText(), id + " Runtime");
            JsonNode architectures = template.functionProperty(id, "Architectures");
            assertTrue(architectures.isArray() && architectures.size() == 1
                    && Set.of("arm64", "x86_64").contains(architectures.get(0).asText()), id + " Architectures " + architectures);
            int memory = Integer.parseInt(template.resolve(template.functionProperty(id, "MemorySize")));
            assertTrue(memory >= 512, id + ": Amazon recommends >= 512 MB for Alexa skills, got " + memory);
        });
    }

    @Test
    void handlersExistInTheModuleTheirJarIsBuiltFrom() throws ClassNotFoundException {
        for (Map.Entry<String, JsonNode> f : template.functions().entrySet()) {
            String id = f.getKey();
            String handler = template.functionProperty(id, "Handler").asText();
            assertTrue(handler.matches("[\\w.$]+::handleRequest"), id + " Handler " + handler);
            String className = handler.substring(0, handler.indexOf("::"));
            Class<?> type = handlerClass(className, id);
            assertTrue(Modifier.isPublic(type.getModifiers()), className + " must be public");
            assertTrue(java.util.Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals("handleRequest")),
                    className + " has no public handleRequest");
            assertTrue(RequestStreamHandler.class.isAssignableFrom(type) || RequestHandler.class.isAssignableFrom(type),
                    className + " implements neither RequestStreamHandler nor RequestHandler");

            String codeUri = template.functionProperty(id, "CodeUri").asText();
            Matcher m = Pattern.compile("([\\w-]+)/target/([\\w-]+)-lambda\\.jar").matcher(codeUri);
            assertTrue(m.matches() && m.group(1).equals(m.group(2)),
                    id + " CodeUri must be <module>/target/<module>-lambda.jar (maven-shade-plugin outputFile), got " + codeUri);
            Path source = template.root().resolve(m.group(1)).resolve("src/main/java").resolve(className.replace('.', '/') + ".java");
            assertTrue(Files.isRegularFile(source), id + ": " + className + " is not in module " + m.group(1)
                    + ", whose jar the function deploys (" + source + ")");
            assertTrue(template.resource(id).path("Metadata").path("SkipBuild").asBoolean(false),
                    id + ": Metadata.SkipBuild: true keeps `sam build` off the prebuilt jar");
        }
    }

    @Test
    void alexaMayInvokeTheEntrypointAndNothingElse() throws ClassNotFoundException {
        List<JsonNode> alexa = template.resourcesOfType("AWS::Lambda::Permission").values().stream()
                .filter(p -> ALEXA_PRINCIPAL.equals(p.path("Properties").path("Principal").asText()))
                .collect(Collectors.toList());
        assertEquals(1, alexa.size(), "one AWS::Lambda::Permission for " + ALEXA_PRINCIPAL + " (smart home skills)");
        JsonNode permission = alexa.get(0).path("Properties");
        assertEquals("lambda:InvokeFunction", permission.path("Action").asText());
        assertEquals("AlexaSkillId", permission.path("EventSourceToken").path("Ref").asText(),
                "EventSourceToken must be the skill ID, or any skill could invoke the function");
        String function = SamTemplate.referencedId(permission.path("FunctionName")).orElseThrow();
        String handler = template.functionProperty(function, "Handler").asText();
        Class<?> type = handlerClass(handler.substring(0, handler.indexOf("::")), function);
        assertTrue(RequestStreamHandler.class.isAssignableFrom(type), "Alexa invokes " + type.getName()
                + ", which is not a RequestStreamHandler");
        assertTrue(template.resource(function).path("Properties").path("Events").isMissingNode(),
                function + " is Alexa's: no event sources (SAM's AlexaSkill event uses the custom-skill principal)");

        String output = SamTemplate.referencedId(template.tree().path("Outputs").path("SkillEntrypointFunctionArn").path("Value"))
                .orElse(null);
        assertEquals(function, output, "output SkillEntrypointFunctionArn (pasted into the Alexa console) must name " + function);
        int timeout = template.functionTimeoutSeconds(function);
        assertTrue(timeout <= 8, function + ": Alexa waits 8 s; a longer timeout only hides slowness (" + timeout + " s)");
    }

    @Test
    void everySqsEventReportsBatchItemFailuresAndFitsTheVisibilityTimeout() throws ClassNotFoundException {
        Map<String, Integer> consumers = new HashMap<>();
        for (Map.Entry<String, JsonNode> f : template.functions().entrySet()) {
            String id = f.getKey();
            Iterable<Map.Entry<String, JsonNode>> events = () -> f.getValue().path("Properties").path("Events").fields();
            for (Map.Entry<String, JsonNode> event : events) {
                if (!"SQS".equals(event.getValue().path("Type").asText())) {
                    continue;
                }
                String what = id + "." + event.getKey();
                JsonNode props = event.getValue().path("Properties");
                List<String> responseTypes = new ArrayList<>();
                props.path("FunctionResponseTypes").forEach(t -> responseTypes.add(t.asText()));
                assertTrue(responseTypes.contains(REPORT_BATCH_ITEM_FAILURES), what + " needs FunctionResponseTypes: ["
                        + REPORT_BATCH_ITEM_FAILURES + "], or one failed record redelivers the whole batch");

                int batchSize = props.path("BatchSize").asInt(10);
                assertTrue(batchSize >= 1 && batchSize <= 10, what + " BatchSize " + batchSize);
                int window = props.path("MaximumBatchingWindowInSeconds").asInt(0);
                assertTrue(window <= 5, what + ": batching window " + window + " s adds to every directive's latency");

                String queue = SamTemplate.referencedId(props.path("Queue")).orElseThrow(() -> new AssertionError(what + " Queue"));
                assertEquals("AWS::SQS::Queue", template.resource(queue).path("Type").asText(), what + " Queue " + queue);
                consumers.merge(queue, 1, Integer::sum);
                int visibility = template.resource(queue).path("Properties").path("VisibilityTimeout").asInt(30);
                int timeout = template.functionTimeoutSeconds(id);
                assertTrue(visibility >= 6 * timeout, what + ": queue " + queue + " visibility timeout " + visibility
                        + " s < 6 x function timeout " + timeout + " s (AWS guidance for SQS event sources)");

                String handler = template.functionProperty(id, "Handler").asText();
                Class<?> type = handlerClass(handler.substring(0, handler.indexOf("::")), id);
                assertTrue(handlesSqsBatches(type), type.getName() + " must implement RequestHandler<SQSEvent, SQSBatchResponse>"
                        + " for " + REPORT_BATCH_ITEM_FAILURES);
            }
        }
        for (String queue : template.resourcesOfType("AWS::SQS::Queue").keySet()) {
            boolean deadLetter = isDeadLetterQueue(queue);
            assertEquals(deadLetter ? null : 1, consumers.get(queue), deadLetter
                    ? "dead-letter queue " + queue + " must not feed a function (redrive it instead)"
                    : "queue " + queue + " needs exactly one consuming function");
        }
    }

    // --- tables ---------------------------------------------------------------------------------

    @Test
    void tablesMatchTableDefinitions() {
        Map<String, JsonNode> tables = template.resourcesOfType("AWS::DynamoDB::Table");
        Map<String, String> idByName = new LinkedHashMap<>();
        tables.keySet().forEach(id -> idByName.put(template.resolve(ref(id)), id));

        for (String function : template.functions().keySet()) {
            HomewireConfig config = new HomewireConfig(template.environment(function));
            List<CreateTableRequest> expected = TableDefinitions.all(config);
            Map<String, String> ttl = TableDefinitions.timeToLiveAttributes(config);
            Set<String> seen = new HashSet<>();
            for (CreateTableRequest table : expected) {
                String id = idByName.get(table.tableName());
                assertNotNull(id, function + " would use table " + table.tableName() + " but the template creates "
                        + idByName.keySet() + " (HOMEWIRE_TABLE_* variable missing or wrong?)");
                seen.add(id);
                JsonNode props = tables.get(id).path("Properties");
                assertEquals(keySchema(table.keySchema()), keySchema(props.path("KeySchema")), id + " KeySchema");
                assertEquals(attributes(table.attributeDefinitions()), attributes(props.path("AttributeDefinitions")),
                        id + " AttributeDefinitions");
                assertEquals(globalIndexes(table.globalSecondaryIndexes()), globalIndexes(props.path("GlobalSecondaryIndexes")),
                        id + " GlobalSecondaryIndexes");
                assertEquals(table.hasLocalSecondaryIndexes() ? table.localSecondaryIndexes().size() : 0,
                        props.path("LocalSecondaryIndexes").size(), id + " LocalSecondaryIndexes");
                assertEquals(BillingMode.PAY_PER_REQUEST.toString(), props.path("BillingMode").asText(), id + " BillingMode");
                assertTrue(props.path("SSESpecification").path("SSEEnabled").asBoolean(false), id + " SSESpecification.SSEEnabled");
                JsonNode templateTtl = props.path("TimeToLiveSpecification");
                if (ttl.containsKey(table.tableName())) {
                    assertEquals(ttl.get(table.tableName()), templateTtl.path("AttributeName").asText(), id + " TTL attribute");
                    assertTrue(templateTtl.path("Enabled").asBoolean(false), id + " TTL enabled");
                } else {
                    assertTrue(templateTtl.isMissingNode(), id + " has a TTL that TableDefinitions does not know");
                }
            }
            assertEquals(tables.keySet(), seen, "tables in the template that TableDefinitions.all() does not have");

            String grants = idByName.get(config.grantsTable());
            assertTrue(tables.get(grants).path("Properties").path("PointInTimeRecoverySpecification")
                    .path("PointInTimeRecoveryEnabled").asBoolean(false), grants + ": users' grants need point-in-time recovery");
        }
    }

    @Test
    void aStackNamedHomewireGetsHomewireConfigsDefaultTableNames() {
        SamTemplate homewire = template.forStack("homewire");
        Set<String> names = new TreeSet<>();
        homewire.resourcesOfType("AWS::DynamoDB::Table").keySet().forEach(id -> names.add(homewire.resolve(ref(id))));
        Set<String> defaults = TableDefinitions.all(new HomewireConfig(Map.of())).stream().map(CreateTableRequest::tableName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(defaults, names);
    }

    // --- queues ---------------------------------------------------------------------------------

    @Test
    void queuesMatchQueueDefinitions() throws IllegalAccessException {
        Map<String, String> idByName = new LinkedHashMap<>();
        template.resourcesOfType("AWS::SQS::Queue").keySet().forEach(id -> idByName.put(template.queueName(id), id));

        // every <PREFIX>_SUFFIX of QueueDefinitions is a queue with its DLQ, with the matching
        // <STEM>_VISIBILITY_TIMEOUT_SECONDS (DIRECTIVES_SUFFIX <-> DIRECTIVE_VISIBILITY_...)
        Map<String, Integer> visibility = new LinkedHashMap<>();
        Map<String, String> suffixes = new LinkedHashMap<>();
        for (Field field : QueueDefinitions.class.getFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            if (field.getName().endsWith("_VISIBILITY_TIMEOUT_SECONDS") && field.getType() == int.class) {
                visibility.put(field.getName().replace("_VISIBILITY_TIMEOUT_SECONDS", ""), field.getInt(null));
            } else if (field.getName().endsWith("_SUFFIX") && !field.getName().equals("DLQ_SUFFIX") && field.getType() == String.class) {
                suffixes.put(field.getName().replace("_SUFFIX", ""), (String) field.get(null));
            }
        }
        assertTrue(suffixes.containsValue(QueueDefinitions.DIRECTIVES_SUFFIX), "QueueDefinitions scan found " + suffixes);

        Set<String> expected = new HashSet<>();
        suffixes.forEach((stem, suffix) -> {
            String name = SamTemplate.STACK_NAME + suffix;
            List<Integer> timeouts = visibility.entrySet().stream().filter(v -> stem.startsWith(v.getKey())).map(Map.Entry::getValue)
                    .collect(Collectors.toList());
            assertEquals(1, timeouts.size(), "QueueDefinitions." + stem + "_SUFFIX needs exactly one matching "
                    + "<STEM>_VISIBILITY_TIMEOUT_SECONDS (found " + visibility.keySet() + ")");
            expected.addAll(checkQueue(idByName.get(name), "QueueDefinitions." + stem + "_SUFFIX (queue " + name + ")", suffix,
                    timeouts.get(0)));
        });
        assertEquals(new TreeSet<>(expected), new TreeSet<>(idByName.values()), "queues in the template beyond QueueDefinitions'");

        // the variables naming queues point at the right ones
        HomewireConfig config = new HomewireConfig(template.mergedEnvironment());
        Map<String, String> idByUrl = new LinkedHashMap<>();
        template.resourcesOfType("AWS::SQS::Queue").keySet().forEach(id -> idByUrl.put(template.resolve(ref(id)), id));
        assertEquals(SamTemplate.STACK_NAME + QueueDefinitions.DIRECTIVES_SUFFIX,
                template.queueName(idByUrl.getOrDefault(config.directiveQueueUrl(), "?")), "HOMEWIRE_DIRECTIVE_QUEUE_URL");
        assertEquals(SamTemplate.STACK_NAME + QueueDefinitions.OUTBOUND_SUFFIX,
                template.queueName(idByUrl.getOrDefault(config.outboundQueueUrl(), "?")), "HOMEWIRE_OUTBOUND_QUEUE_URL");
        assertEquals(SamTemplate.STACK_NAME + QueueDefinitions.POLLS_SUFFIX,
                template.queueName(idByUrl.getOrDefault(config.pollQueueUrl(), "?")), "HOMEWIRE_POLL_QUEUE_URL");
        assertEquals(template.resolve(getAtt(queueId(QueueDefinitions.SYNC_SUFFIX), "Arn")), config.syncQueueArn(),
                "HOMEWIRE_SYNC_QUEUE_ARN (the schedules' target)");
        template.mergedEnvironment().forEach((name, value) -> {
            if (name.endsWith("_QUEUE_URL")) {
                String id = idByUrl.get(value);
                assertTrue(id != null && !isDeadLetterQueue(id), name + " names no (non-dead-letter) queue of the template: " + value);
            }
        });

        template.resourcesOfType("AWS::SQS::Queue").forEach((id, q) -> {
            JsonNode redrive = q.path("Properties").path("RedrivePolicy");
            if (!redrive.isMissingNode()) {
                assertEquals(QueueDefinitions.MAX_RECEIVE_COUNT, redrive.path("maxReceiveCount").asInt(-1),
                        id + " RedrivePolicy.maxReceiveCount");
            }
        });
    }

    /** Checks one queue and its DLQ; answers both logical ids. */
    private Set<String> checkQueue(String id, String what, String suffix, int visibilityTimeout) {
        assertNotNull(id, what + " is not in the template");
        JsonNode props = template.resource(id).path("Properties");
        assertEquals(SamTemplate.STACK_NAME + suffix, template.queueName(id), id + " QueueName");
        assertEquals(visibilityTimeout, props.path("VisibilityTimeout").asInt(-1), id + " VisibilityTimeout");
        JsonNode redrive = props.path("RedrivePolicy");
        assertEquals(QueueDefinitions.MAX_RECEIVE_COUNT, redrive.path("maxReceiveCount").asInt(-1), id + " maxReceiveCount");
        String dlq = SamTemplate.referencedId(redrive.path("deadLetterTargetArn"))
                .orElseThrow(() -> new AssertionError(id + " RedrivePolicy.deadLetterTargetArn"));
        assertEquals(SamTemplate.STACK_NAME + suffix + QueueDefinitions.DLQ_SUFFIX, template.queueName(dlq), dlq + " QueueName");
        assertEquals(QueueDefinitions.DLQ_RETENTION_SECONDS,
                template.resource(dlq).path("Properties").path("MessageRetentionPeriod").asInt(-1), dlq + " MessageRetentionPeriod");
        return Set.of(id, dlq);
    }

    @Test
    void everyDeadLetterQueueHasAnAlarm() {
        Map<String, JsonNode> alarms = template.resourcesOfType("AWS::CloudWatch::Alarm");
        for (String queue : template.resourcesOfType("AWS::SQS::Queue").keySet()) {
            if (!isDeadLetterQueue(queue)) {
                continue;
            }
            boolean alarmed = alarms.values().stream().map(a -> a.path("Properties")).anyMatch(a ->
                    "AWS/SQS".equals(a.path("Namespace").asText())
                            && "ApproximateNumberOfMessagesVisible".equals(a.path("MetricName").asText())
                            && a.path("Threshold").asDouble(-1) == 0
                            && "GreaterThanThreshold".equals(a.path("ComparisonOperator").asText())
                            && a.path("Dimensions").size() == 1
                            && "QueueName".equals(a.path("Dimensions").get(0).path("Name").asText())
                            && Optional.of(queue).equals(SamTemplate.referencedId(a.path("Dimensions").get(0).path("Value"))));
            assertTrue(alarmed, "no ApproximateNumberOfMessagesVisible > 0 alarm on dead-letter queue " + queue);
        }
    }

    @Test
    void outputsNameTheEntrypointAndEveryQueue() {
        JsonNode outputs = template.tree().path("Outputs");
        Set<String> referenced = new HashSet<>();
        outputs.forEach(o -> SamTemplate.referencedId(o.path("Value")).ifPresent(referenced::add));
        for (String queue : template.resourcesOfType("AWS::SQS::Queue").keySet()) {
            assertTrue(referenced.contains(queue), "no output for queue " + queue);
        }
        assertTrue(outputs.has("SkillEntrypointFunctionArn"), "output SkillEntrypointFunctionArn");
    }

    // --- environment ----------------------------------------------------------------------------

    @Test
    void everyVariableTheTemplateSetsIsOneTheCodeReads() throws IOException {
        Set<String> keys = new TreeSet<>();
        Set<String> prefixes = new TreeSet<>();
        for (String key : configKeys(CONFIG_KEY)) {
            (key.endsWith("_") ? prefixes : keys).add(key);
        }
        for (DeviceAdapterFactory adapter : ServiceLoader.load(DeviceAdapterFactory.class)) {
            prefixes.add(AdapterContext.envName(adapter.adapterId(), ""));
        }
        assertTrue(keys.contains("HOMEWIRE_TABLE_GRANTS"), "scan of " + CONFIG_SOURCE + " found " + keys);
        assertFalse(prefixes.stream().noneMatch(p -> p.startsWith("HOMEWIRE_ADAPTER_")), "no adapter on the test class path");

        List<String> unknown = new ArrayList<>();
        for (String name : template.allEnvironmentNames()) {
            assertFalse(name.startsWith("AWS_") || name.startsWith("LAMBDA_") || name.startsWith("_"),
                    name + " is reserved by Lambda (AWS_REGION is set by Lambda itself)");
            assertFalse(LOCAL_ONLY_VARIABLE.matcher(name).matches(), name + " points at a local server; never set it in AWS");
            if (!keys.contains(name) && !JVM_VARIABLES.contains(name) && prefixes.stream().noneMatch(name::startsWith)) {
                unknown.add(name);
            }
        }
        assertTrue(unknown.isEmpty(), "template.yaml sets variables nothing reads (typo? HomewireConfig renamed?): " + unknown
                + "\nHomewireConfig reads " + keys + " and " + prefixes + "*");
    }

    @Test
    void everyRequiredVariableIsSetForSomeFunction() throws IOException {
        Set<String> set = new HashSet<>(template.allEnvironmentNames());
        List<String> missing = configKeys(REQUIRED_KEY).stream().filter(k -> !set.contains(k)).collect(Collectors.toList());
        assertTrue(missing.isEmpty(), "HomewireConfig requires " + missing + " but template.yaml sets it for no function: "
                + "add the variable, and the resource it names, to the function that needs it");
    }

    @Test
    void secretsAreNotInThePlainTemplate() {
        template.functions().keySet().forEach(id -> template.environmentNodes(id).forEach((name, value) -> {
            if (!name.contains("SECRET") && !name.contains("PASSWORD")) {
                return;
            }
            String ref = value.path("Ref").asText(null);
            boolean noEchoParameter = ref != null && template.parameters().path(ref).path("NoEcho").asBoolean(false);
            String resolved = template.resolve(value);
            boolean dynamicReference = resolved != null && resolved.startsWith("{{resolve:secretsmanager:");
            assertTrue(noEchoParameter || dynamicReference, id + " " + name
                    + " must come from Secrets Manager ({{resolve:secretsmanager:...}}) or a NoEcho parameter");
        }));
    }

    @Test
    void eachFunctionStartsWithItsTemplateEnvironment() {
        for (String id : template.functions().keySet()) {
            String className = handlerClassName(id);
            Map<String, String> env = lambdaEnvironment(id);
            HomewireConfig config = new HomewireConfig(env);
            Wired wired;
            try {
                wired = wire(id, env);
            } catch (RuntimeException e) {
                fail(id + " (" + className + ") would fail its cold start with the template's environment: " + e, e);
                return;
            }
            // the scheduler reads its settings on first use, not at the cold start
            if (wired.syncScheduler()) {
                try {
                    EventBridgeSyncScheduler.Settings.fromConfig(config);
                } catch (RuntimeException e) {
                    fail(id + " (" + className + ") uses the sync scheduler, whose settings the template's environment lacks: " + e, e);
                }
            }
            // every setting it has must parse, whether or not this function uses it
            for (Method accessor : HomewireConfig.class.getMethods()) {
                if (accessor.getDeclaringClass() != HomewireConfig.class || accessor.getParameterCount() != 0
                        || Modifier.isStatic(accessor.getModifiers())) {
                    continue;
                }
                try {
                    accessor.invoke(config);
                } catch (InvocationTargetException e) {
                    boolean absent = e.getCause() instanceof IllegalStateException ise
                            && String.valueOf(ise.getMessage()).startsWith("missing configuration");
                    if (!absent) {
                        fail(id + ": HomewireConfig." + accessor.getName() + "() fails on the template's value: " + e.getCause(),
                                e.getCause());
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            config.alexaRegion();
            for (var region : dev.homewire.core.config.AlexaRegion.values()) {
                config.gatewayUrl(region);
            }
        }
    }

    /**
     * Every function bounds its DynamoDB/SQS calls explicitly (no SDK default of "no limit"), by at
     * most a quarter of its Lambda timeout, so one slow call cannot eat the invocation.
     */
    @Test
    void everyFunctionBoundsItsAwsCallsWithinItsBudget() {
        Map<String, String> bounds = new TreeMap<>();
        for (String id : template.functions().keySet()) {
            HomewireConfig config = new HomewireConfig(lambdaEnvironment(id));
            assertTrue(config.awsCallTimeout().isPresent(), id + ": HOMEWIRE_AWS_CALL_TIMEOUT_MS is not set");
            java.time.Duration call = dev.homewire.core.aws.AwsClients.callTimeout(config);
            java.time.Duration attempt = dev.homewire.core.aws.AwsClients.attemptTimeout(config);
            int timeout = template.functionTimeoutSeconds(id);
            assertTrue(call.multipliedBy(4).compareTo(java.time.Duration.ofSeconds(timeout)) <= 0,
                    id + ": an AWS call may take " + call.toMillis() + " ms of a " + timeout + " s function");
            assertTrue(attempt.compareTo(call) < 0, id + ": an attempt must leave room for a retry");
            bounds.put(id, call.toMillis() + "/" + attempt.toMillis() + " ms of " + timeout + " s");
        }
        System.out.println("AWS SDK call/attempt bounds per function: " + bounds);
    }

    @Test
    void secretsGoOnlyToFunctionsThatCannotStartWithoutThem() {
        for (String id : template.functions().keySet()) {
            for (String name : template.environment(id).keySet()) {
                if (!name.contains("SECRET") && !name.contains("PASSWORD")) {
                    continue;
                }
                Map<String, String> without = lambdaEnvironment(id);
                without.remove(name);
                boolean works;
                try {
                    Wired wired = wire(id, without);
                    // an adapter's secret: without it that adapter is disabled (the others work)
                    works = !(name.startsWith("HOMEWIRE_ADAPTER_") && wired.adapters() != null
                            && !wired.adapters().disabled().isEmpty());
                } catch (RuntimeException expected) {
                    works = false;
                }
                assertFalse(works, id + " works fully without " + name + ": a function that does not need a secret must not get it");
            }
        }
    }

    // --- table access ---------------------------------------------------------------------------

    /**
     * The handlers that store endpoints: discovery, and the two paths that discover an account
     * again ({@code EndpointInventory}: background sync when a device is gone or the rediscovery
     * interval passed, a webhook carrying DevicesChanged). The devstack does not enforce IAM, so
     * only this catches a missing write permission.
     */
    @Test
    void theFunctionsThatStoreEndpointsMayWriteTheEndpointsTable() {
        Set<String> writers = new TreeSet<>();
        for (String id : template.functions().keySet()) {
            for (JsonNode policy : template.resource(id).path("Properties").path("Policies")) {
                for (String kind : List.of("DynamoDBWritePolicy", "DynamoDBCrudPolicy")) {
                    if (SamTemplate.referencedId(policy.path(kind).path("TableName")).filter("EndpointsTable"::equals).isPresent()) {
                        writers.add(handlerClassName(id));
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(Set.of("dev.homewire.entrypoint.SkillEntrypointHandler",
                "dev.homewire.processors.poll.BackgroundSyncHandler", "dev.homewire.processors.push.WebhookFunctionHandler")),
                writers, "handlers with write access to EndpointsTable");
    }

    /**
     * The handlers whose adapters call vendor clouds, each call through its vendor's circuit breaker
     * (the runtime wraps every adapter): discovery and ReportState, the directive processor, polling,
     * background sync and the webhook (a pushed DevicesChanged discovers the account again).
     */
    private static final Set<String> VENDOR_CALLERS = Set.of("dev.homewire.entrypoint.SkillEntrypointHandler",
            "dev.homewire.processors.DirectiveProcessorHandler", "dev.homewire.processors.poll.PollingProcessorHandler",
            "dev.homewire.processors.poll.BackgroundSyncHandler", "dev.homewire.processors.push.WebhookFunctionHandler");

    /**
     * The circuit breakers' shared rows (vendor-status table) are read and written by exactly the
     * functions that call vendors (their wiring creates the adapters, each wrapped in its breaker);
     * the dispatcher and the deadline sweeper, which call none, may not touch them. The devstack does not enforce IAM, so only this catches a missing permission, which
     * in AWS would leave each container with its own breaker alone.
     */
    @Test
    void exactlyTheFunctionsThatCallVendorsShareTheCircuitBreakerRows() {
        HomewireConfig merged = new HomewireConfig(template.mergedEnvironment());
        String table = template.resourcesOfType("AWS::DynamoDB::Table").keySet().stream()
                .filter(t -> template.resolve(ref(t)).equals(merged.vendorStatusTable())).findFirst()
                .orElseThrow(() -> new AssertionError("no table named by HOMEWIRE_TABLE_VENDOR_STATUS"));
        Map<String, Set<String>> access = new TreeMap<>();
        for (String id : template.functions().keySet()) {
            Set<String> kinds = new TreeSet<>();
            for (JsonNode policy : template.resource(id).path("Properties").path("Policies")) {
                policy.fields().forEachRemaining(kind -> SamTemplate.referencedId(kind.getValue().path("TableName"))
                        .filter(table::equals).ifPresent(t -> kinds.add(kind.getKey())));
            }
            String handler = handlerClassName(id);
            boolean createsAdapters = wire(id, lambdaEnvironment(id)).adapters() != null;
            assertEquals(VENDOR_CALLERS.contains(handler), createsAdapters, id + " (" + handler + ") "
                    + (createsAdapters ? "creates" : "does not create") + " the adapters: update SamTemplateTest.VENDOR_CALLERS");
            assertEquals(VENDOR_CALLERS.contains(handler) ? Set.of("DynamoDBReadPolicy", "DynamoDBWritePolicy") : Set.of(), kinds,
                    id + " (" + handler + ") policies on " + table);
            if (VENDOR_CALLERS.contains(handler)) {
                HomewireConfig config = new HomewireConfig(lambdaEnvironment(id));
                assertEquals(merged.vendorStatusTable(), config.vendorStatusTable(), id + " HOMEWIRE_TABLE_VENDOR_STATUS");
                access.put(id, kinds);
                java.time.Duration open = config.breakerOpenInterval();
                assertTrue(open.compareTo(dev.homewire.core.breaker.VendorBreakers.DEFAULT_STATUS_CACHE) > 0,
                        id + ": the open interval must outlast the status cache, or instances never see the breaker open");
            }
        }
        System.out.printf("vendor-status table %s: read+write for %s; open interval %d s, status cache %d ms, probe lease %d s%n",
                table, access.keySet(), merged.breakerOpenInterval().toSeconds(),
                dev.homewire.core.breaker.VendorBreakers.DEFAULT_STATUS_CACHE.toMillis(),
                dev.homewire.core.breaker.VendorBreakers.DEFAULT_PROBE_LEASE.toSeconds());
        assertEquals(VENDOR_CALLERS.size(), access.size(), "every vendor-calling handler has a function: " + access.keySet());
    }

    // --- dispatcher: delivery guarantees --------------------------------------------------------

    private static final String DISPATCHER = "dev.homewire.dispatcher.DispatcherHandler";

    /**
     * The dispatcher's worst case for one event, from its template environment: the LWA phase, two
     * gateway posts, a Scheduler delete and the most DynamoDB/SQS calls an event may cost, times the
     * batch size, must end before Lambda's timeout (else a slow path is cut off mid-way and the
     * record comes back only after the visibility timeout).
     */
    @Test
    void theDispatchersWorstCaseFitsItsLambdaTimeout() {
        String id = functionFor(DISPATCHER);
        HomewireConfig config = new HomewireConfig(lambdaEnvironment(id));
        assertTrue(config.awsCallTimeout().isPresent(), id + ": HOMEWIRE_AWS_CALL_TIMEOUT_MS must be set, or DynamoDB/SQS calls "
                + "have no bound and no worst case can be computed");
        java.time.Duration scheduler = EventBridgeSyncScheduler.callTimeout(config);
        java.time.Duration perEvent = Dispatchers.worstCasePerEvent(config, scheduler);
        int batchSize = sqsEvent(id).path("Properties").path("BatchSize").asInt(10);
        int timeout = template.functionTimeoutSeconds(id);
        long worstMs = perEvent.toMillis() * batchSize;
        System.out.printf("%s worst case: LWA phase %d ms + 2 gateway posts x %d ms + Scheduler %d ms + %d AWS calls x %d ms = %d ms"
                        + " per event x batch %d = %d ms <= timeout %d s; claim lease %d s%n", id,
                Dispatchers.refreshLease(config).toMillis(), config.httpTimeout().toMillis(), scheduler.toMillis(),
                dev.homewire.dispatcher.EventDispatcher.MAX_AWS_CALLS_PER_EVENT, config.awsCallTimeout().get().toMillis(),
                perEvent.toMillis(), batchSize, worstMs, timeout, Dispatchers.claimLease(config, scheduler).toSeconds());
        assertTrue(worstMs <= timeout * 1000L, id + ": worst case " + worstMs + " ms exceeds the Lambda timeout " + timeout + " s");
        assertTrue(Dispatchers.claimLease(config, scheduler).toSeconds() >= timeout,
                "a messageId claim must outlive the invocation that holds it");
        assertTrue(config.dispatchMaxAttempts() < QueueDefinitions.MAX_RECEIVE_COUNT, "the dispatcher dead-letters with a reason "
                + "after HOMEWIRE_DISPATCH_MAX_ATTEMPTS, before SQS does so without one after maxReceiveCount");
        assertTrue(config.dispatchMaxAttempts() - 1 <= 3, "Alexa asks for at most 3 retries");
        assertTrue(config.dispatchRetryBase().toMillis() >= 1000, "Alexa asks for retries at least 1 s apart");
    }

    /**
     * The dispatcher sends dead letters itself (with the reason) to the outbound DLQ, queues the
     * halves of a split report on the outbound queue, and sets a retried record's visibility: it may
     * do exactly that, and no other function may.
     */
    @Test
    void theDispatcherMayDeadLetterSplitAndDelayOnlyItsOwnQueue() {
        String id = functionFor(DISPATCHER);
        String outbound = queueId(QueueDefinitions.OUTBOUND_SUFFIX);
        String dlq = SamTemplate.referencedId(template.resource(outbound).path("Properties").path("RedrivePolicy")
                .path("deadLetterTargetArn")).orElseThrow();
        assertEquals(Optional.of(dlq), SamTemplate.referencedId(envNode(id, "HOMEWIRE_OUTBOUND_DLQ_URL")),
                id + ": HOMEWIRE_OUTBOUND_DLQ_URL must name the outbound queue's dead-letter queue");
        Set<String> sendTargets = new TreeSet<>();
        for (JsonNode policy : template.resource(id).path("Properties").path("Policies")) {
            SamTemplate.referencedId(policy.path("SQSSendMessagePolicy").path("QueueName")).ifPresent(sendTargets::add);
        }
        assertEquals(new TreeSet<>(Set.of(dlq, outbound)), sendTargets, id + " sends to the outbound DLQ and (split parts) the outbound queue");
        for (String function : template.functions().keySet()) {
            boolean isDispatcher = function.equals(id);
            assertEquals(isDispatcher, template.environment(function).containsKey("HOMEWIRE_OUTBOUND_DLQ_URL"),
                    function + " HOMEWIRE_OUTBOUND_DLQ_URL (only the dispatcher dead-letters itself)");
            List<JsonNode> visibility = inlineStatements(function).stream()
                    .filter(st -> strings(st.path("Action")).contains("sqs:ChangeMessageVisibility")).collect(Collectors.toList());
            if (!isDispatcher) {
                assertTrue(visibility.isEmpty(), function + " may not change message visibility");
                continue;
            }
            assertEquals(1, visibility.size(), id + ": one sqs:ChangeMessageVisibility statement");
            assertEquals(Set.of("sqs:ChangeMessageVisibility"), strings(visibility.get(0).path("Action")));
            assertEquals(Optional.of(outbound), SamTemplate.referencedId(visibility.get(0).path("Resource")),
                    id + ": sqs:ChangeMessageVisibility on the outbound queue only");
        }
    }

    /** The delivered-events and delivered-samples tables are the dispatcher's alone. */
    @Test
    void onlyTheDispatcherTouchesTheDeliveryTables() {
        HomewireConfig config = new HomewireConfig(template.mergedEnvironment());
        Map<String, String> idByName = new LinkedHashMap<>();
        template.resourcesOfType("AWS::DynamoDB::Table").keySet().forEach(t -> idByName.put(template.resolve(ref(t)), t));
        Set<String> tables = Set.of(idByName.get(config.deliveredEventsTable()), idByName.get(config.deliveredSamplesTable()));
        for (String function : template.functions().keySet()) {
            Set<String> used = new TreeSet<>();
            for (JsonNode policy : template.resource(function).path("Properties").path("Policies")) {
                policy.fields().forEachRemaining(kind -> SamTemplate.referencedId(kind.getValue().path("TableName"))
                        .filter(tables::contains).ifPresent(used::add));
            }
            assertEquals(handlerClassName(function).equals(DISPATCHER) ? new TreeSet<>(tables) : Set.of(), used,
                    function + " policies on the delivery tables");
        }
    }

    private String functionFor(String handlerClass) {
        return template.functions().keySet().stream().filter(f -> handlerClassName(f).equals(handlerClass)).findFirst()
                .orElseThrow(() -> new AssertionError("no function runs " + handlerClass));
    }

    private JsonNode sqsEvent(String functionId) {
        for (JsonNode event : template.resource(functionId).path("Properties").path("Events")) {
            if ("SQS".equals(event.path("Type").asText())) {
                return event;
            }
        }
        throw new AssertionError(functionId + " has no SQS event");
    }

    // --- background sync: EventBridge Scheduler ---------------------------------------------

    @Test
    void onlyTheFunctionsThatUseTheSyncSchedulerMayTouchSchedules() {
        String syncQueue = queueId(QueueDefinitions.SYNC_SUFFIX);
        Map<String, Set<String>> actual = new TreeMap<>();
        for (String id : template.functions().keySet()) {
            String className = handlerClassName(id);
            boolean uses = wire(id, lambdaEnvironment(id)).syncScheduler();
            assertEquals(SCHEDULER_ACTIONS.containsKey(className), uses, id + " (" + className + ") "
                    + (uses ? "uses" : "does not use") + " runtime.syncScheduler(): update SamTemplateTest.SCHEDULER_ACTIONS");

            HomewireConfig config = new HomewireConfig(lambdaEnvironment(id));
            Set<String> actions = new TreeSet<>();
            List<JsonNode> passRole = new ArrayList<>();
            for (JsonNode statement : inlineStatements(id)) {
                Set<String> stmtActions = strings(statement.path("Action"));
                assertEquals("Allow", statement.path("Effect").asText(), id + " statement " + statement);
                for (String action : stmtActions) {
                    assertFalse(action.contains("*"), id + ": wildcard action " + action);
                }
                if (stmtActions.stream().anyMatch(a -> a.startsWith("scheduler:"))) {
                    assertTrue(stmtActions.stream().allMatch(a -> a.startsWith("scheduler:")), id + ": mixed statement " + statement);
                    String expected = "arn:aws:scheduler:" + SamTemplate.REGION + ":" + SamTemplate.ACCOUNT + ":schedule/"
                            + config.scheduleGroup() + "/" + EventBridgeSyncScheduler.NAME_PREFIX + "*";
                    assertEquals(expected, template.resolve(statement.path("Resource")), id + ": scheduler actions must be limited "
                            + "to the schedules EventBridgeSyncScheduler names, in HOMEWIRE_SCHEDULE_GROUP");
                    actions.addAll(stmtActions);
                }
                if (stmtActions.contains("iam:PassRole")) {
                    assertEquals(Set.of("iam:PassRole"), stmtActions, id + ": iam:PassRole in its own statement");
                    passRole.add(statement);
                }
            }
            if (!actions.isEmpty()) {
                actual.put(className, actions);
            }

            boolean creates = actions.contains("scheduler:CreateSchedule");
            assertEquals(creates ? 1 : 0, passRole.size(), id + ": iam:PassRole (the scheduler role) is needed by, and only by, "
                    + "CreateSchedule");
            if (creates) {
                JsonNode pass = passRole.get(0);
                String role = SamTemplate.referencedId(pass.path("Resource")).orElseThrow(() -> new AssertionError(
                        id + ": iam:PassRole must name the scheduler role, not " + pass.path("Resource")));
                assertEquals(Optional.of(role), SamTemplate.referencedId(envNode(id, "HOMEWIRE_SCHEDULER_ROLE_ARN")),
                        id + ": iam:PassRole on another role than HOMEWIRE_SCHEDULER_ROLE_ARN");
                assertEquals(SCHEDULER_PRINCIPAL, pass.path("Condition").path("StringEquals").path("iam:PassedToService").asText(),
                        id + ": iam:PassRole needs Condition StringEquals iam:PassedToService " + SCHEDULER_PRINCIPAL);
                checkSchedulerRole(role, syncQueue);
            }
            if (uses) {
                assertEquals(template.resolve(getAtt(syncQueue, "Arn")), config.syncQueueArn(), id + " HOMEWIRE_SYNC_QUEUE_ARN");
                String roleId = SamTemplate.referencedId(envNode(id, "HOMEWIRE_SCHEDULER_ROLE_ARN"))
                        .orElseThrow(() -> new AssertionError(id + ": HOMEWIRE_SCHEDULER_ROLE_ARN must be the template's scheduler role"));
                checkSchedulerRole(roleId, syncQueue);
                String group = SamTemplate.referencedId(envNode(id, "HOMEWIRE_SCHEDULE_GROUP"))
                        .orElseThrow(() -> new AssertionError(id + ": HOMEWIRE_SCHEDULE_GROUP must name the template's schedule group"));
                assertEquals("AWS::Scheduler::ScheduleGroup", template.resource(group).path("Type").asText(), id + " HOMEWIRE_SCHEDULE_GROUP");
                assertEquals(template.resolve(ref(group)), config.scheduleGroup(), id + " HOMEWIRE_SCHEDULE_GROUP");
            } else {
                for (String name : template.environment(id).keySet()) {
                    assertFalse(Set.of("HOMEWIRE_SCHEDULE_GROUP", "HOMEWIRE_SYNC_QUEUE_ARN", "HOMEWIRE_SCHEDULER_ROLE_ARN",
                            "HOMEWIRE_SYNC_INTERVAL_SECONDS").contains(name), id + " does not use the sync scheduler but gets " + name);
                }
            }
        }
        assertEquals(new TreeMap<>(SCHEDULER_ACTIONS), actual, "EventBridge Scheduler actions per handler");
    }

    @Test
    void eachStackHasItsOwnScheduleGroup() {
        Map<String, JsonNode> groups = template.resourcesOfType("AWS::Scheduler::ScheduleGroup");
        assertEquals(1, groups.size(), "one AWS::Scheduler::ScheduleGroup for the users' sync schedules");
        String id = groups.keySet().iterator().next();
        String here = template.resolve(ref(id));
        String other = template.forStack("homewire").resolve(ref(id));
        assertTrue(here.contains(SamTemplate.STACK_NAME) && !here.equals(other),
                id + ": schedule names are unique per group only, so the group name must contain the stack name, got " + here);
        assertTrue(here.matches("[0-9A-Za-z_.-]{1,64}"), id + " Name " + here);
        template.functions().keySet().forEach(f -> {
            String value = template.environment(f).get("HOMEWIRE_SCHEDULE_GROUP");
            if (value != null) {
                assertEquals(here, value, f + " HOMEWIRE_SCHEDULE_GROUP");
            }
        });
        String interval = template.mergedEnvironment().get("HOMEWIRE_SYNC_INTERVAL_SECONDS");
        assertNotNull(interval, "HOMEWIRE_SYNC_INTERVAL_SECONDS is set for no function");
        assertEquals(300, Integer.parseInt(interval), "HOMEWIRE_SYNC_INTERVAL_SECONDS default");
    }

    /** The role EventBridge Scheduler assumes: trusted by it alone, for this stack's group, and allowed to send to the sync queue only. */
    private void checkSchedulerRole(String roleId, String syncQueue) {
        JsonNode role = template.resource(roleId);
        assertEquals("AWS::IAM::Role", role.path("Type").asText(), roleId + " Type");
        JsonNode trust = role.path("Properties").path("AssumeRolePolicyDocument").path("Statement");
        assertEquals(1, trust.size(), roleId + ": one trust statement");
        JsonNode t = trust.get(0);
        assertEquals("Allow", t.path("Effect").asText(), roleId + " trust Effect");
        assertEquals(Set.of("sts:AssumeRole"), strings(t.path("Action")), roleId + " trust Action");
        assertEquals(1, t.path("Principal").size(), roleId + ": only a service principal");
        assertEquals(Set.of(SCHEDULER_PRINCIPAL), strings(t.path("Principal").path("Service")), roleId + " trust Principal");
        JsonNode condition = t.path("Condition").path("StringEquals");
        assertEquals(SamTemplate.ACCOUNT, template.resolve(condition.path("aws:SourceAccount")), roleId + ": trust needs aws:SourceAccount");
        String group = SamTemplate.referencedId(condition.path("aws:SourceArn")).orElse(null);
        assertTrue(group != null && template.resource(group).path("Type").asText().equals("AWS::Scheduler::ScheduleGroup"),
                roleId + ": trust needs aws:SourceArn = the schedule group's ARN (confused-deputy protection)");

        assertTrue(role.path("Properties").path("ManagedPolicyArns").isMissingNode(), roleId + ": no managed policies");
        List<JsonNode> statements = new ArrayList<>();
        role.path("Properties").path("Policies").forEach(p -> p.path("PolicyDocument").path("Statement").forEach(statements::add));
        assertEquals(1, statements.size(), roleId + ": one statement, sqs:SendMessage to the sync queue");
        JsonNode send = statements.get(0);
        assertEquals("Allow", send.path("Effect").asText(), roleId + " Effect");
        assertEquals(Set.of("sqs:SendMessage"), strings(send.path("Action")), roleId + " Action");
        assertEquals(Optional.of(syncQueue), SamTemplate.referencedId(send.path("Resource")), roleId + " Resource");
        assertEquals(template.resolve(getAtt(syncQueue, "Arn")), template.resolve(send.path("Resource")), roleId + " Resource");
    }

    // --- vendor pushes: the webhook Function URL ------------------------------------------------

    @Test
    void theWebhookFunctionHasAPublicUrlAndEveryPushingAdapterItsOutput() throws Exception {
        List<String> withUrl = template.functions().entrySet().stream()
                .filter(f -> f.getValue().path("Properties").has("FunctionUrlConfig")).map(Map.Entry::getKey).collect(Collectors.toList());
        assertEquals(1, withUrl.size(), "exactly one function behind a Function URL (the webhook), got " + withUrl);
        String id = withUrl.get(0);
        JsonNode url = template.resource(id).path("Properties").path("FunctionUrlConfig");
        assertEquals("NONE", url.path("AuthType").asText(), id + ": vendors cannot sign AWS requests; the adapters verify their signatures");
        assertTrue(url.path("Cors").isMissingNode(), id + ": no CORS, browsers have no business here");
        assertTrue(url.path("InvokeMode").isMissingNode() || url.path("InvokeMode").asText().equals("BUFFERED"), id + " InvokeMode");
        Class<?> type = handlerClass(handlerClassName(id), id);
        assertTrue(handles(type, APIGatewayV2HTTPEvent.class, APIGatewayV2HTTPResponse.class), type.getName()
                + " must implement RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> (the Function URL payload)");
        assertTrue(template.resource(id).path("Properties").path("Events").isMissingNode(), id + ": only its URL invokes it");
        assertTrue(template.resourcesOfType("AWS::Lambda::Url").isEmpty(), "function URLs come from FunctionUrlConfig only");

        // the outputs: the base URL and /webhooks/{adapterId} for every adapter that takes pushes
        String generated = id + "Url";
        String base = template.resolve(getAtt(generated, "FunctionUrl"));
        Method adapterIdOfPath = WebhookFunctionHandler.class.getDeclaredMethod("adapterId", String.class);
        adapterIdOfPath.setAccessible(true);
        boolean baseOutput = false;
        Map<String, String> webhookOutputs = new TreeMap<>();
        for (Map.Entry<String, JsonNode> output : (Iterable<Map.Entry<String, JsonNode>>) () -> template.tree().path("Outputs").fields()) {
            JsonNode value = output.getValue().path("Value");
            String resolved = template.resolve(value);
            if (Optional.of(generated).equals(SamTemplate.referencedId(value))) {
                assertEquals(base, resolved, output.getKey());
                baseOutput = true;
            } else if (resolved.startsWith(base)) {
                String path = URI.create(resolved).getPath();
                String adapterId = (String) adapterIdOfPath.invoke(null, path);
                assertNotNull(adapterId, output.getKey() + ": " + path + " is no path WebhookFunctionHandler accepts");
                assertTrue(output.getValue().path("Description").asText().toLowerCase(java.util.Locale.ROOT).contains(adapterId),
                        output.getKey() + " Description should tell where to register it");
                webhookOutputs.put(adapterId, output.getKey());
            }
        }
        assertTrue(baseOutput, "no output with " + generated + ".FunctionUrl");
        Set<String> pushing = new TreeSet<>();
        for (DeviceAdapter adapter : new SkillRuntime(new HomewireConfig(lambdaEnvironment(id))).adapters().all()) {
            if (adapter.push().isPresent()) {
                pushing.add(adapter.id());
            }
        }
        assertFalse(pushing.isEmpty(), "no adapter on the test class path takes pushes");
        assertEquals(pushing, webhookOutputs.keySet(), "an output <webhook URL>webhooks/<adapterId> for every adapter whose vendor "
                + "pushes (to register at the vendor), and none for others");
    }

    // --- parameters -----------------------------------------------------------------------------

    @Test
    void everyParameterIsInOneConsoleGroup() {
        Map<String, Integer> seen = new TreeMap<>();
        template.tree().path("Metadata").path("AWS::CloudFormation::Interface").path("ParameterGroups")
                .forEach(g -> g.path("Parameters").forEach(p -> seen.merge(p.asText(), 1, Integer::sum)));
        Map<String, Integer> expected = new TreeMap<>();
        template.parameters().fieldNames().forEachRemaining(p -> expected.put(p, 1));
        assertEquals(expected, seen, "Metadata AWS::CloudFormation::Interface ParameterGroups: each parameter exactly once");
    }

    // --- helpers --------------------------------------------------------------------------------

    private static Schema samSchema() throws IOException {
        Schema s = samSchema;
        if (s == null) {
            synchronized (SamTemplateTest.class) {
                s = samSchema;
                if (s == null) {
                    Optional<Path> path = SharedFiles.samSchema();
                    Assumptions.assumeTrue(path.isPresent(), "skipped: ../shared/sam-schema/sam.schema.json not found "
                            + "(set HOMEWIRE_SHARED_DIR to the folder holding sam-schema/ and alexa-smarthome/)");
                    String dialect = JSON.readTree(path.get().toFile()).path("$schema").asText();
                    SpecificationVersion version = SpecificationVersion.fromDialectId(dialect)
                            .orElseThrow(() -> new AssertionError("unknown JSON Schema dialect " + dialect + " in " + path.get()));
                    long started = System.nanoTime();
                    try (InputStream in = Files.newInputStream(path.get())) {
                        s = SchemaRegistry.withDefaultDialect(version).getSchema(in, InputFormat.JSON);
                    }
                    System.out.printf("SAM schema %s (%s) loaded in %d ms%n", path.get(), version,
                            (System.nanoTime() - started) / 1_000_000);
                    samSchema = s;
                }
            }
        }
        return s;
    }

    /** Whether a schema error comes from the anyOf branch of the resource's own type (and its event's). */
    private boolean fromOwnTypeBranch(Error error) {
        String[] path = error.getInstanceLocation().toString().split("/");
        String location = String.valueOf(error.getSchemaLocation()).toLowerCase(java.util.Locale.ROOT);
        // path: "", "Resources", id, "Properties", "Events", event, ...
        if (path.length < 3 || !path[1].equals("Resources")) {
            return true;
        }
        String type = template.resource(path[2]).path("Type").asText();
        if (!type.startsWith("AWS::Serverless::")) {
            return true;
        }
        String typeToken = "aws_serverless_" + type.substring("AWS::Serverless::".length()).toLowerCase(java.util.Locale.ROOT) + "__";
        if (path.length >= 6 && path[3].equals("Properties") && path[4].equals("Events")) {
            String eventType = template.resource(path[2]).path("Properties").path("Events").path(path[5]).path("Type").asText();
            return location.contains(eventType.toLowerCase(java.util.Locale.ROOT) + "event");
        }
        return location.contains(typeToken);
    }

    private List<String> configKeys(Pattern pattern) throws IOException {
        Path source = template.root().resolve(CONFIG_SOURCE);
        assertTrue(Files.isRegularFile(source), source + " not found");
        Set<String> found = new LinkedHashSet<>();
        Matcher m = pattern.matcher(Files.readString(source));
        while (m.find()) {
            found.add(m.group(1));
        }
        return new ArrayList<>(found);
    }

    /** What building a function's handler asked of the runtime that is built lazily (so not checked by the build itself). */
    /**
     * @param syncScheduler whether the wiring asked for the sync scheduler
     * @param adapters      the adapters, when the wiring created them (else null)
     */
    private record Wired(boolean syncScheduler, dev.homewire.core.adapters.AdapterRegistry adapters) {
    }

    /** Builds the function's handler as its cold start does, from {@code env}; throws what the cold start would. */
    private Wired wire(String functionId, Map<String, String> env) {
        String className = handlerClassName(functionId);
        Consumer<SkillRuntime> wiring = WIRING.get(className);
        assertNotNull(wiring, "teach SamTemplateTest.WIRING how " + className + " builds itself");
        HomewireConfig config = new HomewireConfig(env);
        AtomicBoolean scheduler = new AtomicBoolean();
        SkillRuntime runtime = new SkillRuntime(config, Clock.systemUTC(), rt -> {
            scheduler.set(true);
            return EventBridgeSyncScheduler.fromConfig(config);
        });
        wiring.accept(runtime);
        return new Wired(scheduler.get(), runtime.adaptersLoaded() ? runtime.adapters() : null);
    }

    /** The function's template environment plus what Lambda sets itself. */
    private Map<String, String> lambdaEnvironment(String functionId) {
        Map<String, String> env = new LinkedHashMap<>(template.environment(functionId));
        env.put("AWS_REGION", SamTemplate.REGION);
        return env;
    }

    /** The function's (unresolved) variable, or a missing node. */
    private JsonNode envNode(String functionId, String name) {
        JsonNode value = template.environmentNodes(functionId).get(name);
        return value == null ? MissingNode.getInstance() : value;
    }

    private String handlerClassName(String functionId) {
        String handler = template.functionProperty(functionId, "Handler").asText();
        return handler.substring(0, handler.indexOf("::"));
    }

    /** The statements of the function's inline policies ({@code - Statement: [...]}), not of SAM policy templates. */
    private List<JsonNode> inlineStatements(String functionId) {
        List<JsonNode> statements = new ArrayList<>();
        template.resource(functionId).path("Properties").path("Policies").forEach(p -> p.path("Statement").forEach(statements::add));
        return statements;
    }

    /** The logical id of the (non-dead-letter) queue named {@code <stack><suffix>}. */
    private String queueId(String suffix) {
        return template.resourcesOfType("AWS::SQS::Queue").keySet().stream()
                .filter(id -> template.queueName(id).equals(SamTemplate.STACK_NAME + suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no queue " + SamTemplate.STACK_NAME + suffix + " in the template"));
    }

    private static Set<String> strings(JsonNode node) {
        Set<String> out = new TreeSet<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else if (!node.isMissingNode()) {
            out.add(node.asText());
        }
        return out;
    }

    private static JsonNode getAtt(String id, String attribute) {
        ObjectNode node = JSON.createObjectNode();
        node.putArray("Fn::GetAtt").add(id).add(attribute);
        return node;
    }

    private static Class<?> handlerClass(String className, String functionId) throws ClassNotFoundException {
        try {
            return Class.forName(className, false, SamTemplateTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ClassNotFoundException(functionId + " names handler " + className + ", which is not on the class path", e);
        }
    }

    private static boolean handlesSqsBatches(Class<?> type) {
        return handles(type, SQSEvent.class, SQSBatchResponse.class);
    }

    /** Whether {@code type} implements {@code RequestHandler<input, output>}. */
    private static boolean handles(Class<?> type, Class<?> input, Class<?> output) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    Type[] args = p.getActualTypeArguments();
                    return args[0] == input && args[1] == output;
                }
            }
        }
        return false;
    }

    private boolean isDeadLetterQueue(String queueId) {
        Set<String> targets = new HashSet<>();
        template.resourcesOfType("AWS::SQS::Queue").values().forEach(q ->
                SamTemplate.referencedId(q.path("Properties").path("RedrivePolicy").path("deadLetterTargetArn")).ifPresent(targets::add));
        return targets.contains(queueId);
    }

    private static JsonNode ref(String id) {
        return JSON.createObjectNode().put("Ref", id);
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> keySchema(List<KeySchemaElement> keys) {
        return keys.stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> keySchema(JsonNode keys) {
        Set<String> out = new TreeSet<>();
        keys.forEach(k -> out.add(k.path("AttributeName").asText() + ":" + k.path("KeyType").asText()));
        return out;
    }

    private static Set<String> globalIndexes(List<GlobalSecondaryIndex> indexes) {
        return indexes.stream().map(i -> i.indexName() + " " + keySchema(i.keySchema()) + " " + i.projection().projectionTypeAsString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> globalIndexes(JsonNode indexes) {
        Set<String> out = new TreeSet<>();
        indexes.forEach(i -> out.add(i.path("IndexName").asText() + " " + keySchema(i.path("KeySchema")) + " "
                + i.path("Projection").path("ProjectionType").asText()));
        return out;
    }

    private static Set<String> attributes(List<AttributeDefinition> attributes) {
        return attributes.stream().map(a -> a.attributeName() + ":" + a.attributeTypeAsString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> attributes(JsonNode attributes) {
        Set<String> out = new TreeSet<>();
        attributes.forEach(a -> out.add(a.path("AttributeName").asText() + ":" + a.path("AttributeType").asText()));
        return out;
    }
}
