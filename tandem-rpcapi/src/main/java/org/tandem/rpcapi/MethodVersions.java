package org.tandem.rpcapi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.tandem.rpc.RpcClient;
import org.tandem.rpc.RpcVersionCapException;
import org.tandem.version.Version;

/**
 * Per-method version selection as data (style principle 1): each method lists the versions it
 * can be sent as, newest first, each with the reshaping of the keyword arguments that version
 * needs. A capped client sends the first version it may; when none is sendable the call fails
 * on the sender with {@link RpcVersionCapException} (facts §1.3).
 */
public final class MethodVersions {
    /** One way to send a method: the version and how to reshape the newest kwargs for it. */
    public record Step(Version version, String note, UnaryOperator<Map<String, Object>> reshape) {
    }

    private final String api;
    private final Map<String, List<Step>> methods;

    private MethodVersions(String api, Map<String, List<Step>> methods) {
        this.api = api;
        this.methods = Collections.unmodifiableMap(methods);
    }

    public static Builder builder(String api) {
        return new Builder(api);
    }

    /** Method name to its steps, newest first. */
    public Map<String, List<Step>> methods() {
        return methods;
    }

    /** The step a client with this cap uses for {@code method} (no release maximum). */
    public Step select(RpcClient client, String method) {
        return select(client, null, method);
    }

    /**
     * The step a client uses for {@code method}: the newest step not above {@code releaseMax}
     * (the server version of the release the client runs as, so an emulated older release never
     * sends a newer release's versions) that the client's cap allows.
     */
    public Step select(RpcClient client, Version releaseMax, String method) {
        return select(client.versionCap(), null, releaseMax, method);
    }

    /**
     * The step to send {@code method} as under {@code cap} (null: none), never above
     * {@code releaseMax}. (The client counts what it then sends in {@code tandem.rpc.client.sends}.)
     *
     * @param why where the cap comes from (e.g. {@code [upgrade_levels] compute = juno}), for the error
     * @throws RpcVersionCapException when no step is sendable; the message names the pin
     */
    public Step select(Version cap, String why, Version releaseMax, String method) {
        List<Step> steps = methods.get(method);
        if (steps == null) {
            throw new IllegalArgumentException("the " + api + " RPC API declares no method '" + method + "'");
        }
        for (Step s : steps) {
            if (releaseMax != null && s.version().isNewerThan(releaseMax)) {
                continue;
            }
            if (cap == null || cap.canServe(s.version())) {
                return s;
            }
        }
        Version oldest = steps.get(steps.size() - 1).version();
        if (why == null) {
            throw new RpcVersionCapException(oldest, cap);
        }
        throw new RpcVersionCapException(oldest, cap, api + "." + method + " cannot be sent below " + oldest
                + " and the cap comes from " + why + "; it is unavailable until every service that receives it runs a "
                + "release that accepts it and the pin is raised or removed");
    }

    /** Collects method steps. */
    public static final class Builder {
        private final String api;
        private final Map<String, List<Step>> methods = new LinkedHashMap<>();

        private Builder(String api) {
            this.api = api;
        }

        /** A method sent unchanged at one version. */
        public Builder method(String name, Version version) {
            return method(name, new Step(version, "", UnaryOperator.identity()));
        }

        /** A method sent unchanged at each of these versions, newest first (each a fallback of the one before). */
        public Builder method(String name, Version newest, Version... older) {
            Step[] steps = new Step[older.length + 1];
            steps[0] = new Step(newest, "", UnaryOperator.identity());
            for (int i = 0; i < older.length; i++) {
                steps[i + 1] = new Step(older[i], "same arguments", UnaryOperator.identity());
            }
            return method(name, steps);
        }

        /** A method with steps newest first. */
        public Builder method(String name, Step... steps) {
            List<Step> list = new ArrayList<>(List.of(steps));
            for (int i = 1; i < list.size(); i++) {
                if (!list.get(i).version().isOlderThan(list.get(i - 1).version())) {
                    throw new IllegalArgumentException(api + "." + name + ": steps must be newest first, got "
                            + list.get(i - 1).version() + " then " + list.get(i).version());
                }
            }
            if (methods.put(name, List.copyOf(list)) != null) {
                throw new IllegalArgumentException(api + "." + name + " declared twice");
            }
            return this;
        }

        public MethodVersions build() {
            return new MethodVersions(api, new LinkedHashMap<>(methods));
        }
    }
}
