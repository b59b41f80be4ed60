package dev.homewire.devstack.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.homewire.adapter.spi.DeviceAdapterFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What went into the Lambda jars ({@code <module>/target/<module>-lambda.jar}, built by
 * maven-shade-plugin in the package phase): the handlers with their event classes, the adapters
 * found by ServiceLoader, and none of the devstack's or test's baggage. Skipped for a module whose jar is not built (e.g.
 * {@code -pl devstack} on a fresh clone); {@code ./mvnw verify} builds them before this runs.
 */
class LambdaArtifactTest {
    private static final String ADAPTER_SERVICES = "META-INF/services/dev.homewire.adapter.spi.DeviceAdapterFactory";
    private static final String LUMIO_FACTORY = "dev.homewire.adapters.lumio.LumioAdapterFactory";
    private static final String SDK_HTTP_SERVICES = "META-INF/services/software.amazon.awssdk.http.SdkHttpService";
    private static final String URL_CONNECTION_HTTP = "software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService";
    private static final String SLF4J_PROVIDERS = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
    /** Lambda's limit for a deployment package uploaded through S3, unzipped. */
    private static final long LAMBDA_UNZIPPED_LIMIT = 250L * 1024 * 1024;

    /** The modules whose Lambda drives vendor clouds, so must carry every adapter. */
    private static final Set<String> WITH_ADAPTERS = Set.of("skill-entrypoint", "processors");

    /** Path prefixes that must not be in a Lambda jar, and why. */
    private static final Map<String, String> FORBIDDEN = forbidden();

