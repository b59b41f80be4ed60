package dev.homewire.entrypoint;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.homewire.core.SkillRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The Lambda Alexa invokes. Thin: the entrypoint is built once per execution environment (cold
 * start) and every invocation hands it the raw body and the time Lambda has left.
 */
public final class SkillEntrypointHandler implements RequestStreamHandler {
    private static final class Holder {
        static final SkillEntrypoint ENTRYPOINT = SkillEntrypoints.create(SkillRuntime.fromEnvironment());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        byte[] request = input.readAllBytes();
        Duration timeLeft = context == null ? Duration.ofSeconds(8) : Duration.ofMillis(context.getRemainingTimeInMillis());
        output.write(Holder.ENTRYPOINT.handle(request, timeLeft));
    }
}
