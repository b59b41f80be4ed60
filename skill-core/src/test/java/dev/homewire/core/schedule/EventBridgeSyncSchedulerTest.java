package dev.homewire.core.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.homewire.alexa.Json;
import dev.homewire.core.config.HomewireConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/** The real SDK client against a loopback HTTP server speaking the Scheduler REST-JSON API: no AWS. */
class EventBridgeSyncSchedulerTest {
    private static final Pattern SCHEDULE_NAME = Pattern.compile("[0-9a-zA-Z\\-_.]{1,64}");
    private static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:123456789012:homewire-sync";
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/homewire-scheduler";

    private final FakeSchedulerApi api;
    private final SchedulerClient client;
    private final EventBridgeSyncScheduler scheduler;

    EventBridgeSyncSchedulerTest() throws IOException {
        api = new FakeSchedulerApi();
        HomewireConfig config = new HomewireConfig(Map.of(
                "AWS_REGION", "eu-west-1",
                "HOMEWIRE_SCHEDULER_ENDPOINT", api.url(),
                "HOMEWIRE_SCHEDULE_GROUP", "homewire-test",
                "HOMEWIRE_SYNC_INTERVAL_SECONDS", "270",
                "HOMEWIRE_SYNC_QUEUE_ARN", QUEUE_ARN,
                "HOMEWIRE_SCHEDULER_ROLE_ARN", ROLE_ARN));
        client = EventBridgeSyncScheduler.client(config);
        scheduler = new EventBridgeSyncScheduler(client, EventBridgeSyncScheduler.Settings.fromConfig(config));
    }

    @AfterEach
    void close() {
        client.close();
        api.close();
    }

    @Test
    void ensureScheduleCreatesARateScheduleSendingTheSyncMessageToTheQueue() {
        String userId = "amzn1.account.AHX/+= é";

        scheduler.ensureSchedule(userId);

        assertEquals(1, api.requests.size());
        FakeSchedulerApi.Request create = api.requests.get(0);
        String name = EventBridgeSyncScheduler.scheduleName(userId);
        assertEquals("POST", create.method());
        assertEquals("/schedules/" + name, create.path());
        assertTrue(create.authorization().startsWith("AWS4-HMAC-SHA256 "), create.authorization());
        assertTrue(create.authorization().contains("/eu-west-1/scheduler/aws4_request"), create.authorization());

        JsonNode body = Json.read(create.body());
        assertEquals("homewire-test", body.path("GroupName").asText());
        assertEquals("rate(5 minutes)", body.path("ScheduleExpression").asText(), "270 s rounded up to whole minutes");
        assertEquals("OFF", body.path("FlexibleTimeWindow").path("Mode").asText());
        assertEquals("ENABLED", body.path("State").asText());
        assertFalse(body.path("ClientToken").asText().isEmpty(), "the SDK fills the idempotency token");
        JsonNode target = body.path("Target");
        assertEquals(QUEUE_ARN, target.path("Arn").asText());
        assertEquals(ROLE_ARN, target.path("RoleArn").asText());
        assertEquals(270, target.path("RetryPolicy").path("MaximumEventAgeInSeconds").asInt());
        assertEquals(userId, SyncMessage.userIdFromJson(target.path("Input").asText()));
        JsonNode input = Json.read(target.path("Input").asText());
        assertEquals("homewire.sync", input.path("type").asText());
        assertEquals(1, input.path("version").asInt());
        assertEquals(Set.of("type", "version", "userId"), fieldNames(input));
        assertFalse(body.toString().contains("\"Name\""), "the name travels in the path only");
        assertTrue(api.schedules.containsKey("homewire-test/" + name));
    }

    @Test
    void ensureScheduleIsIdempotent() {
        scheduler.ensureSchedule("alice");
        scheduler.ensureSchedule("alice");

        assertEquals(2, api.requests.size());
        assertEquals(409, api.requests.get(1).answeredStatus(), "the second create met ConflictException, which counts as done");
        assertEquals(1, api.schedules.size());
    }

    @Test
    void deleteScheduleDeletesItAndAMissingScheduleIsFine() {
        scheduler.ensureSchedule("alice");

        scheduler.deleteSchedule("alice");
        scheduler.deleteSchedule("alice");

        FakeSchedulerApi.Request delete = api.requests.get(1);
        assertEquals("DELETE", delete.method());
        assertEquals("/schedules/" + EventBridgeSyncScheduler.scheduleName("alice"), delete.path());
        assertEquals("homewire-test", delete.query().get("groupName"));
        assertEquals(200, delete.answeredStatus());
        assertEquals(404, api.requests.get(2).answeredStatus(), "ResourceNotFoundException counts as done");
        assertTrue(api.schedules.isEmpty());
    }

