package org.tandem.rpc;

import java.util.Map;

/**
 * What a server does after refusing a message for its version (oslo's UnsupportedVersion), besides
 * logging it: oslo only logs a refused cast, so the sender never learns and, for a build, the
 * instance waits in BUILD forever. A handler can tell the rest of the cloud (Tandem's compute
 * reschedules the build or records a fault naming the pin to set).
 */
@FunctionalInterface
public interface UnsupportedVersionHandler {
    /**
     * @param ctx the request context of the refused message
     * @param method the method it asked for
     * @param version the version it was sent as
     * @param rawArgs its keyword arguments, not deserialized (objects are still primitives)
     * @param isCall whether the sender waits for a reply (it gets the UnsupportedVersion failure)
     */
    void refused(RequestContext ctx, String method, String version, Map<String, Object> rawArgs, boolean isCall);
}