    private static Map<String, String> forbidden() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("io/netty/", "netty (AWS SDK netty-nio-client or ElasticMQ): the SDK uses the URL-connection client");
        f.put("software/amazon/awssdk/http/nio/netty/", "the AWS SDK's netty client");
        f.put("software/amazon/awssdk/http/apache/", "the AWS SDK's Apache client: the SDK uses the URL-connection client");
        f.put("com/amazonaws/services/dynamodbv2/", "AWS SDK v1 (DynamoDB)");
        f.put("com/amazonaws/services/sqs/", "AWS SDK v1 (SQS)");
        f.put("com/amazonaws/auth/", "AWS SDK v1 (core)");
        f.put("com/amazonaws/http/", "AWS SDK v1 (core)");
        f.put("META-INF/maven/com.amazonaws/aws-java-sdk", "AWS SDK v1");
        f.put("org/elasticmq/", "ElasticMQ (local SQS, devstack only)");
        f.put("scala/", "Scala runtime (ElasticMQ, devstack only)");
        f.put("org/apache/pekko/", "Pekko (ElasticMQ, devstack only)");
        f.put("akka/", "Akka");
        f.put("org/h2/", "H2 (ElasticMQ persistence, devstack only)");
        f.put("dev/homewire/localaws/", "local-aws (devstack and tests only)");
        f.put("dev/homewire/simulator/", "vendor cloud simulators (devstack and tests only)");
        f.put("dev/homewire/devstack/", "the devstack");
        f.put("org/junit/", "JUnit");
        f.put("com/networknt/", "the JSON schema validator (tests only)");
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"skill-entrypoint", "processors", "dispatcher"})
    void lambdaJarHoldsItsHandlerAndAdaptersAndNoLocalBaggage(String module) throws IOException {
        SamTemplate template = SamTemplate.load();
        String codeUri = module + "/target/" + module + "-lambda.jar";
        Path jar = template.root().resolve(codeUri);
        Assumptions.assumeTrue(Files.isRegularFile(jar),
                "skipped: " + jar + " not built (run ./mvnw package, or -pl " + module + " -am package)");

        try (ZipFile zip = new ZipFile(jar.toFile())) {
            long unzipped = 0;
            List<String> names = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                names.add(entry.getName());
                unzipped += Math.max(entry.getSize(), 0);
            }
            System.out.printf("%-28s %6.1f MB zipped, %6.1f MB unzipped, %5d entries%n", jar.getFileName(),
                    Files.size(jar) / 1048576.0, unzipped / 1048576.0, names.size());

            Map<String, List<String>> offending = new TreeMap<>();
            for (String name : names) {
                FORBIDDEN.forEach((prefix, why) -> {
                    if (name.startsWith(prefix)) {
                        List<String> hits = offending.computeIfAbsent(prefix + " (" + why + ")", k -> new ArrayList<>());
                        if (hits.size() < 3) {
                            hits.add(name);
                        }
                    }
                });
            }
            assertTrue(offending.isEmpty(), jar.getFileName() + " holds what Lambda must not get (check the module's "
                    + "dependencies with ./mvnw -pl " + module + " dependency:tree -Dscope=runtime):\n" + offending);

            List<String> unwanted = names.stream().filter(n -> n.equals("module-info.class")
                    || n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")).collect(Collectors.toList());
            assertTrue(unwanted.isEmpty(), "signature files / module-info.class in " + jar.getFileName() + ": " + unwanted);
            assertTrue(unzipped < LAMBDA_UNZIPPED_LIMIT, jar.getFileName() + " unzips to " + unzipped + " bytes, over Lambda's 250 MB");

            // every handler the template deploys from this jar, and the event classes Lambda's
            // runtime deserializes its input into (aws-lambda-java-events must be inside)
            Map<String, String> handlers = handlersFor(template, codeUri);
            assertTrue(!handlers.isEmpty(), "no function in template.yaml has CodeUri " + codeUri);
            for (Map.Entry<String, String> h : handlers.entrySet()) {
                String className = h.getValue().substring(0, h.getValue().indexOf("::"));
                String handlerClass = className.replace('.', '/') + ".class";
                assertTrue(zip.getEntry(handlerClass) != null, jar.getFileName() + " lacks " + h.getKey() + "'s handler " + handlerClass);
                for (Class<?> eventType : requestHandlerTypes(className)) {
                    String entry = eventType.getName().replace('.', '/') + ".class";
                    assertTrue(zip.getEntry(entry) != null, jar.getFileName() + " lacks " + eventType.getName() + ", the input or output of "
                            + h.getKey() + "'s handler (aws-lambda-java-events in " + module + "/pom.xml, compile scope?)");
                }
            }

            // adapters: ServiceLoader files merged, every listed class present
            Set<String> adapters = services(zip, ADAPTER_SERVICES);
            if (WITH_ADAPTERS.contains(module)) {
                assertTrue(adapters.contains(LUMIO_FACTORY), jar.getFileName() + " " + ADAPTER_SERVICES + " lists " + adapters
                        + ", not " + LUMIO_FACTORY + " (lumio-light runtime dependency? ServicesResourceTransformer?)");
                // every adapter the devstack runs is deployed too
                for (DeviceAdapterFactory factory : ServiceLoader.load(DeviceAdapterFactory.class)) {
                    assertTrue(adapters.contains(factory.getClass().getName()), jar.getFileName() + " lacks adapter "
                            + factory.adapterId() + " (" + factory.getClass().getName() + "), which the devstack has: add its "
                            + "module to " + module + "/pom.xml with <scope>runtime</scope>");
                }
            }
            for (String adapter : adapters) {
                assertTrue(zip.getEntry(adapter.replace('.', '/') + ".class") != null,
                        jar.getFileName() + " lists adapter " + adapter + " but lacks the class");
            }

            // the AWS SDK finds exactly one HTTP client, the URL-connection one
            Set<String> httpClients = services(zip, SDK_HTTP_SERVICES);
            assertEquals(Set.of(URL_CONNECTION_HTTP), httpClients, jar.getFileName() + " " + SDK_HTTP_SERVICES);

            if (services(zip, SLF4J_PROVIDERS).isEmpty()) {
                System.out.println("WARNING: " + jar.getFileName() + " has no SLF4J provider (" + SLF4J_PROVIDERS
                        + "): SLF4J falls back to NOP and the function's log lines are dropped in Lambda");
            }
        }
    }

    /** Function id to handler, for every function deployed from {@code codeUri}. */
    private static Map<String, String> handlersFor(SamTemplate template, String codeUri) {
        Map<String, String> handlers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> f : template.functions().entrySet()) {
            if (codeUri.equals(template.functionProperty(f.getKey(), "CodeUri").asText())) {
                handlers.put(f.getKey(), template.functionProperty(f.getKey(), "Handler").asText());
            }
        }
        return handlers;
    }

    /** The type arguments of {@code RequestHandler<I, O>} that {@code className} implements that are not JDK classes; none for a stream handler. */
    private static List<Class<?>> requestHandlerTypes(String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, LambdaArtifactTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(className + " is not on the test class path", e);
        }
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    for (Type argument : p.getActualTypeArguments()) {
                        if (argument instanceof Class<?> k && !k.getName().startsWith("java.")) {
                            types.add(k);
                        }
                    }
                }
            }
        }
        return types;
    }

    /** The non-comment lines of a META-INF/services file, or none. */
    private static Set<String> services(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        Set<String> out = new TreeSet<>();
        if (entry == null) {
            return out;
        }
        try (InputStream in = zip.getInputStream(entry)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.replaceAll("#.*", "").strip();
                if (!l.isEmpty()) {
                    out.add(l);
                }
            }
        }
        return out;
    }
}
