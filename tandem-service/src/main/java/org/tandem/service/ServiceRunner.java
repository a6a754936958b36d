package org.tandem.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.model.Service;
import org.tandem.model.ServiceNotFound;
import org.tandem.model.indirection.ObjectOps;
import org.tandem.rpc.Endpoint;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.RpcServer;
import org.tandem.rpc.RpcServerOptions;
import org.tandem.rpc.Serializer;
import org.tandem.rpc.transport.Transport;
import org.tandem.rpcapi.conductor.ConductorRpcApi;

/**
 * Runs one service: {@link #start()} waits for the conductor (when given), finds or creates the
 * service record through the {@link ObjectOps} (the database for conductor and scheduler, the
 * conductor for computes), starts the RPC server on {@code topic} and {@code topic.host} with the
 * manager endpoints (baseapi is added by the server) and schedules the heartbeat and periodic
 * tasks; {@link #close()} stops them and the server gracefully.
 */
public final class ServiceRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

    private final String binary;
    private final String topic;
    private final String host;
    private final Config config;
    private final Transport transport;
    private final ObjectOps ops;
    private final Serializer serializer;
    private final List<Endpoint> endpoints;
    private final ConductorRpcApi conductorToWaitFor;
    private final List<Periodic> periodics = new ArrayList<>();
    private final List<java.util.function.Consumer<Service>> onRegistered = new ArrayList<>();
    private final AtomicBoolean heartbeatFailing = new AtomicBoolean();
    private ScheduledExecutorService timers;
    private RpcServer server;
    private volatile Service record;
    private int executorThreads;
    private org.tandem.rpcapi.UpgradeLevels levels;
    private org.tandem.rpc.UnsupportedVersionHandler refusedVersions;

    private record Periodic(String name, Duration interval, Runnable task) {
    }

    /**
     * @param conductorToWaitFor null for the conductor itself; otherwise the start waits for its ping
     */
    public ServiceRunner(String binary, String topic, String host, Config config, Transport transport, ObjectOps ops,
            Serializer serializer, List<Endpoint> endpoints, ConductorRpcApi conductorToWaitFor) {
        this.binary = Objects.requireNonNull(binary, "binary");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.host = Objects.requireNonNull(host, "host");
        this.config = config;
        this.transport = transport;
        this.ops = ops;
        this.serializer = serializer;
        this.endpoints = List.copyOf(endpoints);
        this.conductorToWaitFor = conductorToWaitFor;
        this.executorThreads = config.get(CommonOptions.EXECUTOR_THREAD_POOL_SIZE);
    }

    /**
     * Sets how many requests the RPC server runs at once (before {@link #start()}); defaults to
     * {@code [DEFAULT] executor_thread_pool_size}.
     */
    public ServiceRunner executorThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a service needs at least one executor thread, got " + threads);
        }
        this.executorThreads = threads;
        return this;
    }

    /** How many requests the RPC server runs at once. */
    public int executorThreads() {
        return executorThreads;
    }

    /**
     * The service's {@code [upgrade_levels]} pins (before {@link #start()}): refreshed on every
     * heartbeat (so {@code auto} follows services as they report in), forgotten on close. The RPC
     * server's meters go to their registry (the process's).
     */
    public ServiceRunner upgradeLevels(org.tandem.rpcapi.UpgradeLevels upgradeLevels) {
        this.levels = upgradeLevels;
        return this;
    }

    /** What the RPC server does after refusing a message for its version (before {@link #start()}). */
    public ServiceRunner onUnsupportedVersion(org.tandem.rpc.UnsupportedVersionHandler handler) {
        this.refusedVersions = handler;
        return this;
    }

    /** The pins, or null when none were given. */
    public org.tandem.rpcapi.UpgradeLevels upgradeLevels() {
        return levels;
    }

    /** Adds a periodic task (before {@link #start()}); failures are logged and the task keeps running. */
    public ServiceRunner periodic(String name, Duration interval, Runnable task) {
        periodics.add(new Periodic(name, interval, task));
        return this;
    }

    /**
     * Adds a step that runs after the service record exists and before the RPC server consumes
     * (e.g. the compute's resource tracker creating its compute node). A failure aborts the start.
     */
    public ServiceRunner onRegistered(java.util.function.Consumer<Service> step) {
        onRegistered.add(step);
        return this;
    }

    public synchronized ServiceRunner start() {
        if (server != null) {
            return this;
        }
        RequestContext ctx = RequestContext.admin();
        if (conductorToWaitFor != null) {
            conductorToWaitFor.waitUntilReady(ctx, Duration.ofSeconds(10), Duration.ofMinutes(10));
        }
        try {
            record = ops.serviceGetByHostAndBinary(ctx, host, binary);
        } catch (ServiceNotFound e) {
            Service s = new Service();
            s.set(Service.HOST, host);
            s.set(Service.BINARY, binary);
            s.set(Service.TOPIC, topic);
            record = ops.serviceCreate(ctx, s);
            LOG.info("Registered service {} on host {} (service id {})", binary, host, record.get(Service.ID));
        }
        for (var step : onRegistered) {
            step.accept(record);
        }
        RpcServer.Builder b = RpcServer.builder(transport, topic, host).serviceName(binary).serializer(serializer)
                .options(RpcServerOptions.defaults().withExecutorThreadPoolSize(executorThreads));
        endpoints.forEach(b::endpoint);
        if (levels != null) {
            b.meterRegistry(levels.meters());
        }
        if (refusedVersions != null) {
            b.onUnsupportedVersion(refusedVersions);
        }
        server = b.build();
        server.start();
        timers = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, binary + "-" + host + "-timers");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(1, config.get(CommonOptions.REPORT_INTERVAL));
        // Report in at once: a restarted service's record still carries the heartbeat of its previous
        // run, and the scheduler would count it down (and fail builds) until the first timer tick.
        heartbeat();
        timers.scheduleWithFixedDelay(this::heartbeat, interval, interval, TimeUnit.SECONDS);
        for (Periodic p : periodics) {
            timers.scheduleWithFixedDelay(() -> runPeriodic(p), p.interval.toMillis(), p.interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("Started {} on host {} (topic {}), heartbeat every {} s", binary, host, topic, interval);
        return this;
    }

    public String host() {
        return host;
    }

    public String binary() {
        return binary;
    }

    /** The service record as of the last heartbeat. */
    public Service record() {
        return record;
    }

    /** Records one heartbeat now (report_count + 1; the backend stamps last_seen_up). */
    public void heartbeat() {
        try {
            Service s = record;
            long count = s.isSet(Service.REPORT_COUNT) ? s.get(Service.REPORT_COUNT) : 0;
            s.set(Service.REPORT_COUNT, count + 1);
            ops.serviceSave(RequestContext.admin(), s);
            if (levels != null) {
                levels.refresh();
            }
            if (heartbeatFailing.compareAndSet(true, false)) {
                LOG.info("Recovered connection for reporting service status of {} on {}", binary, host);
            }
        } catch (RuntimeException e) {
            if (heartbeatFailing.compareAndSet(false, true)) {
                LOG.error("Lost connection to nova-conductor for reporting service status ({} on {}): {}; will keep "
                        + "retrying every report_interval", binary, host, e.toString());
            }
        }
    }

    private void runPeriodic(Periodic p) {
        try {
            p.task.run();
        } catch (RuntimeException e) {
            LOG.warn("Periodic task {} of {} on {} failed: {}; it runs again in {}", p.name, binary, host, e.toString(),
                    p.interval);
        }
    }

    @Override
    public synchronized void close() {
        if (timers != null) {
            timers.shutdownNow();
        }
        if (levels != null) {
            levels.unregister();
        }
        if (server != null) {
            server.stop();
            server.close();
            LOG.info("Stopped {} on host {}", binary, host);
        }
    }
}
