package dev.homewire.localaws;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * dynalite dies with the JVM that started it, even when that JVM is killed with SIGKILL (no
 * shutdown hook runs): a child JVM starts {@link LocalDynamoDb}, we kill -9 it, and the Node
 * process must end and its port close within a few seconds.
 */
class DynaliteOrphanIT {

    /** The child JVM: starts dynalite, says where, and waits to be killed. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            LocalDynamoDb db = LocalDynamoDb.start(0);
            System.out.println("DYNALITE " + db.endpoint().getPort());
            System.out.flush();
            Thread.sleep(120_000);
        }
    }

    @Test
    void dynaliteEndsWhenItsJvmIsKilledWithSigkill() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        String root = System.getProperty(LocalDynamoDb.REPO_ROOT_PROPERTY);
        if (root != null) {
            command.add("-D" + LocalDynamoDb.REPO_ROOT_PROPERTY + "=" + root);
        }
        command.add(Child.class.getName());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            int port = -1;
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (String line; port < 0 && System.nanoTime() < deadline && (line = out.readLine()) != null; ) {
                if (line.startsWith("DYNALITE ")) {
                    port = Integer.parseInt(line.substring("DYNALITE ".length()).trim());
                }
            }
            assertTrue(port > 0, "the child JVM did not start dynalite");
            assertTrue(listening(port), "dynalite listens at " + port);
            Optional<ProcessHandle> node = child.descendants().findFirst();
            assertTrue(node.isPresent(), "dynalite is a child process of the child JVM");
            drain(child);

            new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
            assertTrue(child.waitFor(5, TimeUnit.SECONDS), "the child JVM was killed");

            long killed = System.nanoTime();
            while ((node.get().isAlive() || listening(port)) && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(50);
            }
            long millis = (System.nanoTime() - killed) / 1_000_000;
            System.out.printf("after kill -9 of its JVM, dynalite (pid %d) ended and port %d closed within %d ms%n",
                    node.get().pid(), port, millis);
            assertFalse(node.get().isAlive(), "dynalite outlived its JVM");
            assertFalse(listening(port), "dynalite's port is still open after its JVM was killed");
        } finally {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
        }
    }

    private static void drain(Process child) {
        Thread t = new Thread(() -> {
            try {
                child.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the child is gone
            }
        }, "child-output");
        t.setDaemon(true);
        t.start();
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
