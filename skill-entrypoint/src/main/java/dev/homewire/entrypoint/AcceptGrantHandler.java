package dev.homewire.entrypoint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.alexa.AlexaError;
import dev.homewire.alexa.AlexaErrorException;
import dev.homewire.alexa.AlexaEvent;
import dev.homewire.alexa.AlexaMessages;
import dev.homewire.alexa.Directive;
import dev.homewire.core.lwa.LwaException;
import dev.homewire.core.lwa.LwaTokens;
import dev.homewire.core.store.Grant;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Alexa.Authorization/AcceptGrant}: exchanges the authorization code with Login with Amazon
 * and stores the user's grant, so events can be sent for them. Every failure is answered with
 * {@code Alexa.Authorization} ACCEPT_GRANT_FAILED. Neither the code nor any token is ever logged.
 */
final class AcceptGrantHandler implements DirectiveHandler {
    static final String NAMESPACE = "Alexa.Authorization";
    private static final Logger LOG = LoggerFactory.getLogger(AcceptGrantHandler.class);

    private final EntrypointDependencies deps;
    private final ExecutorService executor;

    AcceptGrantHandler(EntrypointDependencies deps, ExecutorService executor) {
        this.deps = deps;
        this.executor = executor;
    }

    static boolean isAcceptGrant(Directive d) {
        return NAMESPACE.equals(d.namespace()) && "AcceptGrant".equals(d.name());
    }

    @Override
    public boolean canHandle(DirectiveRequest input) {
        return isAcceptGrant(input.directive());
    }

    @Override
    public AlexaEvent handle(DirectiveRequest input) {
        JsonNode payload = input.directive().payload();
        String code = text(payload.path("grant").path("code"));
        if (code == null) {
            throw failed("the AcceptGrant directive carries no authorization code");
        }
        String grantType = text(payload.path("grant").path("type"));
        if (grantType != null && !"OAuth2.AuthorizationCode".equals(grantType)) {
            throw failed("unsupported grant type " + grantType);
        }
        String granteeToken = text(payload.path("grantee").path("token"));
        if (granteeToken == null) {
            throw failed("the AcceptGrant directive carries no grantee token");
        }
        String userId;
        try {
            userId = deps.users().resolveUserId(granteeToken);
        } catch (AlexaErrorException e) {
            LOG.warn("AcceptGrant: grantee not resolved: {}", e.error().type());
            throw failed("the grantee token could not be resolved to a user");
        }
        LwaTokens tokens;
        try {
            tokens = Bounded.call(executor, () -> deps.lwa().exchangeCode(code), input.remaining(),
                    () -> new LwaException("Login with Amazon did not answer in time", false, null));
        } catch (LwaException e) {
            LOG.warn("AcceptGrant: code exchange failed for user {}: {} (invalid_grant={})", userId, e.getMessage(),
                    e.invalidGrant());
            throw failed("Login with Amazon did not accept the authorization code");
        }
        if (tokens == null || tokens.refreshToken() == null || tokens.refreshToken().isBlank()) {
            LOG.warn("AcceptGrant: Login with Amazon answered no refresh token for user {}", userId);
            throw failed("Login with Amazon answered no refresh token");
        }
        try {
            deps.grants().save(new Grant(userId, tokens.refreshToken(), tokens.accessToken(), tokens.expiresAt(),
                    deps.region(), deps.clock().instant()));
        } catch (RuntimeException e) {
            LOG.error("AcceptGrant: the grant of user {} could not be stored: {}", userId, e.getClass().getName());
            throw failed("the grant could not be stored");
        }
        LOG.debug("AcceptGrant: grant stored for user {} (region {})", userId, deps.region());
        return AlexaMessages.acceptGrantResponse();
    }

    static AlexaErrorException failed(String message) {
        return new AlexaErrorException(AlexaError.acceptGrantFailed(message));
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }
}
