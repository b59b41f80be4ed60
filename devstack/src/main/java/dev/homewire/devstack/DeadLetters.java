package dev.homewire.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.homewire.core.queue.sqs.QueueDefinitions;
import dev.homewire.devstack.http.Http;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The operator's view of the dead-letter queues, as the devstack's {@code GET /dlq} and
 * {@code POST /dlq/{queueName}/replay} give it: each DLQ with its messages (the reason the
 * dispatcher recorded, or none when SQS moved it after maxReceiveCount; bodies with secrets
 * removed), and a replay through SQS's redrive API ({@code StartMessageMoveTask}) back to the
 * queue the DLQ serves, as {@code aws sqs start-message-move-task} does in AWS.
 */
public final class DeadLetters {
    /** JSON keys whose values are never shown (linking and LWA tokens, codes, a Disarm's PIN, credentials). */
    private static final Set<String> SECRET_KEYS = Set.of("token", "accesstoken", "access_token", "refreshtoken", "refresh_token",
            "code", "secret", "clientsecret", "client_secret", "password", "authorization", "credentials", "pin");
    private static final String REMOVED = "[removed]";

    private final SqsClient sqs;
    /** DLQ name → (DLQ url, source queue url). */
    private final Map<String, String[]> queues = new LinkedHashMap<>();

    DeadLetters(SqsClient sqs, QueueDefinitions.Queues q) {
        this.sqs = Objects.requireNonNull(sqs, "sqs");
        add(q.directiveDlqUrl(), q.directiveQueueUrl());
        add(q.outboundDlqUrl(), q.outboundQueueUrl());
        add(q.pollDlqUrl(), q.pollQueueUrl());
        add(q.syncDlqUrl(), q.syncQueueUrl());
    }

    private void add(String dlqUrl, String sourceUrl) {
        queues.put(dlqUrl.substring(dlqUrl.lastIndexOf('/') + 1), new String[] {dlqUrl, sourceUrl});
    }

    /** One dead letter as the operator sees it. */
    public record DeadLetter(String queue, String messageId, String reason, Map<String, String> attributes, JsonNode body) {
    }

    /** The dead letters of one DLQ (by name), up to 100, bodies scrubbed. Receiving leaves them visible. */
    public List<DeadLetter> list(String queueName) {
        String[] urls = urls(queueName);
        Map<String, DeadLetter> seen = new LinkedHashMap<>();
        for (int round = 0; round < 10 && seen.size() < 100; round++) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(urls[0]).maxNumberOfMessages(10).visibilityTimeout(0)
                    .waitTimeSeconds(0).messageAttributeNames("All").messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages();
            int before = seen.size();
            for (Message m : messages) {
                seen.computeIfAbsent(m.messageId(), id -> toDeadLetter(queueName, m));
            }
            if (messages.isEmpty() || seen.size() == before) {
                break;
            }
        }
        return List.copyOf(seen.values());
    }

    /** {@code GET /dlq}: every DLQ with its approximate count and messages. */
    public ArrayNode json() {
        ArrayNode array = Http.JSON.createArrayNode();
        for (String name : queues.keySet()) {
            ObjectNode node = array.addObject();
            node.put("name", name);
            node.put("source", sourceName(name));
            node.put("count", approximateCount(name));
            ArrayNode messages = node.putArray("messages");
            for (DeadLetter d : list(name)) {
                ObjectNode m = messages.addObject();
                m.put("messageId", d.messageId());
                m.put("reason", d.reason());
                m.set("attributes", Http.JSON.valueToTree(d.attributes()));
                m.set("body", d.body());
            }
        }
        return array;
    }

    /** Moves every message of the DLQ back to its source queue; answers the move task's handle. */
    public String replay(String queueName) {
        String[] urls = urls(queueName);
        String source = arn(urls[0]);
        String destination = arn(urls[1]);
        return sqs.startMessageMoveTask(b -> b.sourceArn(source).destinationArn(destination)).taskHandle();
    }

    public int approximateCount(String queueName) {
        String count = sqs.getQueueAttributes(b -> b.queueUrl(urls(queueName)[0])
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return count == null ? 0 : Integer.parseInt(count);
    }

    public Set<String> names() {
        return queues.keySet();
    }

    private String sourceName(String dlqName) {
        String url = queues.get(dlqName)[1];
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private String[] urls(String queueName) {
        String[] urls = queues.get(queueName);
        if (urls == null) {
            throw new IllegalArgumentException("no dead-letter queue " + queueName + "; there are " + queues.keySet());
        }
        return urls;
    }

    private String arn(String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    private static DeadLetter toDeadLetter(String queue, Message m) {
        Map<String, String> attributes = new LinkedHashMap<>();
        m.messageAttributes().forEach((k, v) -> attributes.put(k, v.stringValue()));
        m.attributes().forEach((k, v) -> {
            if (k == MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT || k == MessageSystemAttributeName.SENT_TIMESTAMP) {
                attributes.put(k.toString(), v);
            }
        });
        String reason = attributes.getOrDefault("reason", "no reason recorded: SQS moved it after maxReceiveCount ("
                + QueueDefinitions.MAX_RECEIVE_COUNT + ") failed receives");
        return new DeadLetter(queue, m.messageId(), reason, attributes, scrub(m.body()));
    }

    /** The body as JSON with every secret value replaced; a body that is not JSON is not shown. */
    static JsonNode scrub(String body) {
        JsonNode json;
        try {
            json = Http.JSON.readTree(body);
        } catch (IOException e) {
            return Http.JSON.getNodeFactory().textNode("[not JSON, " + body.length() + " characters, not shown]");
        }
        scrubInPlace(json);
        return json;
    }

    private static void scrubInPlace(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (SECRET_KEYS.contains(field.getKey().toLowerCase(Locale.ROOT))) {
                    field.setValue(Http.JSON.getNodeFactory().textNode(REMOVED));
                } else {
                    scrubInPlace(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(DeadLetters::scrubInPlace);
        }
    }
}
