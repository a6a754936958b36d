package org.tandem.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.Port;
import org.apache.qpid.server.model.SystemConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process AMQP 0-9-1 broker (Apache Qpid Broker-J, memory store) listening on loopback.
 * Other processes on the same host join it with {@link #transportUrl()}.
 *
 * <p>Python oslo.messaging peers can join too, with {@code [oslo_messaging_rabbit]
 * rabbit_login_method = PLAIN}: oslo's default AMQPLAIN is not offered by Qpid. Qpid reads a
 * message's {@code expiration} as an absolute time, so relative TTLs from oslo callers are lifted
 * to {@link #MINIMUM_MESSAGE_TTL_MS} after arrival instead of expiring at once.
 *
 * <p>Qpid's threads are not daemon threads: always close the broker (try-with-resources), or the
 * JVM will not exit. Closing deletes the temporary work directory; nothing else is written.
 *
 * <pre>{@code
 * try (EmbeddedBroker broker = EmbeddedBroker.start(0)) {   // 0 = any free port
 *     String url = broker.transportUrl();                  // rabbit://guest:guest@127.0.0.1:41234/
 * }
 * }</pre>
 */
public final class EmbeddedBroker implements AutoCloseable {

    /**
     * Port of the all-in-one's embedded broker: next to RabbitMQ's 5672, which a real RabbitMQ
     * may already occupy on the same host.
     */
    public static final int DEFAULT_PORT = 5673;
    public static final String USERNAME = "guest";
    public static final String PASSWORD = "guest";
    public static final String BIND_ADDRESS = "127.0.0.1";
    /**
     * Smallest time a message that has an {@code expiration} stays queued, in ms: oslo.messaging's
     * default {@code rpc_response_timeout} (60 s). See the context set up in {@link #start(int)}.
     */
    public static final long MINIMUM_MESSAGE_TTL_MS = 60_000;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String INITIAL_CONFIG = "qpid-embedded.json";

    private final SystemLauncher launcher;
    private final Path workDir;
    private final int port;
    private boolean closed;

    private EmbeddedBroker(SystemLauncher launcher, Path workDir, int port) {
        this.launcher = launcher;
        this.workDir = workDir;
        this.port = port;
    }

    /** Starts a broker on {@link #DEFAULT_PORT}. */
    public static EmbeddedBroker start() {
        return start(DEFAULT_PORT);
    }

    /**
     * Starts a broker on {@code 127.0.0.1:port} ({@code 0} picks a free port; read it back with
     * {@link #port()}).
     *
     * @throws BrokerStartException when the broker cannot start, for example because the port is taken
     */
    public static EmbeddedBroker start(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("embedded broker port must be 0..65535 (0 = any free port), got " + port);
        }
        URL config = EmbeddedBroker.class.getResource(INITIAL_CONFIG);
        if (config == null) {
            throw new BrokerStartException("classpath resource org/tandem/broker/" + INITIAL_CONFIG
                    + " is missing; the tandem-broker jar is incomplete", null);
        }
        Path workDir;
        try {
            workDir = Files.createTempDirectory("tandem-broker-");
        } catch (IOException e) {
            throw new BrokerStartException("cannot create a temporary work directory for the embedded broker: "
                    + e.getMessage() + "; check java.io.tmpdir", e);
        }
        AtomicReference<SystemConfig<?>> systemConfig = new AtomicReference<>();
        SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {
            @Override
            public void onContainerResolve(SystemConfig<?> config) {
                systemConfig.set(config);
            }
        });
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("type", "Memory");
        attributes.put("initialConfigurationLocation", config.toExternalForm());
        attributes.put("startupLoggedToSystemOut", false);
        attributes.put("context", context(workDir, port));
        long started = System.nanoTime();
        try {
            launcher.startup(attributes);
            int bound = boundPort(systemConfig.get());
            LOG.info("Embedded AMQP 0-9-1 broker (Qpid Broker-J) listening on {}:{} (started in {} ms)",
                    BIND_ADDRESS, bound, (System.nanoTime() - started) / 1_000_000);
            return new EmbeddedBroker(launcher, workDir, bound);
        } catch (Exception | Error e) {
            safeShutdown(launcher);
            deleteRecursively(workDir);
            throw new BrokerStartException("embedded AMQP broker could not start on " + BIND_ADDRESS + ":" + port
                    + ": " + e + (port != 0 ? "; is another broker already using that port? Choose another port or 0"
                    : ""), e);
        }
    }

    private static Map<String, String> context(Path workDir, int port) {
        Map<String, String> ctx = new HashMap<>();
        ctx.put("qpid.work_dir", workDir.toString());
        ctx.put("qpid.amqp_port", Integer.toString(port));
        ctx.put("tandem.broker.bind", BIND_ADDRESS);
        ctx.put("tandem.broker.username", USERNAME);
        ctx.put("tandem.broker.password", PASSWORD);
        ctx.put("qpid.broker.defaultPreferenceStoreAttributes", "{\"type\":\"Noop\"}");
        // RabbitMQ-only queue arguments (x-expires, x-message-ttl...) would otherwise close the connection.
        ctx.put("queue.behaviourOnUnknownDeclareArgument", "IGNORE");
        // Qpid reads the 0-9-1 'expiration' property as an absolute epoch-millisecond time, while RabbitMQ
        // and oslo.messaging use it as a relative TTL ("60000"): such messages would arrive already expired
        // and vanish. A queue minimum TTL lifts every message that carries an expiration to at least this
        // long after arrival (messages without one never expire).
        ctx.put("queue.minimumMessageTtl", Long.toString(MINIMUM_MESSAGE_TTL_MS));
        // The default pools start ~100 threads; these sizes measured best on a 2-core machine (java-deps.md §1).
        ctx.put("virtualhost.connectionThreadPool.size", "4");
        ctx.put("virtualhost.connectionThreadPool.numberOfSelectors", "1");
        ctx.put("qpid.port.amqp.threadPool.size", "2");
        ctx.put("qpid.port.amqp.threadPool.numberOfSelectors", "1");
        return ctx;
    }

    @SuppressWarnings("unchecked")
    private static int boundPort(SystemConfig<?> systemConfig) {
        if (systemConfig == null) {
            throw new IllegalStateException("Qpid did not report its system configuration");
        }
        Broker<?> broker = systemConfig.getContainer(Broker.class);
        for (Port<?> p : broker.getChildren(Port.class)) {
            if ("AMQP".equals(p.getName())) {
                int bound = p.getBoundPort();
                if (bound > 0) {
                    return bound;
                }
            }
        }
        throw new IllegalStateException("the AMQP port did not bind");
    }

    /** The port the broker listens on (the chosen one when started with port 0). */
    public int port() {
        return port;
    }

    /** {@code rabbit://guest:guest@127.0.0.1:<port>/}, usable as {@code transport_url} by any process on this host. */
    public String transportUrl() {
        return "rabbit://" + USERNAME + ":" + PASSWORD + "@" + BIND_ADDRESS + ":" + port + "/";
    }

    /** The temporary work directory (deleted on close). */
    public Path workDir() {
        return workDir;
    }

    /** Stops the broker (dropping every queued message) and deletes its work directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        safeShutdown(launcher);
        deleteRecursively(workDir);
        LOG.info("Embedded AMQP broker on port {} stopped in {} ms", port, (System.nanoTime() - started) / 1_000_000);
    }

    private static void safeShutdown(SystemLauncher launcher) {
        try {
            launcher.shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Embedded AMQP broker did not shut down cleanly: {}", e.toString(), e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Could not delete the embedded broker's work directory {}: {}; delete it by hand", dir,
                    e.getMessage());
        }
    }
}
