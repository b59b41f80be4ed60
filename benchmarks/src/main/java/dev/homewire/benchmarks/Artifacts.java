package dev.homewire.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Table 5: each function's deployable jar ({@code <module>/target/<module>-lambda.jar}, built by
 * maven-shade-plugin, the template's CodeUri) — its size against the target, and what must not be
 * inside: netty, AWS SDK v1 ({@code com.amazonaws} outside the Lambda runtime interfaces
 * {@code com.amazonaws.services.lambda.runtime}), the {@code ask-sdk} aggregator (or the SDK-v1
 * modules it brings). Sizes are reported, never enforced; forbidden content is reported as found.
 */
final class Artifacts {
    static final long MB = 1024L * 1024;

    record Function(String module, long targetBytes) {
    }

    static final List<Function> FUNCTIONS = List.of(
            new Function("skill-entrypoint", 10 * MB),
            new Function("processors", 12 * MB),
            new Function("dispatcher", 12 * MB));

    record Artifact(String module, String jar, boolean built, long bytes, long unzippedBytes, int entries, long targetBytes,
                    List<String> forbidden) {
        boolean sizeMet() {
            return built && bytes <= targetBytes;
        }
    }

    private Artifacts() {
    }

    static List<Artifact> measure(Path repoRoot) throws IOException {
        List<Artifact> result = new ArrayList<>();
        for (Function f : FUNCTIONS) {
            String relative = f.module() + "/target/" + f.module() + "-lambda.jar";
            Path jar = repoRoot.resolve(relative);
            if (!Files.isRegularFile(jar)) {
                result.add(new Artifact(f.module(), relative, false, 0, 0, 0, f.targetBytes(), List.of()));
                continue;
            }
            long unzipped = 0;
            int entries = 0;
            TreeSet<String> forbidden = new TreeSet<>();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                    ZipEntry entry = e.nextElement();
                    entries++;
                    unzipped += Math.max(entry.getSize(), 0);
                    String why = forbidden(entry.getName());
                    if (why != null) {
                        forbidden.add(why);
                    }
                }
            }
            result.add(new Artifact(f.module(), relative, true, Files.size(jar), unzipped, entries, f.targetBytes(),
                    List.copyOf(forbidden)));
        }
        return result;
    }

    /** Why a jar entry must not be in a Lambda jar, or null if it may. */
    static String forbidden(String name) {
        if (name.endsWith("/")) {
            return null; // a folder entry: what is in it is checked entry by entry
        }
        if (name.startsWith("io/netty/") || name.startsWith("META-INF/maven/io.netty/")
                || name.startsWith("software/amazon/awssdk/http/nio/netty/")) {
            return "netty";
        }
        if (name.startsWith("com/amazonaws/") && !name.startsWith("com/amazonaws/services/lambda/runtime/")) {
            return "AWS SDK v1 (" + firstSegments(name, 4) + ")";
        }
        if (name.startsWith("META-INF/maven/com.amazonaws/aws-java-sdk")) {
            return "AWS SDK v1 (" + firstSegments(name, 4) + ")";
        }
        String alexa = "META-INF/maven/com.amazon.alexa/";
        if (name.startsWith(alexa) && name.length() > alexa.length()) {
            String rest = name.substring(alexa.length());
            String artifact = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            if (artifact.equals("ask-sdk") || artifact.equals("ask-sdk-apache-client")
                    || artifact.equals("ask-sdk-dynamodb-persistence-adapter") || artifact.equals("ask-sdk-lambda-support")
                    || artifact.equals("ask-sdk-servlet-support")) {
                return "ask-sdk aggregator (" + artifact + ")";
            }
        }
        return null;
    }

    private static String firstSegments(String name, int count) {
        String[] parts = name.split("/");
        return String.join("/", java.util.Arrays.copyOf(parts, Math.min(count, parts.length)));
    }
}
