package dev.homewire.devstack.deploy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code template.yaml} at the repository root, read once, with a small evaluator for the
 * intrinsics it uses, so tests can compare what CloudFormation would create with the code.
 *
 * <p>{@link #resolve} turns a value into the string a deployed function would see, for a stack
 * named {@value #STACK_NAME} (unless {@link #forStack}) in {@value #REGION}. The default stack
 * name differs from the "homewire" prefix of HomewireConfig's defaults on purpose, so that a
 * variable missing from the template cannot pass unnoticed through a default. Parameters take their default or, without one,
 * a placeholder URL; {@code Ref} to a table, queue or schedule group gives its (resolved)
 * physical name or URL; {@code Fn::GetAtt} gives a queue's name or ARN, a schedule group's ARN, a
 * SAM-generated function URL ({@link #samGeneratedResources}) as a placeholder URL, anything else
 * a placeholder ARN; {@code Fn::If} takes its "true" branch; dynamic references
 * ({@code {{resolve:...}}}) stay as they are.
 */
final class SamTemplate {
    static final String STACK_NAME = "hwtest";
    static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");
    private static volatile SamTemplate loaded;

    private final Path root;
    private final Path file;
    private final String text;
    private final JsonNode tree;
    private final String stackName;

    private SamTemplate(SamTemplate other, String stackName) {
        this.root = other.root;
        this.file = other.file;
        this.text = other.text;
        this.tree = other.tree;
        this.stackName = stackName;
    }

    private SamTemplate(Path root) {
        this.stackName = STACK_NAME;
        this.root = root;
        this.file = root.resolve("template.yaml");
        try {
            this.text = Files.readString(file);
            YAMLMapper yaml = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
            this.tree = yaml.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The template of this working tree (parsed once per test JVM). */
    static SamTemplate load() {
        SamTemplate t = loaded;
        if (t == null) {
            synchronized (SamTemplate.class) {
                t = loaded;
                if (t == null) {
                    t = new SamTemplate(repoRoot());
                    loaded = t;
                }
            }
        }
        return t;
    }

    /** The same template, resolved for a stack of another name. */
    SamTemplate forStack(String name) {
        return new SamTemplate(this, name);
    }

    /** The repository root: {@code homewire.repo.root} (set by the parent POM for Surefire) or a walk up. */
    static Path repoRoot() {
        String configured = System.getProperty("homewire.repo.root");
        if (configured != null && !configured.isBlank()) {
            Path p = Paths.get(configured).toAbsolutePath().normalize();
            if (Files.isRegularFile(p.resolve("template.yaml")) || Files.isDirectory(p.resolve("skill-core"))) {
                return p;
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("skill-core")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("repository root not found (set -Dhomewire.repo.root)");
    }

    Path root() {
        return root;
    }

    Path file() {
        return file;
    }

    String text() {
        return text;
    }

    JsonNode tree() {
        return tree;
    }

    JsonNode parameters() {
        return tree.path("Parameters");
    }

    JsonNode resources() {
        return tree.path("Resources");
    }

    JsonNode resource(String logicalId) {
        return resources().path(logicalId);
    }

    JsonNode globalFunction() {
        return tree.path("Globals").path("Function");
    }

    /** Logical id to resource, for one resource type, in template order. */
    Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        resources().fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    Map<String, JsonNode> functions() {
        return resourcesOfType("AWS::Serverless::Function");
    }

    /**
     * The resources SAM adds for the template's own and that the template may refer to, logical
     * id to type: {@code <Function>Url} (AWS::Lambda::Url) for a function with
     * {@code FunctionUrlConfig}.
     */
    Map<String, String> samGeneratedResources() {
        Map<String, String> generated = new LinkedHashMap<>();
        functions().forEach((id, f) -> {
            if (f.path("Properties").has("FunctionUrlConfig")) {
                generated.put(id + "Url", "AWS::Lambda::Url");
            }
        });
        return generated;
    }

    /** A function property, falling back to {@code Globals.Function} as SAM does. */
    JsonNode functionProperty(String functionId, String property) {
        JsonNode own = resource(functionId).path("Properties").path(property);
        return own.isMissingNode() ? globalFunction().path(property) : own;
    }

    int functionTimeoutSeconds(String functionId) {
        JsonNode timeout = functionProperty(functionId, "Timeout");
        // Lambda's default when neither the function nor Globals set one
        return timeout.isMissingNode() ? 3 : Integer.parseInt(resolve(timeout));
    }

    /** Globals' variables overlaid with the function's own, unresolved. */
    Map<String, JsonNode> environmentNodes(String functionId) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        globalFunction().path("Environment").path("Variables").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue()));
        resource(functionId).path("Properties").path("Environment").path("Variables").fields()
                .forEachRemaining(e -> env.put(e.getKey(), e.getValue()));
        return env;
    }

    /** What the function would find in its environment ({@link #resolve}d; {@code AWS::NoValue} entries dropped). */
    Map<String, String> environment(String functionId) {
        Map<String, String> env = new LinkedHashMap<>();
        environmentNodes(functionId).forEach((name, value) -> {
            String v = resolve(value);
            if (v != null) {
                env.put(name, v);
            }
        });
        return env;
    }

    /** Every function's environment together (resolved), e.g. to find the queue URLs. */
    Map<String, String> mergedEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        functions().keySet().forEach(id -> env.putAll(environment(id)));
        return env;
    }

    /** Every variable name set anywhere (Globals and functions). */
    List<String> allEnvironmentNames() {
        List<String> names = new ArrayList<>();
        globalFunction().path("Environment").path("Variables").fieldNames().forEachRemaining(names::add);
        functions().values().forEach(f -> f.path("Properties").path("Environment").path("Variables").fieldNames()
                .forEachRemaining(n -> {
                    if (!names.contains(n)) {
                        names.add(n);
                    }
                }));
        return names;
    }

    /** The logical id a {@code Ref} or {@code Fn::GetAtt} points to, if the node is one. */
    static Optional<String> referencedId(JsonNode node) {
        if (node.has("Ref")) {
            return Optional.of(node.get("Ref").asText());
        }
        JsonNode getAtt = node.path("Fn::GetAtt");
        if (getAtt.isArray() && getAtt.size() == 2) {
            return Optional.of(getAtt.get(0).asText());
        }
        if (getAtt.isTextual()) {
            return Optional.of(getAtt.asText().split("\\.", 2)[0]);
        }
        return Optional.empty();
    }

    /** Visits every object node of the template, depth first. */
    void forEachObject(Consumer<ObjectNode> visitor) {
        walk(tree, visitor);
    }

    private static void walk(JsonNode node, Consumer<ObjectNode> visitor) {
        if (node instanceof ObjectNode object) {
            visitor.accept(object);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            walk(it.next(), visitor);
        }
    }

    // --- intrinsic evaluation ---------------------------------------------------------------

    /** The string value CloudFormation would produce (see class comment); {@code null} for {@code AWS::NoValue}. */
    String resolve(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        if (value.isObject() && value.size() == 1) {
            String function = value.fieldNames().next();
            JsonNode argument = value.get(function);
            switch (function) {
                case "Ref":
                    return ref(argument.asText());
                case "Fn::GetAtt":
                    if (argument.isTextual()) {
                        String[] parts = argument.asText().split("\\.", 2);
                        return getAtt(parts[0], parts.length > 1 ? parts[1] : "");
                    }
                    return getAtt(argument.get(0).asText(), argument.get(1).asText());
                case "Fn::Sub":
                    return sub(argument);
                case "Fn::If":
                    return resolve(argument.get(1));
                case "Fn::Join": {
                    List<String> parts = new ArrayList<>();
                    argument.get(1).forEach(p -> parts.add(resolve(p)));
                    return String.join(argument.get(0).asText(), parts);
                }
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("cannot resolve " + value + " in " + file);
    }

    private String ref(String name) {
        switch (name) {
            case "AWS::StackName":
                return stackName;
            case "AWS::Region":
                return REGION;
            case "AWS::AccountId":
                return ACCOUNT;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return null;
            default:
                break;
        }
        JsonNode parameter = parameters().path(name);
        if (!parameter.isMissingNode()) {
            JsonNode def = parameter.path("Default");
            return def.isMissingNode() ? "https://" + name.toLowerCase(java.util.Locale.ROOT) + ".placeholder.invalid" : def.asText();
        }
        JsonNode resource = resource(name);
        if (resource.isMissingNode()) {
            throw new IllegalArgumentException("Ref to unknown " + name);
        }
        String type = resource.path("Type").asText();
        JsonNode props = resource.path("Properties");
        switch (type) {
            case "AWS::DynamoDB::Table":
                return props.has("TableName") ? resolve(props.get("TableName")) : name;
            case "AWS::SQS::Queue":
                return "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT + "/" + queueName(name);
            case "AWS::Scheduler::ScheduleGroup":
                return props.has("Name") ? resolve(props.get("Name")) : name;
            default:
                return name;
        }
    }

    private String getAtt(String id, String attribute) {
        JsonNode resource = resource(id);
        if (resource.isMissingNode()) {
            String generated = samGeneratedResources().get(id);
            if ("AWS::Lambda::Url".equals(generated) && attribute.equals("FunctionUrl")) {
                // as Lambda answers it: with the trailing slash
                return "https://" + id.toLowerCase(java.util.Locale.ROOT) + "-placeholder.lambda-url." + REGION + ".on.aws/";
            }
            throw new IllegalArgumentException("Fn::GetAtt of unknown " + id + (generated == null ? "" : "." + attribute));
        }
        String type = resource.path("Type").asText();
        if (type.equals("AWS::SQS::Queue")) {
            if (attribute.equals("QueueName")) {
                return queueName(id);
            }
            if (attribute.equals("Arn")) {
                return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queueName(id);
            }
        }
        if (type.equals("AWS::Scheduler::ScheduleGroup") && attribute.equals("Arn")) {
            return "arn:aws:scheduler:" + REGION + ":" + ACCOUNT + ":schedule-group/" + ref(id);
        }
        return "arn:aws:placeholder:" + REGION + ":" + ACCOUNT + ":" + id + "/" + attribute;
    }

    String queueName(String queueId) {
        JsonNode name = resource(queueId).path("Properties").path("QueueName");
        return name.isMissingNode() ? stackName + "-" + queueId : resolve(name);
    }

    private String sub(JsonNode argument) {
        String template;
        JsonNode variables = MissingNode.getInstance();
        if (argument.isArray()) {
            template = argument.get(0).asText();
            variables = argument.get(1);
        } else {
            template = argument.asText();
        }
        Matcher m = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${" + m.group(2) + "}"; // ${!Literal}
            } else if (variables.has(m.group(2))) {
                replacement = resolve(variables.get(m.group(2)));
            } else if (m.group(2).contains(".") && !m.group(2).startsWith("AWS::")) {
                String[] parts = m.group(2).split("\\.", 2);
                replacement = getAtt(parts[0], parts[1]);
            } else {
                replacement = ref(m.group(2));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? "" : replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
