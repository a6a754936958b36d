package org.tandem.rpc.internal;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tandem.rpc.Endpoint;
import org.tandem.rpc.MalformedRpcMessageException;
import org.tandem.rpc.NoSuchRpcMethodException;
import org.tandem.rpc.RequestContext;
import org.tandem.rpc.Serializer;
import org.tandem.rpc.UnsupportedVersionException;
import org.tandem.version.InvalidVersionException;
import org.tandem.version.Version;

/**
 * Picks the endpoint method for an inner message, oslo's rules: read {@code method},
 * {@code args} (default empty), {@code namespace} (default null) and {@code version} (default
 * {@code 1.0}); the first endpoint in registration order whose namespace equals the message's, whose
 * version can serve the message's and that has the method handles it. Wire names starting with
 * {@code _} are never dispatched. Some endpoint matched but none had the method:
 * NoSuchMethod; none matched: UnsupportedVersion.
 */
public final class Dispatcher {
    private final List<Endpoint> endpoints;
    private final Serializer serializer;

    public Dispatcher(List<Endpoint> endpoints, Serializer serializer) {
        this.endpoints = List.copyOf(endpoints);
        this.serializer = serializer;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** A validated request: which method of which endpoint, with raw (wire) kwargs. */
    public record Resolved(Endpoint endpoint, Endpoint.MethodSpec method, Map<String, Object> args) {
    }

    /** Reads the method name for logging and metrics without validating anything else. */
    public static String methodName(Map<String, Object> body) {
        return body.get("method") instanceof String s ? s : null;
    }

    /**
     * Finds the endpoint method for a message.
     *
     * @throws MalformedRpcMessageException when method, args, namespace or version have the wrong shape
     * @throws UnsupportedVersionException when no endpoint has the namespace and a compatible version
     * @throws NoSuchRpcMethodException when compatible endpoints exist but none has the method
     */
    @SuppressWarnings("unchecked")
    public Resolved resolve(Map<String, Object> body) {
        Object rawMethod = body.get("method");
        if (!(rawMethod instanceof String method) || method.isEmpty()) {
            throw new MalformedRpcMessageException("RPC message has no method name (key 'method' is "
                    + (rawMethod == null ? "missing" : Json.typeName(rawMethod)) + "); nothing can be dispatched");
        }
        Object rawArgs = body.containsKey("args") ? body.get("args") : Map.of();
        if (rawArgs == null) {
            rawArgs = Map.of();
        }
        if (!(rawArgs instanceof Map<?, ?>)) {
            throw new MalformedRpcMessageException("RPC message for method " + method
                    + " has 'args' that is " + Json.typeName(rawArgs) + "; it must be an object of keyword arguments");
        }
        Object rawNamespace = body.get("namespace");
        if (rawNamespace != null && !(rawNamespace instanceof String)) {
            throw new MalformedRpcMessageException("RPC message for method " + method + " has a namespace that is "
                    + Json.typeName(rawNamespace) + "; it must be a string or absent");
        }
        String namespace = (String) rawNamespace;
        Object rawVersion = body.containsKey("version") ? body.get("version") : "1.0";
        if (!(rawVersion instanceof String versionText)) {
            throw new MalformedRpcMessageException("RPC message for method " + method + " has a version that is "
                    + Json.typeName(rawVersion) + "; it must be a string such as \"1.0\"");
        }
        Version version;
        try {
            version = Version.parse(versionText);
        } catch (InvalidVersionException e) {
            throw new MalformedRpcMessageException("RPC message for method " + method + " has version '" + versionText
                    + "', which is not MAJOR.MINOR[.REVISION]");
        }
        boolean foundCompatible = false;
        for (Endpoint ep : endpoints) {
            boolean namespaceMatches = namespace == null ? ep.namespace() == null : namespace.equals(ep.namespace());
            if (!namespaceMatches || !ep.version().canServe(version)) {
                continue;
            }
            Endpoint.MethodSpec spec = ep.method(method);
            if (spec != null && !method.startsWith("_")) {
                return new Resolved(ep, spec, new LinkedHashMap<>((Map<String, Object>) rawArgs));
            }
            foundCompatible = true;
        }
        if (foundCompatible) {
            throw new NoSuchRpcMethodException(method);
        }
        throw new UnsupportedVersionException(versionText, method);
    }

    /**
     * Deserializes the arguments, invokes the method and serializes its result.
     *
     * @throws InvocationTargetException wrapping what the endpoint method threw
     */
    public Object invoke(Resolved r, RequestContext ctx) throws InvocationTargetException {
        Map<String, Object> args = new LinkedHashMap<>();
        r.args().forEach((k, v) -> args.put(k, serializer.deserializeEntity(ctx, v)));
        Object result = r.method().invoke(r.endpoint().target(), ctx, args);
        return serializer.serializeEntity(ctx, result);
    }
}
