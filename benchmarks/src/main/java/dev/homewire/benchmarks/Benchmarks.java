package dev.homewire.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs the benchmarks and writes {@code BENCHMARKS.md} (tables) and {@code benchmarks.json} (every
 * sample) into {@code --out}; with {@code --write-repo} the tables are copied to the repository's
 * {@code BENCHMARKS.md} as well. Every timed figure is a ratio to a floor measured in the same run,
 * interleaved with it ({@link Interleaved}); the absolute medians stand beside it, with the machine.
 *
 * <p>Options: {@code --warmup N} (warm-up pairs per benchmark, default 1000), {@code --pairs N}
 * (measured pairs, default 3000), {@code --out DIR} (default {@code benchmarks/target}),
 * {@code --repo-root DIR} (default {@code .}), {@code --write-repo}.
 */
public final class Benchmarks {
    static final String COMMAND = "./mvnw -B verify -pl benchmarks -am -DskipTests -Pbenchmarks";
    static final double TARGET_DEFERRED = 1.2;
    static final double TARGET_REPORT_STATE = 1.3;

    record Options(int warmupPairs, int measuredPairs, Path out, Path repoRoot, boolean writeRepo) {
        static Options parse(String[] args) {
            int warmup = 1000;
            int pairs = 3000;
            Path out = Path.of("benchmarks/target");
            Path root = Path.of(".");
            boolean writeRepo = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--pairs" -> pairs = Integer.parseInt(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--repo-root" -> root = Path.of(args[++i]);
                    case "--write-repo" -> writeRepo = true;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + " (--warmup N, --pairs N, --out DIR, --repo-root DIR, --write-repo)");
                }
            }
            if (warmup < 0 || pairs < 1) {
                throw new IllegalArgumentException("--warmup must be >= 0 and --pairs >= 1");
            }
            return new Options(warmup, pairs, out, root, writeRepo);
        }
    }

    record Warm(String id, Interleaved.Result result, double target, String note) {
        boolean met() {
            return result.ratioP50() <= target;
        }
    }

    record Report(Instant generatedAt, Machine machine, Options options, List<Warm> warm, List<Artifacts.Artifact> artifacts) {
    }

    record Machine(int cores, String jdk, String os, String cpu) {
        static Machine current() {
            String cpu = "unknown";
            try {
                cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
            } catch (IOException | RuntimeException e) {
                // not Linux: the CPU model stays unknown
            }
            return new Machine(Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"), cpu);
        }
    }

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Report report = run(options);
        System.out.println(markdown(report));
        System.out.println("written: " + options.out().resolve("BENCHMARKS.md") + ", " + options.out().resolve("benchmarks.json")
                + (options.writeRepo() ? ", " + options.repoRoot().resolve("BENCHMARKS.md") : ""));
        // the devstack's non-daemon threads (ElasticMQ) are stopped by close(); exit in case one lingers
        System.exit(0);
    }

    static Report run(Options options) throws Exception {
        Machine machine = Machine.current();
        List<Warm> warm;
        try (WarmPaths paths = new WarmPaths()) {
            Interleaved.Result deferred = paths.deferredPath(options.warmupPairs(), options.measuredPairs());
            Interleaved.Result reportState = paths.reportState(options.warmupPairs(), options.measuredPairs());
            warm = List.of(
                    new Warm("deferred-path", deferred, TARGET_DEFERRED, "The floor's message is the one the entrypoint "
                            + "queued for the first TurnOn (body and attributes); the subject is `SkillEntrypoint.handle` "
                            + "from the directive's bytes to the answer's, for alice's kitchen light (Lumio)."),
                    new Warm("report-state", reportState, TARGET_REPORT_STATE, "Lumio's state freshness is 10 s, so "
                            + "ReportState mostly answers from the stored state and asks the simulated vendor (and stores "
                            + "its answer) once the stored state is older."));
        }
        List<Artifacts.Artifact> artifacts = Artifacts.measure(options.repoRoot());
        Report report = new Report(Instant.now().truncatedTo(ChronoUnit.SECONDS), machine, options, warm, artifacts);
        Files.createDirectories(options.out());
        String md = markdown(report);
        Files.writeString(options.out().resolve("BENCHMARKS.md"), md, StandardCharsets.UTF_8);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        mapper.writeValue(options.out().resolve("benchmarks.json").toFile(), json(mapper, report));
        if (options.writeRepo()) {
            Files.writeString(options.repoRoot().resolve("BENCHMARKS.md"), md, StandardCharsets.UTF_8);
        }
        return report;
    }

    static String markdown(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmarks\n\n");
        b.append("Written by `").append(COMMAND).append("` (raw samples in `benchmarks/target/benchmarks.json`) at ")
                .append(r.generatedAt()).append(".\n\n");
        Machine m = r.machine();
        b.append("Machine: ").append(m.cores()).append(" cores (").append(m.cpu()).append("), ").append(m.jdk()).append(", ")
                .append(m.os()).append(".\n\n");
        b.append("Each ratio is the subject's percentile over its floor's, both measured in this run, interleaved call by call ")
                .append("(floor, subject, floor, subject, ...) on one thread after ").append(r.options().warmupPairs())
                .append(" warm-up pairs; ").append(r.options().measuredPairs()).append(" measured pairs each. ")
                .append("Targets are on the p50 ratio (issue 9).\n\n");
        int n = 1;
        for (Warm w : r.warm()) {
            Interleaved.Result x = w.result();
            b.append("## ").append(n).append(". ").append(x.name()).append("\n\n");
            b.append("Floor: ").append(x.floorName()).append(". ").append(w.note()).append("\n\n");
            b.append("| benchmark | pairs | floor p50 ms | subject p50 ms | ratio p50 | floor p99 ms | subject p99 ms | ratio p99 | target (p50) | met |\n");
            b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
            b.append("| ").append(w.id()).append(" | ").append(x.floor().nanos().length)
                    .append(" | ").append(ms(x.floor().p50())).append(" | ").append(ms(x.subject().p50()))
                    .append(" | ").append(ratio(x.ratioP50()))
                    .append(" | ").append(ms(x.floor().p99())).append(" | ").append(ms(x.subject().p99()))
                    .append(" | ").append(ratio(x.ratioP99()))
                    .append(" | ≤ ").append(ratio(w.target())).append(" | ").append(w.met() ? "met" : "not met").append(" |\n\n");
            n++;
        }
        b.append("## 5. Artifact sizes per function\n\n");
        b.append("The deployable jar of each function (the template's CodeUri). Targets: entrypoint ≤ 10 MB, others ≤ 12 MB ")
                .append("(reported, not enforced; MB = 1,048,576 bytes). Inside must be no netty, no AWS SDK v1 (`com.amazonaws` beyond the Lambda ")
                .append("runtime interfaces) and no `ask-sdk` aggregator.\n\n");
        b.append("| function | jar | MB | MB unzipped | entries | target MB | met | netty / SDK v1 / ask-sdk inside |\n");
        b.append("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n");
        for (Artifacts.Artifact a : r.artifacts()) {
            b.append("| ").append(a.module()).append(" | `").append(a.jar()).append("` | ");
            if (!a.built()) {
                b.append("not built | - | - | ").append(mb(a.targetBytes())).append(" | not measured | - |\n");
                continue;
            }
            b.append(mb(a.bytes())).append(" | ").append(mb(a.unzippedBytes())).append(" | ").append(a.entries()).append(" | ")
                    .append(mb(a.targetBytes())).append(" | ").append(a.sizeMet() ? "met" : "not met").append(" | ")
                    .append(a.forbidden().isEmpty() ? "none" : String.join(", ", a.forbidden())).append(" |\n");
        }
        b.append("\nNot measured yet (issue 9): 3 cold start, 4 pipeline, 6 cost per million directives, 7 devstack scale.\n");
        return b.toString();
    }

    private static ObjectNode json(ObjectMapper mapper, Report r) {
        ObjectNode root = mapper.createObjectNode();
        root.put("generatedAt", r.generatedAt().toString());
        root.put("command", COMMAND);
        ObjectNode machine = root.putObject("machine");
        machine.put("cores", r.machine().cores());
        machine.put("cpu", r.machine().cpu());
        machine.put("jdk", r.machine().jdk());
        machine.put("os", r.machine().os());
        ObjectNode settings = root.putObject("settings");
        settings.put("warmupPairs", r.options().warmupPairs());
        settings.put("measuredPairs", r.options().measuredPairs());
        settings.put("harness", "interleaved floor/subject pairs on one thread, System.nanoTime per call");
        ArrayNode warm = root.putArray("warm");
        for (Warm w : r.warm()) {
            Interleaved.Result x = w.result();
            ObjectNode o = warm.addObject();
            o.put("id", w.id());
            o.put("name", x.name());
            o.put("floor", x.floorName());
            for (String p : List.of("p50", "p99")) {
                ObjectNode q = o.putObject(p);
                boolean median = p.equals("p50");
                q.put("floorMs", median ? x.floor().p50() : x.floor().p99());
                q.put("subjectMs", median ? x.subject().p50() : x.subject().p99());
                q.put("ratio", median ? x.ratioP50() : x.ratioP99());
            }
            o.put("targetRatioP50", w.target());
            o.put("met", w.met());
            ArrayNode floorSamples = o.putArray("floorNanos");
            for (long v : x.floor().nanos()) {
                floorSamples.add(v);
            }
            ArrayNode subjectSamples = o.putArray("subjectNanos");
            for (long v : x.subject().nanos()) {
                subjectSamples.add(v);
            }
        }
        ArrayNode artifacts = root.putArray("artifacts");
        for (Artifacts.Artifact a : r.artifacts()) {
            ObjectNode o = artifacts.addObject();
            o.put("function", a.module());
            o.put("jar", a.jar());
            o.put("built", a.built());
            o.put("bytes", a.bytes());
            o.put("unzippedBytes", a.unzippedBytes());
            o.put("entries", a.entries());
            o.put("targetBytes", a.targetBytes());
            o.put("met", a.sizeMet());
            ArrayNode forbidden = o.putArray("forbidden");
            a.forbidden().forEach(forbidden::add);
        }
        return root;
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String ratio(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / (double) Artifacts.MB);
    }

    static Optional<Warm> find(Report r, String id) {
        return r.warm().stream().filter(w -> w.id().equals(id)).findFirst();
    }
}