    @Test
    void otherFailuresPropagate() {
        api.failNext = 400;

        assertThrows(ValidationException.class, () -> scheduler.ensureSchedule("alice"));
    }

    @Test
    void fromConfigNeedsItsSettingsOnlyWhenUsed() {
        EventBridgeSyncScheduler unconfigured = EventBridgeSyncScheduler.fromConfig(new HomewireConfig(Map.of()));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> unconfigured.ensureSchedule("alice"));
        assertTrue(e.getMessage().contains("HOMEWIRE_SYNC_QUEUE_ARN"), e.getMessage());
    }

    @Test
    void scheduleNamesAreValidStableAndDistinctWhateverTheUserId() {
        for (String userId : List.of("alice", "amzn1.account.AHX/+=", "x".repeat(500), "用户 id with spaces")) {
            String name = EventBridgeSyncScheduler.scheduleName(userId);
            assertTrue(SCHEDULE_NAME.matcher(name).matches(), name);
            assertTrue(name.startsWith("homewire-sync-"));
            assertEquals(name, EventBridgeSyncScheduler.scheduleName(userId));
        }
        assertNotEquals(EventBridgeSyncScheduler.scheduleName("alice"), EventBridgeSyncScheduler.scheduleName("alicf"));
    }

    @Test
    void rateExpressionsRoundUpToWholeMinutesOfAtLeastOne() {
        assertEquals("rate(1 minute)", EventBridgeSyncScheduler.rateExpression(Duration.ofSeconds(1)));
        assertEquals("rate(1 minute)", EventBridgeSyncScheduler.rateExpression(Duration.ofSeconds(60)));
        assertEquals("rate(2 minutes)", EventBridgeSyncScheduler.rateExpression(Duration.ofSeconds(61)));
        assertEquals("rate(2 minutes)", EventBridgeSyncScheduler.rateExpression(Duration.ofMillis(60_001)));
        assertEquals("rate(5 minutes)", EventBridgeSyncScheduler.rateExpression(Duration.ofMinutes(5)));
        assertEquals(60, EventBridgeSyncScheduler.maximumEventAgeSeconds(Duration.ofSeconds(5)));
        assertEquals(86_400, EventBridgeSyncScheduler.maximumEventAgeSeconds(Duration.ofDays(3)));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * Just enough of the Scheduler API: {@code POST /schedules/{Name}} (409 ConflictException if it
     * exists) and {@code DELETE /schedules/{Name}?groupName=} (404 ResourceNotFoundException if not).
     */
    static final class FakeSchedulerApi implements AutoCloseable {
        record Request(String method, String path, Map<String, String> query, String authorization, String body,
                       int answeredStatus) {
        }

        final List<Request> requests = new CopyOnWriteArrayList<>();
        final Map<String, String> schedules = new ConcurrentHashMap<>();
        volatile int failNext;
        private final HttpServer server;

        FakeSchedulerApi() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String name = path.startsWith("/schedules/") ? path.substring("/schedules/".length()) : null;
            int status;
            String answer;
            String errorType = null;
            if (failNext != 0) {
                status = failNext;
                failNext = 0;
                errorType = "ValidationException";
                answer = "{\"Message\":\"scripted failure\"}";
            } else if ("POST".equals(method) && name != null) {
                String group = Json.read(body).path("GroupName").asText("default");
                if (schedules.putIfAbsent(group + "/" + name, body) != null) {
                    status = 409;
                    errorType = "ConflictException";
                    answer = "{\"Message\":\"Schedule " + name + " already exists.\"}";
                } else {
                    status = 200;
                    answer = "{\"ScheduleArn\":\"arn:aws:scheduler:eu-west-1:123456789012:schedule/" + group + "/" + name + "\"}";
                }
            } else if ("DELETE".equals(method) && name != null) {
                String group = query.getOrDefault("groupName", "default");
                if (schedules.remove(group + "/" + name) == null) {
                    status = 404;
                    errorType = "ResourceNotFoundException";
                    answer = "{\"Message\":\"Schedule " + name + " does not exist.\"}";
                } else {
                    status = 200;
                    answer = "{}";
                }
            } else {
                status = 400;
                errorType = "ValidationException";
                answer = "{\"Message\":\"unexpected " + method + " " + path + "\"}";
            }
            requests.add(new Request(method, path, query, exchange.getRequestHeaders().getFirst("Authorization"), body, status));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (errorType != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }

        private static Map<String, String> parseQuery(String raw) {
            Map<String, String> query = new java.util.HashMap<>();
            if (raw == null || raw.isEmpty()) {
                return query;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(key, value);
            }
            return query;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
