package dev.homewire.entrypoint;

import com.amazon.ask.request.dispatcher.GenericRequestDispatcher;
import com.amazon.ask.request.dispatcher.impl.BaseRequestDispatcher;
import com.amazon.ask.request.exception.mapper.impl.BaseExceptionMapper;
import com.amazon.ask.request.handler.adapter.impl.BaseHandlerAdapter;
import com.amazon.ask.request.handler.chain.impl.BaseRequestHandlerChain;
import com.amazon.ask.request.mapper.impl.BaseRequestMapper;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.Directive;
import dev.homewire.alexa.InvalidDirectiveException;
import dev.homewire.alexa.Json;
import dev.homewire.core.util.LogSafe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the entrypoint Lambda calls: one Alexa request body in, one response body out. Directives
 * are routed by the ASK SDK's generic dispatcher to one handler per family (Discovery, AcceptGrant,
 * ReportState, control directives, and a fallback); every failure becomes an ErrorResponse in
 * {@link ErrorResponses}. Create one per process: it owns the thread pool used for time-bounded
 * vendor and Login with Amazon calls.
 */
public final class SkillEntrypoint implements AutoCloseable {
    /** How long Alexa waits for a synchronous answer. */
    static final Duration ALEXA_TIMEOUT = Duration.ofSeconds(8);
    /** Kept free at the end of the budget to store results and send the answer. */
    static final Duration SAFETY_MARGIN = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(SkillEntrypoint.class);
    private static final byte[] LAST_RESORT = ("{\"event\":{\"header\":{\"namespace\":\"Alexa\",\"name\":\"ErrorResponse\","
            + "\"payloadVersion\":\"3\",\"messageId\":\"00000000-0000-0000-0000-000000000000\"},"
            + "\"payload\":{\"type\":\"INTERNAL_ERROR\",\"message\":\"" + ErrorResponses.INTERNAL_MESSAGE + "\"}}}")
            .getBytes(StandardCharsets.UTF_8);

    private final EntrypointDependencies deps;
    private final ExecutorService executor;
    private final GenericRequestDispatcher<DirectiveRequest, AlexaEvent> dispatcher;

    public SkillEntrypoint(EntrypointDependencies deps) {
        this.deps = deps;
        this.executor = Executors.newCachedThreadPool(daemonThreads());
        Lookups lookups = new Lookups(deps);
        List<DirectiveHandler> handlers = List.of(
                new DiscoveryHandler(deps, lookups, executor),
                new AcceptGrantHandler(deps, executor),
                new ReportStateHandler(deps, lookups, executor),
                new ControlDirectiveHandler(deps, lookups),
                new FallbackHandler());
        BaseRequestMapper.Builder<DirectiveRequest, AlexaEvent, ?> mapper = BaseRequestMapper.builder();
        for (DirectiveHandler handler : handlers) {
            mapper.addRequestHandlerChain(BaseRequestHandlerChain.<DirectiveRequest, AlexaEvent>builder()
                    .withRequestHandler(handler).build());
        }
        this.dispatcher = BaseRequestDispatcher.<DirectiveRequest, AlexaEvent>builder()
                .addRequestMapper(mapper.build())
                .addHandlerAdapter(new BaseHandlerAdapter<DirectiveRequest, AlexaEvent, DirectiveHandler>(DirectiveHandler.class))
                .withExceptionMapper(BaseExceptionMapper.<DirectiveRequest, AlexaEvent>builder()
                        .addExceptionHandler(new ErrorResponses()).build())
                .build();
    }

    /**
     * Answers one Alexa request body with the response body. Never throws, never returns a stack trace.
     *
     * @param timeLeft what the Lambda has left of its own timeout; the answer is ready within
     *                 {@code min(timeLeft, 8 s) - 1 s} as far as vendor calls are concerned
     */
    public byte[] handle(byte[] requestBody, Duration timeLeft) {
        long started = System.nanoTime();
        String namespace = "-";
        String name = "-";
        String messageId = "-";
        String correlationToken = null;
        AlexaEvent answer;
        try {
            Directive directive = Directive.parse(requestBody == null ? new byte[0] : requestBody);
            namespace = directive.namespace();
            name = directive.name();
            messageId = directive.header().messageId();
            correlationToken = directive.correlationToken();
            Instant receivedAt = deps.clock().instant();
            DirectiveRequest request = new DirectiveRequest(directive, receivedAt, started + budget(timeLeft).toNanos());
            answer = dispatcher.dispatch(request);
            if (answer == null) {
                answer = ErrorResponses.forFailure(directive, new IllegalStateException("no handler answered"));
            }
        } catch (InvalidDirectiveException e) {
            LOG.warn("unreadable directive: {}", LogSafe.value(e.getMessage()));
            answer = ErrorResponses.forUnreadable(e);
        } catch (Throwable t) {
            LOG.error("{}.{} messageId={} failed outside the handlers", LogSafe.value(namespace, 64), LogSafe.value(name, 64),
                    LogSafe.value(messageId, 128), t);
            answer = ErrorResponses.internalError(correlationToken);
        }
        byte[] body = serialize(answer);
        LOG.info("directive namespace={} name={} messageId={} outcome={} ms={}", LogSafe.value(namespace, 64),
                LogSafe.value(name, 64), LogSafe.value(messageId, 128), outcome(answer), (System.nanoTime() - started) / 1_000_000);
        return body;
    }

    /** Time for vendor calls: what is left of Alexa's 8 s (or of the Lambda, if less), minus the safety margin. */
    static Duration budget(Duration timeLeft) {
        Duration left = timeLeft == null || timeLeft.compareTo(ALEXA_TIMEOUT) > 0 ? ALEXA_TIMEOUT : timeLeft;
        Duration budget = left.minus(SAFETY_MARGIN);
        return budget.isNegative() ? Duration.ZERO : budget;
    }

    private static byte[] serialize(AlexaEvent answer) {
        try {
            return Json.writeBytes(answer.toJson());
        } catch (RuntimeException | Error e) {
            LOG.error("the answer could not be serialized", e);
            return LAST_RESORT.clone();
        }
    }

    private static String outcome(AlexaEvent answer) {
        try {
            String name = answer.header().name();
            if ("ErrorResponse".equals(name)) {
                return answer.header().namespace() + ".ErrorResponse:" + answer.payload().path("type").asText();
            }
            return name;
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    /** Stops the pool's idle threads; calls still running are interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        String prefix = "homewire-entrypoint-" + UUID.randomUUID().toString().substring(0, 4) + "-";
        return r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
