package dev.homewire.processors.push;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.homewire.adapter.spi.WebhookRequest;
import dev.homewire.core.SkillRuntime;
import dev.homewire.processors.Processors;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Lambda behind the webhook Function URL: {@code POST /webhooks/{adapterId}}. Thin: it hands
 * the raw body bytes (base64-decoded when Lambda encoded them, since signatures are computed over
 * the exact bytes) and headers to {@link WebhookReceiver}.
 */
public final class WebhookFunctionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final class Holder {
        static final WebhookReceiver RECEIVER = Processors.webhookReceiver(SkillRuntime.fromEnvironment());
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        WebhookResponse response = handle(Holder.RECEIVER, event, Instant.now());
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(Map.of("Content-Type", WebhookResponse.CONTENT_TYPE))
                .withBody(response.body())
                .build();
    }

    static WebhookResponse handle(WebhookReceiver receiver, APIGatewayV2HTTPEvent event, Instant now) {
        String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                ? "POST" : event.getRequestContext().getHttp().getMethod();
        String adapterId = adapterId(event.getRawPath());
        if (!"POST".equalsIgnoreCase(method) || adapterId == null) {
            return new WebhookResponse(404, "{\"error\":\"POST /webhooks/{adapterId}\"}");
        }
        String body = event.getBody() == null ? "" : event.getBody();
        byte[] bytes = event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> headers.put(name, List.of(value)));
        }
        return receiver.receive(adapterId, new WebhookRequest(headers, bytes, now));
    }

    /** The adapter id of {@code /webhooks/{adapterId}}, or null for any other path. */
    static String adapterId(String rawPath) {
        if (rawPath == null) {
            return null;
        }
        String[] parts = rawPath.split("/");
        return parts.length == 3 && parts[0].isEmpty() && parts[1].equals("webhooks") && !parts[2].isBlank() ? parts[2] : null;
    }
}
