package org.tandem.rpc;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tandem.version.Version;

/**
 * The base API every service answers (namespace {@code baseapi}): {@code ping(arg)} returns
 * {@code {"service": <name>, "arg": arg}}; {@code get_backdoor_port()} returns null (no backdoor).
 */
public final class BaseApiEndpoint {
    /** Namespace of the base API. */
    public static final String NAMESPACE = "baseapi";

    /**
     * Version of the base API endpoint.
     * 1.0: ping. 1.1: get_backdoor_port (Nova Havana; unchanged through Kilo and later).
     */
    public static final Version VERSION = Version.of(1, 1);

    private final String serviceName;

    public BaseApiEndpoint(String serviceName) {
        this.serviceName = serviceName;
    }

    public Map<String, Object> ping(RequestContext ctx, Object arg) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", serviceName);
        out.put("arg", arg);
        return out;
    }

    public Object getBackdoorPort(RequestContext ctx) {
        return null;
    }

    /** This endpoint registered under {@code baseapi} 1.1. */
    public Endpoint endpoint() {
        return Endpoint.of(this, NAMESPACE, VERSION);
    }
}
