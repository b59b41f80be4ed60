package dev.homewire.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The CI smoke run: every benchmark for a few pairs, into {@code target/smoke} (never the
 * repository's {@code BENCHMARKS.md}); checks the tables and the JSON are there and well formed.
 * No timing assertion: a few pairs on a shared machine prove nothing about speed.
 */
class BenchmarksSmokeIT {
    private static final Pattern NUMBER = Pattern.compile("\\d+\\.\\d+");

    @Test
    void everyTableIsWrittenAndWellFormed() throws Exception {
        Path root = Path.of(System.getProperty("homewire.repo.root", ".."));
        Path out = Path.of("target", "smoke");
        Benchmarks.Report report = Benchmarks.run(new Benchmarks.Options(20, 30, out, root, false));

        String md = Files.readString(out.resolve("BENCHMARKS.md"), StandardCharsets.UTF_8);
        for (String heading : List.of("## 1. Entrypoint deferred path", "## 2. ReportState", "## 5. Artifact sizes per function")) {
            assertTrue(md.contains(heading), "missing " + heading + " in\n" + md);
        }
        assertTrue(md.contains("Machine: " + Runtime.getRuntime().availableProcessors() + " cores"), md);
        for (String id : List.of("deferred-path", "report-state")) {
            String row = md.lines().filter(l -> l.startsWith("| " + id + " |")).findFirst().orElseThrow(() -> new AssertionError(id + " row"));
            String[] cells = row.split("\\|");
            assertEquals(11, cells.length, row); // the empty cell before the first '|', then 10 columns
            for (int c = 3; c <= 8; c++) {
                assertTrue(NUMBER.matcher(cells[c].trim()).matches(), "cell " + c + " of " + row);
            }
            assertTrue(row.endsWith("| met |") || row.endsWith("| not met |"), row);
        }
        for (Artifacts.Function f : Artifacts.FUNCTIONS) {
            assertTrue(md.lines().anyMatch(l -> l.startsWith("| " + f.module() + " | `")), "artifact row of " + f.module());
        }

        JsonNode json = new ObjectMapper().readTree(out.resolve("benchmarks.json").toFile());
        assertEquals(Runtime.getRuntime().availableProcessors(), json.path("machine").path("cores").asInt());
        assertEquals(2, json.path("warm").size());
        for (JsonNode w : json.path("warm")) {
            assertEquals(30, w.path("floorNanos").size());
            assertEquals(30, w.path("subjectNanos").size());
            assertTrue(w.path("p50").path("ratio").asDouble() > 0, w.toString());
            assertTrue(w.path("p99").path("floorMs").asDouble() > 0, w.toString());
        }
        assertEquals(Artifacts.FUNCTIONS.size(), json.path("artifacts").size());
        // built by the reactor before this module (./mvnw verify): nothing forbidden inside
        for (Artifacts.Artifact a : report.artifacts()) {
            if (a.built()) {
                assertTrue(a.forbidden().isEmpty(), a.module() + " holds " + a.forbidden());
            }
        }
        assertFalse(Benchmarks.find(report, "deferred-path").isEmpty());
    }
}
