package org.tandem.api.internal;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tandem.api.ApiException;
import org.tandem.api.ApiServer;
import org.tandem.api.ApiVersion;
import org.tandem.api.ApiVersions;
import org.tandem.api.AuthPolicy;
import org.tandem.api.ComputeActions;
import org.tandem.db.Database;
import org.tandem.identity.Authenticator;
import org.tandem.identity.Policy;
import org.tandem.identity.Quotas;
import org.tandem.rpc.RequestContext;

/**
 * Every request's path through the API: request id, version documents and metrics, microversion
 * negotiation, authentication, routing, the handler, Nova-format faults, response headers, metrics.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final Router router = new Router();
    private final Set<String> collections;
    private final AuthPolicy authPolicy;
    private final PrometheusMeterRegistry registry;
    private final IdentityResource identity;
    private final ImagesResource images = new ImagesResource();

    private final Policy policy;

    public Pipeline(Database database, ComputeActions actions, AuthPolicy authPolicy, Authenticator authenticator,
            Policy policy, Quotas quotas, Duration serviceDownTime, PrometheusMeterRegistry registry) {
        this.authPolicy = authPolicy;
        this.policy = policy;
        this.registry = registry;
        this.identity = new IdentityResource(authenticator);
        new ServersResource(database, actions, quotas).register(router);
        new QuotaSetsResource(quotas).register(router);
        new FlavorsResource(database).register(router);
        new ServicesResource(database, serviceDownTime).register(router);
        new HypervisorsResource(database, serviceDownTime).register(router);
        this.collections = router.collections();
    }

    public void handle(Context c) {
        long start = System.nanoTime();
        String requestId = RequestContext.newRequestId();
        c.header("X-Openstack-Request-Id", requestId);
        c.header("X-Compute-Request-Id", requestId);
        String route = "unmatched";
        ApiVersion version = null;
        ApiResponse response;
        RequestContext ctx = null;
        boolean keystoneErrors = c.path().startsWith("/v3") || c.path().startsWith("/identity");
        boolean bodyLeftUnread = false;
        try {
            if (c.contentLength() > ApiServer.MAX_REQUEST_BODY_BYTES) {
                bodyLeftUnread = !discardBody(c);
                throw tooLarge();
            }
            String method = c.method().name();
            String[] segments = Arrays.stream(Router.split(c.path()))
                    .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toArray(String[]::new);
            if (segments.length == 0) {
                route = "/";
                requireGet(method);
                response = ApiResponse.ok(Versions.list(hostUrl(c)));
            } else if (segments.length == 1 && segments[0].equals("metrics")) {
                route = "/metrics";
                requireGet(method);
                c.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
                record(method, route, 200, start);
                return;
            } else if (segments[0].equals("identity") || segments[0].equals("v3")) {
                boolean prefixed = segments[0].equals("identity");
                route = prefixed ? "/identity" : "/v3";
                response = identity.handle(c, hostUrl(c), prefixed ? "/identity" : "",
                        prefixed ? Arrays.copyOfRange(segments, 1, segments.length) : segments);
            } else if (segments[0].equals("image")) {
                route = "/image";
                String[] rest = Arrays.copyOfRange(segments, 1, segments.length);
                if (rest.length > 0) {
                    ctx = authPolicy.authenticate(new AuthPolicy.Request(c.ip(), null, requestId, c::header));
                    enforce("os_compute_api:images:index", ctx);
                }
                response = images.handle(method, hostUrl(c), rest, c.queryParamMap());
            } else if (!segments[0].equals("v2.1")) {
                throw ApiException.notFound("The resource could not be found.");
            } else {
                version = negotiate(c);
                String project = null;
                String[] rest = Arrays.copyOfRange(segments, 1, segments.length);
                if (rest.length > 0 && !collections.contains(rest[0])) {
                    project = rest[0];
                    rest = Arrays.copyOfRange(rest, 1, rest.length);
                }
                if (rest.length == 0) {
                    route = "/v2.1/";
                    requireGet(method);
                    response = ApiResponse.ok(Versions.current(hostUrl(c)));
                } else {
                    ctx = authPolicy.authenticate(new AuthPolicy.Request(c.ip(), project, requestId, c::header));
                    if (project != null && !project.equals(ctx.projectId())) {
                        throw ApiException.badRequest("Malformed request URL: URL's project_id '" + project
                                + "' doesn't match Context's project_id '" + ctx.projectId() + "'");
                    }
                    Router.Match match = router.match(method, rest);
                    if (match == null) {
                        if (router.pathKnown(rest)) {
                            throw new ApiException(405, "The method is not allowed for this resource.");
                        }
                        throw ApiException.notFound("The resource could not be found.");
                    }
                    route = "/v2.1/" + match.template().replaceFirst("^/", "");
                    enforce(match.rule(), ctx);
                    response = match.handler().handle(new ApiRequest(c, ctx, version, project, match.params(),
                            policy));
                }
            }
        } catch (io.javalin.http.HttpResponseException e) {
            // Javalin's own refusals, e.g. a chunked body over maxRequestSize found while reading it
            ApiException mapped = e.getStatus() == 413 ? tooLarge() : new ApiException(e.getStatus(), e.getMessage());
            bodyLeftUnread = e.getStatus() == 413 && !discardBody(c);
            response = keystoneErrors ? new ApiResponse(mapped.status(), IdentityResource.errorBody(mapped.status(),
                    mapped.getMessage())) : fault(mapped.status(), mapped.getMessage());
        } catch (IdentityResource.KeystoneError e) {
            response = new ApiResponse(e.status, IdentityResource.errorBody(e.status, e.getMessage()));
        } catch (ApiException e) {
            LOG.debug("{} {} -> {} {}: {}", requestId, c.path(), e.status(), e.faultName(), e.getMessage());
            response = keystoneErrors ? new ApiResponse(e.status(), IdentityResource.errorBody(e.status(),
                    e.getMessage())) : fault(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} {} {} failed with a server error; this is a bug, please report it with the request id",
                    requestId, c.method(), c.path(), e);
            response = fault(500, "Unexpected API Error. Please report this at the Tandem issue tracker and attach "
                    + "the API log if possible (request id " + requestId + ").\n" + e.getClass().getName());
        }
        if (bodyLeftUnread) {
            // the refused body is too big even to skip: tell the client not to reuse this connection
            c.header("Connection", "close");
        }
        if (response.status() == 401) {
            c.header("WWW-Authenticate", "Keystone uri=\"" + hostUrl(c) + "/identity\"");
        }
        if (version != null) {
            c.header(ApiVersions.HEADER, ApiVersions.SERVICE_TYPE + " " + version);
            c.header(ApiVersions.LEGACY_HEADER, version.toString());
            c.header("Vary", ApiVersions.HEADER + ", " + ApiVersions.LEGACY_HEADER);
        }
        c.status(response.status());
        if (response.body() != null && !c.method().name().equals("HEAD")) {
            c.contentType("application/json").result(Json.write(response.body()));
        } else {
            c.result("");
        }
        long micros = (System.nanoTime() - start) / 1000;
        LOG.info("{} {} {} {} status {} user {} project {} {}.{} ms", requestId, c.ip(), c.method(), c.path(),
                response.status(), ctx == null ? "-" : ctx.userId(), ctx == null ? "-" : ctx.projectId(),
                micros / 1000, String.format("%03d", micros % 1000));
        record(c.method().name(), route, response.status(), start);
    }

    /**
     * Reads and throws away the rest of a refused request body, up to {@link #DISCARD_LIMIT_BYTES}. A
     * server that answers 413 and closes while the client is still sending makes the kernel reset the
     * connection, and the client then often loses the 413 itself and sees only a broken pipe; skipping a
     * moderately oversized body lets the answer arrive and the connection be reused.
     *
     * @return true if the whole body was read
     */
    private static boolean discardBody(Context c) {
        long length = c.contentLength();
        if (length > DISCARD_LIMIT_BYTES) {
            return false;
        }
        byte[] buffer = new byte[16384];
        long total = 0;
        try (var in = c.req().getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0;) {
                total += n;
                if (total > DISCARD_LIMIT_BYTES) {
                    return false;
                }
            }
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("Could not skip the rest of a refused request body: {}", e.toString());
            return false;
        }
    }

    /** Refused bodies up to this size are read and discarded so the client sees the 413. */
    static final long DISCARD_LIMIT_BYTES = 8L * 1024 * 1024;

    private static ApiException tooLarge() {
        return new ApiException(413, "Request is too large: the body may have at most "
                + ApiServer.MAX_REQUEST_BODY_BYTES + " bytes.");
    }

    private void enforce(String rule, RequestContext ctx) {
        if (!policy.allows(rule, ctx.roles())) {
            throw ApiException.forbidden("Policy doesn't allow " + rule + " to be performed.");
        }
    }

    private static ApiResponse fault(int status, String message) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", status);
        inner.put("message", message);
        return new ApiResponse(status, Map.of(ApiException.faultName(status), inner));
    }

    private static void requireGet(String method) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            throw new ApiException(405, "The method is not allowed for this resource.");
        }
    }

    private static String hostUrl(Context c) {
        String host = c.header("Host");
        return c.scheme() + "://" + (host == null || host.isBlank() ? "127.0.0.1:" + c.port() : host);
    }

    /** Reads the microversion headers: the new one wins over the legacy one. */
    static ApiVersion negotiate(Context c) {
        String requested = null;
        List<String> values = c.req().getHeaders(ApiVersions.HEADER) == null ? List.of()
                : java.util.Collections.list(c.req().getHeaders(ApiVersions.HEADER));
        for (String value : values) {
            for (String part : value.split(",")) {
                String[] kv = part.trim().split("\\s+", 2);
                if (kv.length == 2 && kv[0].toLowerCase(Locale.ROOT).equals(ApiVersions.SERVICE_TYPE)) {
                    requested = kv[1].trim();
                }
            }
        }
        if (requested == null) {
            String legacy = c.header(ApiVersions.LEGACY_HEADER);
            if (legacy != null && !legacy.isBlank()) {
                requested = legacy.trim();
            }
        }
        if (requested == null) {
            return ApiVersions.DEFAULT;
        }
        if (requested.equalsIgnoreCase("latest")) {
            return ApiVersions.MAX;
        }
        ApiVersion v = ApiVersion.parse(requested);
        if (v.compareTo(ApiVersions.MIN) < 0 || v.compareTo(ApiVersions.MAX) > 0) {
            throw new ApiException(406, "Version " + v + " is not supported by the API. Minimum is "
                    + ApiVersions.MIN + " and maximum is " + ApiVersions.MAX + ".");
        }
        return v;
    }

    private void record(String method, String route, int status, long startNanos) {
        Timer.builder("tandem.api.requests")
                .description("Compute API requests by route and status")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .register(registry)
                .record(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
