package dev.homewire.devstack;

import java.time.Duration;

/** Command-line options of the devstack. */
public record DevstackOptions(int port, Duration lwaTokenLifetime, Duration httpTimeout, Duration syncInterval,
                              Duration rediscoveryInterval, Duration breakerOpenInterval) {

    public static final int DEFAULT_PORT = 8787;

    public static DevstackOptions defaults() {
        return new DevstackOptions(DEFAULT_PORT, Duration.ofHours(1), Duration.ofSeconds(3), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    /** For tests: any free port. */
    public static DevstackOptions anyPort() {
        return defaults().withPort(0);
    }

    public DevstackOptions withPort(int newPort) {
        return new DevstackOptions(newPort, lwaTokenLifetime, httpTimeout, syncInterval, rediscoveryInterval, breakerOpenInterval);
    }

    public DevstackOptions withLwaTokenLifetime(Duration lifetime) {
        return new DevstackOptions(port, lifetime, httpTimeout, syncInterval, rediscoveryInterval, breakerOpenInterval);
    }

    public DevstackOptions withHttpTimeout(Duration timeout) {
        return new DevstackOptions(port, lwaTokenLifetime, timeout, syncInterval, rediscoveryInterval, breakerOpenInterval);
    }

    /** How often the in-process timer syncs poll-only devices in the background. */
    public DevstackOptions withSyncInterval(Duration interval) {
        return new DevstackOptions(port, lwaTokenLifetime, httpTimeout, interval, rediscoveryInterval, breakerOpenInterval);
    }

    /** How often background sync discovers poll-only accounts again to notice added or renamed devices. */
    public DevstackOptions withRediscoveryInterval(Duration interval) {
        return new DevstackOptions(port, lwaTokenLifetime, httpTimeout, syncInterval, interval, breakerOpenInterval);
    }

    /** How long a vendor's circuit breaker stays open before a probe (HOMEWIRE_BREAKER_OPEN_SECONDS). */
    public DevstackOptions withBreakerOpenInterval(Duration interval) {
        return new DevstackOptions(port, lwaTokenLifetime, httpTimeout, syncInterval, rediscoveryInterval, interval);
    }

    /**
     * {@code [--port N] [--lwa-token-lifetime-seconds S] [--http-timeout-ms MS] [--sync-interval-seconds S]
     * [--rediscovery-interval-seconds S] [--breaker-open-seconds S]}.
     */
    public static DevstackOptions parse(String[] args) {
        DevstackOptions options = defaults();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port":
                    options = options.withPort(Integer.parseInt(required(args[i], value)));
                    i++;
                    break;
                case "--lwa-token-lifetime-seconds":
                    options = options.withLwaTokenLifetime(Duration.ofSeconds(Long.parseLong(required(args[i], value))));
                    i++;
                    break;
                case "--http-timeout-ms":
                    options = options.withHttpTimeout(Duration.ofMillis(Long.parseLong(required(args[i], value))));
                    i++;
                    break;
                case "--sync-interval-seconds":
                    options = options.withSyncInterval(Duration.ofSeconds(Long.parseLong(required(args[i], value))));
                    i++;
                    break;
                case "--rediscovery-interval-seconds":
                    options = options.withRediscoveryInterval(Duration.ofSeconds(Long.parseLong(required(args[i], value))));
                    i++;
                    break;
                case "--breaker-open-seconds":
                    options = options.withBreakerOpenInterval(Duration.ofSeconds(Long.parseLong(required(args[i], value))));
                    i++;
                    break;
                case "--help":
                case "-h":
                    System.out.println("usage: devstack [--port N] [--lwa-token-lifetime-seconds S] [--http-timeout-ms MS]"
                            + " [--sync-interval-seconds S] [--rediscovery-interval-seconds S] [--breaker-open-seconds S]");
                    System.exit(0);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        return options;
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
