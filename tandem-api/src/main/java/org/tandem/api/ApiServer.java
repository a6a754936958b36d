package org.tandem.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import org.tandem.api.internal.Pipeline;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute API's HTTP server (Javalin on Jetty). Serves the version documents at {@code /} and
 * {@code /v2.1/}, the v2.1 resources below {@code /v2.1/} and {@code /v2.1/{project_id}/}, and
 * Prometheus metrics at {@code /metrics}. Close it to stop.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Nova's osapi_compute_listen_port default. */
    public static final int DEFAULT_PORT = 8774;
    /** Listens on loopback unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private final Javalin app;
    private final PrometheusMeterRegistry registry;

    private ApiServer(Javalin app, PrometheusMeterRegistry registry) {
        this.app = app;
        this.registry = registry;
    }

    /**
     * Starts on {@code [DEFAULT] osapi_compute_listen}:{@code osapi_compute_listen_port} with the
     * default {@link AuthPolicy}.
     */
    public static ApiServer start(Config config, Database database, ComputeActions computeActions) {
        return start(config, database, computeActions, config.get(ApiOptions.OSAPI_COMPUTE_LISTEN),
                config.get(ApiOptions.OSAPI_COMPUTE_LISTEN_PORT));
    }

    /** Starts with the default (allow-all, loopback-only) {@link AuthPolicy}. */
    public static ApiServer start(Config config, Database database, ComputeActions computeActions, String bindHost,
            int port) {
        return start(config, database, computeActions, AuthPolicy.allowAllLoopback(), bindHost, port);
    }

    /**
     * Starts serving.
     *
     * @param port the TCP port, 0 for an ephemeral one (see {@link #port()})
     * @throws IllegalStateException if the port cannot be bound, naming host and port
     */
    public static ApiServer start(Config config, Database database, ComputeActions computeActions,
            AuthPolicy authPolicy, String bindHost, int port) {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(computeActions, "computeActions");
        Objects.requireNonNull(authPolicy, "authPolicy");
        Duration downTime = Duration.ofSeconds(config == null ? 60 : config.get(CommonOptions.SERVICE_DOWN_TIME));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Pipeline pipeline = new Pipeline(database, computeActions, authPolicy, downTime, registry);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            for (HandlerType type : new HandlerType[] {HandlerType.GET, HandlerType.POST, HandlerType.PUT,
                    HandlerType.DELETE, HandlerType.PATCH, HandlerType.HEAD}) {
                cfg.routes.addHttpHandler(type, "/", pipeline::handle);
                cfg.routes.addHttpHandler(type, "/<path>", pipeline::handle);
            }
        });
        try {
            app.start(bindHost == null ? DEFAULT_HOST : bindHost, port);
        } catch (RuntimeException e) {
            app.stop();
            throw new IllegalStateException("Cannot start the compute API on " + bindHost + ":" + port + ": "
                    + e.getMessage() + ". Is another process using the port?", e);
        }
        LOG.info("Compute API listening on http://{}:{}/v2.1 (microversions {}..{})", bindHost, app.port(),
                ApiVersions.MIN, ApiVersions.MAX);
        return new ApiServer(app, registry);
    }

    /** The bound port (the real one when started with port 0). */
    public int port() {
        return app.port();
    }

    /** The metrics registry behind {@code /metrics}. */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    @Override
    public void close() {
        app.stop();
        registry.close();
    }

    static String describe(Context c) {
        return c.method() + " " + c.path();
    }
}
