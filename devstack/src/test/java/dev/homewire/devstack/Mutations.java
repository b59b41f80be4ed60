package dev.homewire.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Mutated directives for {@link MutatedSamplesIT}: from each seed (an official sample addressed
 * to one of alice's endpoints), the cases fuzzing found answered wrongly — each with the answer it
 * must get — and generic mutations (drop, duplicate and retype fields, huge strings, bad unicode,
 * numbers out of range, wrong namespaces/names/instances, concatenations, truncations, wrong
 * encodings) that must get some schema-valid answer. Deterministic (seeded random); every input
 * has a fresh messageId and its own correlationToken unless the mutation is about them.
 */
final class Mutations {
    static final String VALUE_OUT_OF_RANGE = "VALUE_OUT_OF_RANGE";
    static final String TEMPERATURE_VALUE_OUT_OF_RANGE = "TEMPERATURE_VALUE_OUT_OF_RANGE";
    static final String INVALID_DIRECTIVE = "INVALID_DIRECTIVE";

    /** Payload fields every interface bounds: a number beyond any range there is VALUE_OUT_OF_RANGE. */
    private static final Set<String> BOUNDED_FIELDS = Set.of("brightness", "brightnessDelta", "hue", "saturation",
            "colorTemperatureInKelvin", "percentage", "percentageDelta", "powerLevel", "powerLevelDelta", "volume", "volumeSteps",
            "channelCount", "rangeValue", "rangeValueDelta", "deltaPositionMilliseconds", "modeDelta");
    private static final Set<String> SETPOINTS = Set.of("targetSetpoint", "lowerSetpoint", "upperSetpoint", "targetSetpointDelta");
    private static final String[] ABSURD_NUMBERS = {"1e400", "-1e400", "1e308"};
    private static final String[] ODD_NUMBERS = {"-1", "0.5", "1e10", "123456789012345678901234567890", "-0.0", "3.000000000000001"};
    private static final String[] NON_SQS_ESCAPES = {"\\ud800", "\\udfff", "\\uffff", "\\ufffe", "\\u0000", "\\u0008"};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82}};
    private static final String MARK = "MUTATION-MARK";

    /** One official sample addressed to a demo endpoint: the template of every input made from it. */
    record Seed(String path, ObjectNode base, boolean control) {
        String namespace() {
            return base.at("/directive/header/namespace").asText();
        }

        String name() {
            return base.at("/directive/header/name").asText();
        }

        boolean hasCorrelationToken() {
            return base.at("/directive/header").has("correlationToken");
        }
    }

    /**
     * One body to send.
     *
     * @param trackedToken the unique correlationToken the input was made with: if it ever reaches
     *                     the gateway, the input was executed (null when the input has none)
     * @param expected     the ErrorResponse type the answer must have, or null when any schema-valid answer will do
     * @param reusesMessageId sends the messageId of an earlier accepted input with a new correlationToken
     */
    record Input(int number, String kind, String seed, byte[] body, String trackedToken, String expected, boolean reusesMessageId) {
        String describe() {
            String text = new String(body, StandardCharsets.UTF_8);
            return "#" + number + " " + kind + " of " + seed + ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    private final List<Seed> seeds;
    private final Random random = new Random(8);
    private final List<Input> inputs = new ArrayList<>();
    private int counter;

    Mutations(List<Seed> seeds) {
        this.seeds = seeds;
    }

    /** A seed's directive with a fresh messageId, correlationToken (when it has one) and authorization code. */
    ObjectNode fresh(Seed seed) {
        ObjectNode copy = seed.base().deepCopy();
        ObjectNode header = (ObjectNode) copy.at("/directive/header");
        header.put("messageId", UUID.randomUUID().toString());
        if (header.has("correlationToken")) {
            header.put("correlationToken", "fz-" + (counter + 1) + "-" + UUID.randomUUID().toString().substring(0, 8));
        }
        JsonNode grant = copy.at("/directive/payload/grant");
        if (grant.isObject()) {
            ((ObjectNode) grant).put("code", "fz-code-" + UUID.randomUUID());
        }
        return copy;
    }

    /** The unmodified seed, fresh ids: what the reused-messageId cases reuse. */
    Input pristine(Seed seed) {
        ObjectNode d = fresh(seed);
        return add("pristine sample", seed, bytes(d), token(d), null, false);
    }

    /** Every specific case for each seed, then generic mutations until {@code total} inputs. */
    List<Input> generate(int total, Map<Seed, Input> pristine) {
        for (Seed seed : seeds) {
            specific(seed, pristine.get(seed));
        }
        List<Function<Seed, Input>> generic = List.of(this::dropField, this::retypeField, this::hugeString, this::nonSqsCharacter,
                this::exoticUnicode, this::badUtf8, this::oddNumber, this::swappedDirective, this::truncated, this::concatenated,
                this::comment, this::duplicateKey);
        while (inputs.size() < total) {
            Seed seed = seeds.get(random.nextInt(seeds.size()));
            Input input = generic.get(random.nextInt(generic.size())).apply(seed);
            if (input == null) {
                continue;
            }
        }
        return List.copyOf(inputs);
    }

    // --- the cases found by fuzzing, each with its answer ----------------------------------------------

    private void specific(Seed seed, Input original) {
        ObjectNode d;
        String authError = seed.namespace().equals("Alexa.Authorization") ? "ACCEPT_GRANT_FAILED" : "INVALID_AUTHORIZATION_CREDENTIAL";

        d = fresh(seed);
        header(d).put("correlationToken", "fz-long-" + "c".repeat(1100));
        add("correlationToken over 1,024 bytes", seed, bytes(d), null, INVALID_DIRECTIVE, false);
        d = fresh(seed);
        header(d).put("correlationToken", "\u20ac".repeat(342));
        add("correlationToken of 342 euro signs (1,026 bytes)", seed, bytes(d), null, INVALID_DIRECTIVE, false);
        d = fresh(seed);
        header(d).put("messageId", "m".repeat(2049));
        add("messageId over 2,048 bytes", seed, bytes(d), token(d), INVALID_DIRECTIVE, false);

        d = fresh(seed);
        add("valid directive + trailing garbage", seed, concat(bytes(d), "garbage".getBytes(StandardCharsets.UTF_8)), token(d),
                INVALID_DIRECTIVE, false);
        d = fresh(seed);
        add("valid directive + '}'", seed, concat(bytes(d), "}".getBytes(StandardCharsets.UTF_8)), token(d), INVALID_DIRECTIVE, false);
        d = fresh(seed);
        ObjectNode second = fresh(seed);
        add("two concatenated directives", seed, concat(bytes(d), bytes(second)), token(d), INVALID_DIRECTIVE, false);
        for (String charset : new String[] {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32"}) {
            d = fresh(seed);
            add(charset + " body", seed, d.toString().getBytes(Charset.forName(charset)), token(d), INVALID_DIRECTIVE, false);
        }
        d = fresh(seed);
        ((ObjectNode) d.at("/directive/payload")).put("note", "caf\u00e9");
        add("Latin-1 body", seed, d.toString().getBytes(StandardCharsets.ISO_8859_1), token(d), INVALID_DIRECTIVE, false);
        d = fresh(seed);
        add("UTF-8 BOM + valid directive", seed, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, bytes(d)), token(d), null,
                false);

        for (String[] c : new String[][] {{"messageId", "\\ud800"}, {"correlationToken", "\\udc00"}, {"messageId", "\uffff"},
            {"correlationToken", "\uffff"}, {"correlationToken", "\\u0000"}}) {
            d = fresh(seed);
            String tracked = token(d);
            header(d).put(c[0], MARK + "-" + UUID.randomUUID().toString().substring(0, 8));
            add("U+" + (c[1].startsWith("\\u") ? c[1].substring(2).toUpperCase() : String.format("%04X", (int) c[1].charAt(0)))
                    + " in " + c[0], seed, replaceMark(bytes(d), c[1]), tracked, INVALID_DIRECTIVE, false);
        }
        d = fresh(seed);
        ((ObjectNode) d.at("/directive/payload")).put("note", MARK);
        add("U+FFFE in a payload string", seed, replaceMark(bytes(d), "\\ufffe"), token(d), INVALID_DIRECTIVE, false);

        d = fresh(seed);
        String tracked = token(d);
        header(d).put("correlationToken", "");
        add("empty correlationToken", seed, bytes(d), tracked, INVALID_DIRECTIVE, false);
        d = fresh(seed);
        if (setLinkingToken(d, "")) {
            add("empty linking token", seed, bytes(d), token(d), authError, false);
        }

        if (seed.control() && original != null) {
            d = fresh(seed);
            header(d).put("messageId", messageIdOf(original));
            add("reused messageId with a new correlationToken", seed, bytes(d), token(d), null, true);
        }

        d = fresh(seed);
        add("repeated field name in the header", seed, insertAfter(bytes(d), "\"header\":{", "\"name\":\"Bogus\","), token(d),
                INVALID_DIRECTIVE, false);
        d = fresh(seed);
        header(d).put("namespace", "Alexa.Bogus");
        add("unknown namespace", seed, bytes(d), token(d), INVALID_DIRECTIVE, false);
        d = fresh(seed);
        header(d).put("name", "Bogus");
        add("unknown name", seed, bytes(d), token(d), INVALID_DIRECTIVE, false);
        d = fresh(seed);
        header(d).put("instance", "Bogus.Instance");
        boolean instanced = Set.of("Alexa.RangeController", "Alexa.ModeController", "Alexa.ToggleController").contains(seed.namespace());
        add("unknown instance", seed, bytes(d), token(d), instanced ? INVALID_DIRECTIVE : null, false);
        d = fresh(seed);
        header(d).put("payloadVersion", "2");
        add("payloadVersion 2", seed, bytes(d), token(d), INVALID_DIRECTIVE, false);
        d = fresh(seed);
        header(d).put("payloadVersion", 3);
        add("payloadVersion as a number", seed, bytes(d), token(d), INVALID_DIRECTIVE, false);
        d = fresh(seed);
        add("the directive inside an array", seed, ("[" + d + "]").getBytes(StandardCharsets.UTF_8), token(d), INVALID_DIRECTIVE, false);
        for (int i = 0; i < 2; i++) {
            d = fresh(seed);
            byte[] body = bytes(d);
            add("truncated", seed, java.util.Arrays.copyOf(body, 1 + random.nextInt(body.length - 1)), token(d), INVALID_DIRECTIVE, false);
        }
        d = fresh(seed);
        ((ObjectNode) d.at("/directive/payload")).put("nested", MARK);
        add("payload nested 5,000 deep", seed, replaceMark(bytes(d), "\"", "[".repeat(5000) + "]".repeat(5000), "\""), token(d),
                INVALID_DIRECTIVE, false);
        d = fresh(seed);
        ((ObjectNode) d.at("/directive/payload")).put("pad", "p".repeat(200 * 1024));
        add("body over 192 KB", seed, bytes(d), token(d), INVALID_DIRECTIVE, false);

        for (String[] leaf : numericLeaves(d.at("/directive/payload"), "")) {
            for (String number : ABSURD_NUMBERS) {
                d = fresh(seed);
                String expected = expectedForNumber(leaf[0], leaf[1]);
                add("payload." + leaf[0] + " = " + number, seed, withNumber(d, leaf[0], number), token(d), expected, false);
            }
        }
    }

    private static String expectedForNumber(String path, String parent) {
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        if (field.equals("value") && SETPOINTS.contains(parent)) {
            return TEMPERATURE_VALUE_OUT_OF_RANGE;
        }
        return BOUNDED_FIELDS.contains(field) ? VALUE_OUT_OF_RANGE : null;
    }

    // --- generic mutations: any schema-valid answer, never INTERNAL_ERROR ------------------------------

    private Input dropField(Seed seed) {
        ObjectNode d = fresh(seed);
        String tracked = token(d);
        List<String> paths = fieldPaths(d, "");
        String path = paths.get(random.nextInt(paths.size()));
        remove(d, path);
        return add("dropped " + path, seed, bytes(d), tracked, null, false);
    }

    private Input retypeField(Seed seed) {
        ObjectNode d = fresh(seed);
        String tracked = token(d);
        List<String> paths = fieldPaths(d, "");
        String path = paths.get(random.nextInt(paths.size()));
        JsonNode[] kinds = {JsonNodeFactory.instance.numberNode(7), JsonNodeFactory.instance.booleanNode(true),
            JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(),
            TextNode.valueOf("retyped"), JsonNodeFactory.instance.numberNode(-1)};
        JsonNode kind = kinds[random.nextInt(kinds.length)];
        set(d, path, kind);
        return add("retyped " + path + " to " + kind, seed, bytes(d), tracked, null, false);
    }

    private Input hugeString(Seed seed) {
        ObjectNode d = fresh(seed);
        String tracked = token(d);
        List<String> paths = stringPaths(d, "");
        String path = paths.get(random.nextInt(paths.size()));
        set(d, path, TextNode.valueOf("h".repeat(100_000)));
        return add("100 KB string in " + path, seed, bytes(d), tracked, null, false);
    }

    private Input nonSqsCharacter(Seed seed) {
        ObjectNode d = fresh(seed);
        String tracked = token(d);
        List<String> paths = stringPaths(d, "");
        String path = paths.get(random.nextInt(paths.size()));
        String escape = NON_SQS_ESCAPES[random.nextInt(NON_SQS_ESCAPES.length)];
        set(d, path, TextNode.valueOf(MARK));
        return add(escape + " in " + path, seed, replaceMark(bytes(d), "x" + escape + "y"), tracked, INVALID_DIRECTIVE, false);
    }

    private Input exoticUnicode(Seed seed) {
        ObjectNode d = fresh(seed);
        String tracked = token(d);
        List<String> paths = stringPaths(d, "");
        String path = paths.get(random.nextInt(paths.size()));
        JsonNode old = get(d, path);
        set(d, path, TextNode.valueOf(old.asText() + " \u00dcn\u00efc\u00f8d\u00e9 \uD83D\uDE00 \u200F\u0301\u2028\uFFFD"));
        return add("exotic but valid unicode in " + path, seed, bytes(d), tracked, null, false);
    }

    private Input badUtf8(Seed seed) {
        ObjectNode d = fresh(seed);
        String tracked = token(d);
        List<String> paths = stringPaths(d, "");
        String path = paths.get(random.nextInt(paths.size()));
        set(d, path, TextNode.valueOf(MARK));
        byte[] bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
        return add("malformed UTF-8 in " + path, seed, replaceMark(bytes(d), bad), tracked, INVALID_DIRECTIVE, false);
    }

    private Input oddNumber(Seed seed) {
        ObjectNode d = fresh(seed);
        List<String[]> leaves = numericLeaves(d.at("/directive/payload"), "");
        if (leaves.isEmpty()) {
            return null;
        }
        String[] leaf = leaves.get(random.nextInt(leaves.size()));
        String number = random.nextBoolean() ? ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)]
                : ABSURD_NUMBERS[random.nextInt(ABSURD_NUMBERS.length)];
        return add("payload." + leaf[0] + " = " + number, seed, withNumber(d, leaf[0], number), token(d), null, false);
    }

    private Input swappedDirective(Seed seed) {
        ObjectNode d = fresh(seed);
        Seed other = seeds.get(random.nextInt(seeds.size()));
        header(d).put("namespace", other.namespace()).put("name", other.name());
        return add("namespace/name of " + other.namespace() + "." + other.name(), seed, bytes(d), token(d), null, false);
    }

    private Input truncated(Seed seed) {
        ObjectNode d = fresh(seed);
        byte[] body = bytes(d);
        return add("truncated", seed, java.util.Arrays.copyOf(body, 1 + random.nextInt(body.length - 1)), token(d), INVALID_DIRECTIVE,
                false);
    }

    private Input concatenated(Seed seed) {
        ObjectNode d = fresh(seed);
        Seed other = seeds.get(random.nextInt(seeds.size()));
        String glue = new String[] {"", "\n", " ", ",", "\u0000"}[random.nextInt(5)];
        return add("concatenated with " + other.path(), seed, concat(concat(bytes(d), glue.getBytes(StandardCharsets.UTF_8)),
                bytes(fresh(other))), token(d), INVALID_DIRECTIVE, false);
    }

    private Input comment(Seed seed) {
        ObjectNode d = fresh(seed);
        return add("a comment before the directive", seed, concat("/* hi */".getBytes(StandardCharsets.UTF_8), bytes(d)), token(d),
                INVALID_DIRECTIVE, false);
    }

    private Input duplicateKey(Seed seed) {
        ObjectNode d = fresh(seed);
        String[] keys = {"namespace", "messageId", "correlationToken", "payloadVersion", "endpointId", "token", "payload", "type"};
        String key = keys[random.nextInt(keys.length)];
        String text = d.toString();
        int at = text.indexOf("\"" + key + "\":");
        if (at < 0) {
            return null;
        }
        String value = key.equals("payload") ? "{}" : "\"dup\"";
        String mutated = text.substring(0, at) + "\"" + key + "\":" + value + "," + text.substring(at);
        return add("repeated field " + key, seed, mutated.getBytes(StandardCharsets.UTF_8), token(d), INVALID_DIRECTIVE, false);
    }

    // --- helpers --------------------------------------------------------------------------------------

    private Input add(String kind, Seed seed, byte[] body, String trackedToken, String expected, boolean reuses) {
        Input input = new Input(++counter, kind, seed.path(), body, trackedToken, expected, reuses);
        inputs.add(input);
        return input;
    }

    private static ObjectNode header(ObjectNode d) {
        return (ObjectNode) d.at("/directive/header");
    }

    private static String token(ObjectNode d) {
        JsonNode t = d.at("/directive/header/correlationToken");
        return t.isTextual() ? t.asText() : null;
    }

    private static String messageIdOf(Input input) {
        return DevstackClient.read(new String(input.body(), StandardCharsets.UTF_8)).at("/directive/header/messageId").asText();
    }

    private static boolean setLinkingToken(ObjectNode d, String token) {
        for (String path : new String[] {"/directive/endpoint/scope", "/directive/payload/scope", "/directive/payload/grantee"}) {
            JsonNode scope = d.at(path);
            if (scope.isObject()) {
                ((ObjectNode) scope).put("token", token);
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(JsonNode d) {
        return d.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static byte[] insertAfter(byte[] body, String anchor, String insert) {
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf(anchor);
        return (text.substring(0, at + anchor.length()) + insert + text.substring(at + anchor.length())).getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces {@link #MARK} with raw JSON text (an escape sequence, a raw character). */
    private static byte[] replaceMark(byte[] body, String replacement) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.replaceFirst(MARK, java.util.regex.Matcher.quoteReplacement(replacement)).getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces the JSON string {@code "MARK"} including its quotes: {@code before + middle + after} replace the quotes. */
    private static byte[] replaceMark(byte[] body, String quoteBefore, String middle, String quoteAfter) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.replace(quoteBefore + MARK + quoteAfter, middle).getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces {@link #MARK} with raw bytes (malformed UTF-8). */
    private static byte[] replaceMark(byte[] body, byte[] raw) {
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf(MARK);
        byte[] before = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] after = text.substring(at + MARK.length()).getBytes(StandardCharsets.UTF_8);
        return concat(concat(before, raw), after);
    }

    /** The directive with the payload leaf (a dotted path) replaced by a raw number literal. */
    private static byte[] withNumber(ObjectNode d, String path, String literal) {
        set(d, "directive.payload." + path, TextNode.valueOf(MARK));
        return replaceMark(bytes(d), "\"", literal, "\"");
    }

    /** Dotted paths of numeric leaves under {@code node} with their parent field name: {path, parent}. */
    private static List<String[]> numericLeaves(JsonNode node, String path) {
        List<String[]> leaves = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                if (f.getValue().isNumber()) {
                    leaves.add(new String[] {p, path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path});
                } else {
                    leaves.addAll(numericLeaves(f.getValue(), p));
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = path + "." + i;
                if (node.get(i).isNumber()) {
                    leaves.add(new String[] {p, path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path});
                } else {
                    leaves.addAll(numericLeaves(node.get(i), p));
                }
            }
        }
        return leaves;
    }

    /** Dotted paths of every field (objects' members, arrays' elements) under the node. */
    private static List<String> fieldPaths(JsonNode node, String path) {
        List<String> paths = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                String p = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                paths.add(p);
                paths.addAll(fieldPaths(f.getValue(), p));
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                paths.add(path + "." + i);
                paths.addAll(fieldPaths(node.get(i), path + "." + i));
            }
        }
        return paths;
    }

    private static List<String> stringPaths(JsonNode root, String path) {
        List<String> paths = new ArrayList<>();
        for (String p : fieldPaths(root, path)) {
            if (get(root, p).isTextual()) {
                paths.add(p);
            }
        }
        return paths;
    }

    private static JsonNode get(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            node = node.isArray() ? node.path(Integer.parseInt(part)) : node.path(part);
        }
        return node;
    }

    private static void set(JsonNode root, String path, JsonNode value) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? root : get(root, path.substring(0, dot));
        String last = path.substring(dot + 1);
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    private static void remove(JsonNode root, String path) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = dot < 0 ? root : get(root, path.substring(0, dot));
        String last = path.substring(dot + 1);
        if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(last));
        } else {
            ((ObjectNode) parent).remove(last);
        }
    }
}
