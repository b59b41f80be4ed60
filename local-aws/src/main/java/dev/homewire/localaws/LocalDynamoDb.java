package dev.homewire.localaws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DynamoDB-compatible server on 127.0.0.1: <a href="https://github.com/architect/dynalite">dynalite</a>
 * (Apache-2.0, Node.js, in memory), run as a child process. Tables vanish when it is closed.
 *
 * <p>dynalite is installed by the build ({@code npm install} in {@code local-aws/dynalite} during
 * {@code generate-resources}) and found at run time in this order:
 * <ol>
 *   <li>environment variable {@value #HOME_ENV}: a folder containing {@code node_modules/dynalite};</li>
 *   <li>system property {@value #REPO_ROOT_PROPERTY} (the repository root; surefire and failsafe set it)
 *       + {@code /local-aws/dynalite};</li>
 *   <li>the first {@code local-aws/dynalite} found walking up from the working directory.</li>
 * </ol>
 * The Node.js executable is {@code node} from the PATH unless {@value #NODE_ENV} names another; dynalite
 * 4 needs Node.js 20 or later. dynalite dies with the JVM, however the JVM ends ({@link #WATCHDOG}).
 *
 * <p>Known gaps of dynalite 4.0.0 against DynamoDB: no {@code UpdateTimeToLive} (answers
 * {@code UnknownOperationException}; {@code DescribeTimeToLive} always says DISABLED) and no TTL expiry;
 * {@code ReturnValuesOnConditionCheckFailure} is ignored (a failed conditional write carries no item).
 */
public final class LocalDynamoDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalDynamoDb.class);

    /** Folder containing {@code node_modules/dynalite}. */
    public static final String HOME_ENV = "HOMEWIRE_DYNALITE_HOME";
    /** Node.js executable; {@code node} if unset. */
    public static final String NODE_ENV = "HOMEWIRE_NODE";
    /** Repository root, set by surefire/failsafe in the root pom. */
    public static final String REPO_ROOT_PROPERTY = "homewire.repo.root";

    static final String INSTALL_DIR = "local-aws/dynalite";
    static final String CLI_IN_INSTALL_DIR = "node_modules/dynalite/cli.js";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final int PORT_ATTEMPTS = 3;

    /**
     * Runs dynalite's {@code cli.js} (argv[1]) in this Node process after arming two watchdogs, so
     * dynalite never outlives the JVM that started it: the end of stdin (a pipe only this JVM holds;
     * the OS closes it when the JVM dies, also by SIGKILL, where no shutdown hook runs), and, as a
     * fallback, a change of parent process id (checked every second).
     */
    static final String WATCHDOG = String.join("\n",
            "const cli = process.argv[1];",
            "const quit = () => process.exit(0);",
            "process.stdin.on('end', quit);",
            "process.stdin.on('close', quit);",
            "process.stdin.on('error', quit);",
            "process.stdin.resume();",
            "const parent = process.ppid;",
            "setInterval(() => { if (process.ppid !== parent) quit(); }, 1000).unref();",
            "require(cli);");

    private final Process process;
    private final URI endpoint;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalDynamoDb(Process process, URI endpoint, Thread shutdownHook) {
        this.process = process;
        this.endpoint = endpoint;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts dynalite and waits (up to 20 s) until it answers a ListTables request.
     *
     * @param port the port to listen on, or 0 for a free one
     * @throws IllegalStateException if dynalite is not installed, Node.js is missing, or the server does not come up
     */
    public static LocalDynamoDb start(int port) {
        LocalSqs.checkPort(port);
        Path cli = locateCli();
        String node = nonBlank(System.getenv(NODE_ENV), "node");
        int attempts = port == 0 ? PORT_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            int listenPort = port == 0 ? FreePorts.pick() : port;
            try {
                return launch(node, cli, listenPort);
            } catch (PortInUseException e) {
                if (attempt >= attempts) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
                LOG.debug("port {} was taken before dynalite could bind it; trying another", listenPort);
            }
        }
    }

    /** Where to point a DynamoDB client ({@code endpointOverride}). */
    public URI endpoint() {
        return endpoint;
    }

    /** Stops dynalite (and any process it started) and waits for it to end. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            removeHook(shutdownHook);
            closeQuietly(process.getOutputStream()); // the watchdog's cue; destroy() makes sure
            destroy(process);
            LOG.info("local DynamoDB (dynalite) at {} stopped", endpoint);
        }
    }

    // --- starting ---------------------------------------------------------------------------

    private static LocalDynamoDb launch(String node, Path cli, int port) {
        long started = System.nanoTime();
        List<String> command = List.of(node, "-e", WATCHDOG, cli.toString(),
                "--host", LocalSqs.HOST, "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(cli.getParent().toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run '" + node + "' to start dynalite (Node.js >= 20 must be on the PATH, "
                    + "or set " + NODE_ENV + " to the node executable): " + e.getMessage(), e);
        }
        Thread shutdownHook = new Thread(() -> destroy(process), "dynalite-" + port + "-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        // dynalite's stdin stays an open pipe from us that we never write to: the watchdog ends
        // dynalite when it closes, which the OS does when this JVM ends in any way (kill -9 included)
        OutputPump out = OutputPump.start(process.getInputStream(), "stdout", port, false);
        OutputPump err = OutputPump.start(process.getErrorStream(), "stderr", port, true);
        URI endpoint = URI.create("http://" + LocalSqs.HOST + ":" + port);
        try {
            awaitAnswer(process, cli, endpoint, out, err);
        } catch (RuntimeException e) {
            removeHook(shutdownHook);
            destroy(process);
            throw e;
        }
        LOG.info("local DynamoDB (dynalite, pid {}) listening at {} (started in {} ms from {})", process.pid(), endpoint,
                (System.nanoTime() - started) / 1_000_000, cli);
        return new LocalDynamoDb(process, endpoint, shutdownHook);
    }

    private static void awaitAnswer(Process process, Path cli, URI endpoint, OutputPump out, OutputPump err) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                awaitQuietly(out, err);
                String output = "exit code " + process.exitValue() + "; stderr: " + err.tail() + "; stdout: " + out.tail();
                if (err.tail().contains("EADDRINUSE")) {
                    throw new PortInUseException("dynalite could not listen on " + endpoint + ": " + output);
                }
                throw new IllegalStateException("dynalite (" + cli + ") ended before answering: " + output);
            }
            // its own "listening" line first: another server on the port must not pass for ours
            if (out.announcedListening() && answersListTables(endpoint)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dynalite did not answer at " + endpoint + " within " + START_TIMEOUT.toSeconds()
                        + " s; stderr: " + err.tail() + "; stdout: " + out.tail());
            }
            sleep(50);
        }
    }

    /** A ListTables call: proves the DynamoDB API (not just some socket) is up. */
    private static boolean answersListTables(URI endpoint) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) endpoint.toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-amz-json-1.0");
            connection.setRequestProperty("X-Amz-Target", "DynamoDB_20120810.ListTables");
            connection.setRequestProperty("X-Amz-Date", "20240101T000000Z");
            connection.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/dynamodb/aws4_request, "
                    + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0");
            try (OutputStream body = connection.getOutputStream()) {
                body.write("{}".getBytes(StandardCharsets.UTF_8));
            }
            if (connection.getResponseCode() != 200) {
                return false;
            }
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("TableNames");
            }
        } catch (IOException notYet) {
            return false;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    // --- finding dynalite -------------------------------------------------------------------

    static Path locateCli() {
        String home = System.getenv(HOME_ENV);
        if (home != null && !home.isBlank()) {
            Path dir = Path.of(home.trim()).toAbsolutePath();
            for (Path candidate : List.of(dir.resolve(CLI_IN_INSTALL_DIR), dir.resolve("cli.js"))) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            throw new IllegalStateException(HOME_ENV + "=" + home + " does not contain " + CLI_IN_INSTALL_DIR
                    + "; run `npm install` there, or unset it to use the repository's " + INSTALL_DIR);
        }
        Path fromRoot = null;
        String root = System.getProperty(REPO_ROOT_PROPERTY);
        if (root != null && !root.isBlank()) {
            Path candidate = Path.of(root.trim()).toAbsolutePath().resolve(INSTALL_DIR).resolve(CLI_IN_INSTALL_DIR);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            fromRoot = candidate;
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(INSTALL_DIR).resolve(CLI_IN_INSTALL_DIR);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("dynalite (the local DynamoDB server) is not installed: run "
                + "`./mvnw -q -pl local-aws generate-resources` in the repository root (needs Node.js >= 20 and npm), "
                + "or set " + HOME_ENV + " to a folder containing node_modules/dynalite. Looked for "
                + (fromRoot == null ? "" : fromRoot + " and for ") + INSTALL_DIR + "/" + CLI_IN_INSTALL_DIR
                + " in " + System.getProperty("user.dir") + " and its parents");
    }

    // --- stopping ---------------------------------------------------------------------------

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    private static void destroy(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    // --- helpers ----------------------------------------------------------------------------

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static void awaitQuietly(OutputPump... pumps) {
        for (OutputPump pump : pumps) {
            pump.await(1000);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for dynalite", e);
        }
    }

    private static final class PortInUseException extends RuntimeException {
        PortInUseException(String message) {
            super(message);
        }
    }

    /** Copies one output stream of the child to our log and keeps its last lines for error messages. */
    private static final class OutputPump implements Runnable {
        private static final int KEPT_LINES = 40;
        private final InputStream stream;
        private final String name;
        private final boolean warn;
        private final Deque<String> lines = new ArrayDeque<>();
        private final Thread thread;
        private volatile boolean announcedListening;

        private OutputPump(InputStream stream, String name, int port, boolean warn) {
            this.stream = stream;
            this.name = name;
            this.warn = warn;
            this.thread = new Thread(this, "dynalite-" + port + "-" + name);
            this.thread.setDaemon(true);
        }

        static OutputPump start(InputStream stream, String name, int port, boolean warn) {
            OutputPump pump = new OutputPump(stream, name, port, warn);
            pump.thread.start();
            return pump;
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (lines) {
                        if (lines.size() == KEPT_LINES) {
                            lines.removeFirst();
                        }
                        lines.addLast(line);
                    }
                    if (line.startsWith("Dynalite listening at")) {
                        announcedListening = true;
                    }
                    if (warn) {
                        LOG.warn("[dynalite {}] {}", name, line);
                    } else {
                        LOG.info("[dynalite {}] {}", name, line);
                    }
                }
            } catch (IOException e) {
                LOG.debug("reading dynalite {} ended", name, e);
            }
        }

        void await(long millis) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        boolean announcedListening() {
            return announcedListening;
        }

        String tail() {
            synchronized (lines) {
                return lines.isEmpty() ? "(empty)" : String.join("\n", lines);
            }
        }
    }
}
