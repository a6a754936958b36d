package org.tandem.launcher;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.Database;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpc.transport.TransportOptions;
import org.tandem.rpc.transport.TransportUrls;
import org.tandem.rpc.transport.Transports;

/**
 * The parts a Tandem process is made of, closed in reverse start order (so the broker and the
 * database go last) exactly once, by {@link #close()} or by the JVM shutdown hook on SIGTERM /
 * Ctrl-C. {@link #awaitShutdown()} blocks the command's thread until then.
 *
 * <p>The process owns one Prometheus meter registry ({@link #meters()}), handed to every service it
 * starts, so its API's {@code /metrics} and its {@code [metrics] listen_port} listener show the
 * meters of all of them; two processes in one JVM (tests) never share meters.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);

    private record Part(String name, AutoCloseable closeable) {
    }

    private final String name;
    private final Deque<Part> parts = new ArrayDeque<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile MetricsListener metricsListener;
    private Thread hook;
    private boolean closed;

    public ServiceProcess(String name) {
        this.name = name;
    }

    /** Registers a part to close on shutdown; returns it for chaining. */
    public synchronized <T extends AutoCloseable> T add(String partName, T part) {
        parts.push(new Part(partName, part));
        return part;
    }

    /** The meter registry of this process, for every service it starts. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /**
     * Starts the {@code [metrics] listen_port} listener on {@code [metrics] listen} when the port is
     * set, as a part of this process.
     *
     * @return the listener, or null when the option is unset
     */
    public MetricsListener exposeMetrics(Config config) {
        Integer port = config.get(CommonOptions.METRICS_LISTEN_PORT);
        if (port == null) {
            return null;
        }
        metricsListener = add("metrics listener",
                MetricsListener.start(meters, config.get(CommonOptions.METRICS_LISTEN), port));
        return metricsListener;
    }

    /** The {@code [metrics] listen_port} listener, or null when none was started. */
    public MetricsListener metricsListener() {
        return metricsListener;
    }

    /** Installs the SIGTERM / Ctrl-C hook that closes everything gracefully. */
    public synchronized ServiceProcess closeOnShutdown() {
        if (hook == null) {
            hook = new Thread(() -> {
                LOG.info("{}: shutdown requested (SIGTERM or Ctrl-C); stopping gracefully", name);
                close();
            }, name + "-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        return this;
    }

    /**
     * Installs the SIGHUP handler: {@code loader} re-reads the config files (with the same
     * command-line overrides) and every service of this process takes the new
     * {@code [upgrade_levels]} pins at once, without a restart. A file that does not load or a pin
     * that is not valid changes nothing; the log says why and the old pins stay in force.
     */
    public ServiceProcess reloadOnHangup(java.util.function.Supplier<Config> loader) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> reload(loader));
        } catch (IllegalArgumentException e) {
            LOG.info("{}: this platform has no SIGHUP; restart the process to change [upgrade_levels] pins", name);
        }
        return this;
    }

    /** What SIGHUP does (tests call it directly). */
    public void reload(java.util.function.Supplier<Config> loader) {
        LOG.info("{}: SIGHUP received: reloading [upgrade_levels] from the config files", name);
        try {
            org.tandem.rpcapi.UpgradeLevels.reloadAll(loader.get());
            LOG.info("{}: reload done", name);
        } catch (RuntimeException e) {
            LOG.error("{}: reload failed, the previous pins stay in force: {}", name, e.getMessage());
        }
    }

    /** Blocks until the process is closed. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitShutdown(long timeout, TimeUnit unit) throws InterruptedException {
        return stopped.await(timeout, unit);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        while (true) {
            Part p;
            synchronized (this) {
                p = parts.poll();
            }
            if (p == null) {
                break;
            }
            LOG.info("{}: stopping {}", name, p.name());
            try {
                p.closeable().close();
            } catch (Exception e) {
                LOG.warn("{}: stopping {} failed: {}; continuing with the rest", name, p.name(), e.toString());
            }
        }
        meters.close();
        LOG.info("{}: stopped", name);
        stopped.countDown();
        Thread h = hook;
        if (h != null && Thread.currentThread() != h) {
            try {
                Runtime.getRuntime().removeShutdownHook(h);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
    }

    /**
     * Reports a start failure on stderr in one line with what to do, and returns exit code 1. A
     * taken API port gets a hint about {@code --port}.
     */
    public static int startFailed(String command, RuntimeException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        // Only a taken port gets the --port hint ("transport_url" also contains "port").
        String hint = msg.toLowerCase(java.util.Locale.ROOT).contains("already in use")
                ? " Pick another port with --port (0 = any free port) or stop the process that holds it." : "";
        LOG.error("{} could not start: {}", command, msg, e);
        System.err.println("tandem " + command + ": could not start: " + msg + hint);
        return 1;
    }

    // ---- shared wiring -------------------------------------------------------------------------

    /**
     * Opens {@code [DEFAULT] transport_url}.
     *
     * @throws LaunchException when it is unset (separate processes need a shared broker)
     */
    public static Transport openTransport(Config config) {
        String url = config.get(CommonOptions.TRANSPORT_URL);
        if (url == null || url.isBlank()) {
            throw new LaunchException("[DEFAULT] transport_url is not set. A service in its own process needs the "
                    + "broker shared by the cloud: set transport_url = rabbit://guest:guest@127.0.0.1:5673/ (the "
                    + "line 'bin/tandem all-in-one' prints), or run everything with 'bin/tandem all-in-one'");
        }
        LOG.info("Connecting to the message broker at {}", TransportUrls.mask(url));
        return Transports.open(TransportUrls.parse(url), transportOptions(config));
    }

    /** The driver settings of {@code config}: control_exchange and the [oslo_messaging_rabbit] options. */
    public static TransportOptions transportOptions(Config config) {
        TransportOptions d = TransportOptions.defaults();
        return new TransportOptions(config.get(CommonOptions.CONTROL_EXCHANGE),
                config.get(CommonOptions.RABBIT_QOS_PREFETCH_COUNT), config.get(CommonOptions.TANDEM_MAX_MESSAGE_SIZE),
                java.time.Duration.ofSeconds(config.get(CommonOptions.RABBIT_TRANSIENT_QUEUES_TTL)),
                config.get(CommonOptions.AMQP_DURABLE_QUEUES), d.connectTimeout(),
                "tandem-" + config.get(CommonOptions.HOST));
    }

    /** Opens {@code [database] connection}, or the H2 file under {@code state_path} when it is empty. */
    public static Database openDatabase(Config config) {
        String connection = config.get(CommonOptions.DATABASE_CONNECTION);
        Path state = Path.of(config.get(CommonOptions.STATE_PATH));
        Database db = Database.open(connection, state);
        LOG.info("Database: {}", connection == null || connection.isBlank()
                ? "embedded H2 under " + state.toAbsolutePath() : db.toString());
        return db;
    }
}
