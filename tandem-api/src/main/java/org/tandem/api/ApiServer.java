package org.tandem.api;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import org.tandem.api.internal.JsonErrorHandler;
import org.tandem.api.internal.Pipeline;
import org.tandem.config.CommonOptions;
import org.tandem.config.Config;
import org.tandem.db.Database;
import org.tandem.identity.Authenticator;
import org.tandem.identity.IdentityOptions;
import org.tandem.identity.IdentityStore;
import org.tandem.identity.LoginThrottle;
import org.tandem.identity.Policy;
import org.tandem.identity.Quotas;
import org.tandem.identity.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute API's HTTP server (Javalin on Jetty). Serves the version documents at {@code /} and
 * {@code /v2.1/}, the v2.1 resources below {@code /v2.1/} and {@code /v2.1/{project_id}/}, and
 * Prometheus metrics at {@code /metrics}: those of the registry it is given (the process's, so an
 * all-in-one shows every service of the JVM), or of its own. Close it to stop.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Nova's osapi_compute_listen_port default. */
    public static final int DEFAULT_PORT = 8774;
    /**
     * Largest request body accepted, in bytes (oslo.middleware's max_request_body_size default, which
     * Nova's API pipeline applies); larger bodies get 413 before anything parses them.
     */
    public static final int MAX_REQUEST_BODY_BYTES = 114688;
    /** Longest request line or header accepted (Nova's [wsgi] max_header_line default). */
    public static final int MAX_HEADER_LINE_BYTES = 16384;
    /** Listens on loopback unless told otherwise. */
    public static final String DEFAULT_HOST = "127.0.0.1";

    private final Javalin app;
    private final PrometheusMeterRegistry registry;
    private final boolean ownsRegistry;

    private ApiServer(Javalin app, PrometheusMeterRegistry registry, boolean ownsRegistry) {
        this.app = app;
        this.registry = registry;
        this.ownsRegistry = ownsRegistry;
    }

    /**
     * Starts on {@code [DEFAULT] osapi_compute_listen}:{@code osapi_compute_listen_port} with the
     * {@code [api] auth_strategy} of {@code config}.
     */
    public static ApiServer start(Config config, Database database, ComputeActions computeActions) {
        return start(config, database, computeActions, config.get(ApiOptions.OSAPI_COMPUTE_LISTEN),
                config.get(ApiOptions.OSAPI_COMPUTE_LISTEN_PORT));
    }

    /**
     * Starts serving, with the identity endpoint on {@code database} and the {@code [api] auth_strategy}
     * of {@code config} (keystone by default).
     *
     * @param port the TCP port, 0 for an ephemeral one (see {@link #port()})
     * @throws IllegalStateException if the port cannot be bound, naming host and port, or if
     *         noauth2 is configured and {@code bindHost} is not a loopback address
     */
    public static ApiServer start(Config config, Database database, ComputeActions computeActions, String bindHost,
            int port) {
        return start(config, database, computeActions, bindHost, port, null);
    }

    /**
     * As {@link #start(Config, Database, ComputeActions, String, int)}, with {@code /metrics} showing
     * {@code registry} (the process's; null: a registry of the API's own, closed with it).
     */
    public static ApiServer start(Config config, Database database, ComputeActions computeActions, String bindHost,
            int port, PrometheusMeterRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(computeActions, "computeActions");
        String host = bindHost == null ? DEFAULT_HOST : bindHost;
        IdentityStore identity = new IdentityStore(database);
        TokenStore tokens = new TokenStore(database, identity,
                Duration.ofSeconds(config.get(IdentityOptions.TOKEN_EXPIRATION)));
        Authenticator authenticator = new Authenticator(identity, tokens, new LoginThrottle(database,
                config.get(IdentityOptions.LOGIN_MAX_FAILURES),
                Duration.ofSeconds(config.get(IdentityOptions.LOGIN_FAILURE_WINDOW))));
        Policy policy = Policy.of(config.get(IdentityOptions.POLICY_FILE));
        String strategy = config.get(ApiOptions.AUTH_STRATEGY);
        AuthPolicy authPolicy;
        if (strategy.equals(ApiOptions.NOAUTH2)) {
            if (!AuthPolicy.isLoopback(host)) {
                throw new IllegalStateException("[api] auth_strategy = noauth2 believes any token and is for one "
                        + "machine only, but the API is to listen on " + host + ". Set [DEFAULT] "
                        + "osapi_compute_listen = 127.0.0.1, or use auth_strategy = keystone (the default).");
            }
            LOG.warn("[api] auth_strategy = noauth2: requests are NOT authenticated (loopback clients only)");
            authPolicy = AuthPolicy.noauth2();
        } else {
            authPolicy = AuthPolicy.keystone(tokens);
            if (identity.role(org.tandem.identity.Bootstrap.ADMIN).isEmpty()) {
                LOG.warn("The identity has not been bootstrapped: no user can log in yet. Create the admin with "
                        + "'OS_BOOTSTRAP_PASSWORD=... bin/nova-manage identity bootstrap' (same database).");
            }
        }
        Duration downTime = Duration.ofSeconds(config.get(CommonOptions.SERVICE_DOWN_TIME));
        boolean own = registry == null;
        PrometheusMeterRegistry meters = own ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : registry;
        Pipeline pipeline = new Pipeline(database, computeActions, authPolicy, authenticator, policy,
                new Quotas(database, IdentityOptions.quotaDefaults(config)), downTime, meters);
        bindHost = host;
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BODY_BYTES;
            // Nova's [wsgi] max_header_line; longer request lines and headers get a JSON 414/431
            cfg.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_HEADER_LINE_BYTES));
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
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
            if (own) {
                meters.close();
            }
            throw new IllegalStateException("Cannot start the compute API on " + bindHost + ":" + port + ": "
                    + e.getMessage() + ". Is another process using the port?", e);
        }
        LOG.info("Compute API listening on http://{}:{}/v2.1 (microversions {}..{}), identity on /identity/v3, "
                + "auth_strategy {}", bindHost, app.port(), ApiVersions.MIN, ApiVersions.MAX, strategy);
        return new ApiServer(app, meters, own);
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
        if (ownsRegistry) {
            registry.close();
        }
    }

    static String describe(Context c) {
        return c.method() + " " + c.path();
    }
}
