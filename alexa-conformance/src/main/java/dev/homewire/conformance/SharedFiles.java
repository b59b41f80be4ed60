package dev.homewire.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Finds {@code ../shared} (beside the repository root), which holds the official Alexa schema
 * and samples. They are under the Amazon Software License and stay out of the project tree.
 */
public final class SharedFiles {
    private SharedFiles() {
    }

    /** The {@code shared} folder, from {@code HOMEWIRE_SHARED_DIR}, the repo root's parent, or a walk up from the working directory. */
    public static Optional<Path> sharedDir() {
        String explicit = System.getenv("HOMEWIRE_SHARED_DIR");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Paths.get(explicit);
            return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
        }
        String root = System.getProperty("homewire.repo.root");
        if (root != null && !root.isBlank()) {
            Path candidate = Paths.get(root).toAbsolutePath().normalize().resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("alexa-smarthome"))) {
                return Optional.of(candidate);
            }
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared");
            if (Files.isDirectory(candidate.resolve("alexa-smarthome"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public static Optional<Path> alexaSmartHome() {
        return sharedDir().map(p -> p.resolve("alexa-smarthome")).filter(Files::isDirectory);
    }

    public static Optional<Path> samSchema() {
        return sharedDir().map(p -> p.resolve("sam-schema/sam.schema.json")).filter(Files::isRegularFile);
    }
}
