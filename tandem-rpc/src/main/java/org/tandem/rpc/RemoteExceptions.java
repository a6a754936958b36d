package org.tandem.rpc;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller's allow-list of remote exceptions it rebuilds, keyed by the (module, class) a
 * failure names; every other failure becomes a {@link RemoteError}. Immutable; build one with
 * {@link #builder()} or start from {@link #defaults()}.
 *
 * <p>Defaults: the dispatcher's {@code oslo_messaging.rpc.dispatcher.UnsupportedVersion} and
 * {@code NoSuchMethod}, and {@code builtins.TypeError} (argument mismatch) and
 * {@code builtins.ValueError} (malformed message). Domain exceptions ({@code nova.exception.*})
 * are added by the modules that define them.
 */
public final class RemoteExceptions {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteExceptions.class);
    private static final RemoteExceptions DEFAULTS = builder()
            .register(UnsupportedVersionException.WIRE_MODULE, "UnsupportedVersion",
                    f -> UnsupportedVersionException.fromRemote(f.message()))
            .register(UnsupportedVersionException.WIRE_MODULE, "NoSuchMethod",
                    f -> NoSuchRpcMethodException.fromRemote(f.message()))
            .register("builtins", "TypeError", f -> new InvalidRpcArgumentsException(f.message()))
            .register("builtins", "ValueError", f -> new MalformedRpcMessageException(f.message()))
            .build();

    private final Map<String, Function<RemoteFailure, ? extends RuntimeException>> factories;

    private RemoteExceptions(Map<String, Function<RemoteFailure, ? extends RuntimeException>> factories) {
        this.factories = Map.copyOf(factories);
    }

    public static RemoteExceptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this registry's entries. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.factories.putAll(factories);
        return b;
    }

    /** The registered {@code module.Class} names, sorted. */
    public Set<String> names() {
        return new TreeSet<>(factories.keySet());
    }

    /**
     * Turns a received failure into the exception to throw on the caller: a registered factory's
     * result, or a RemoteError when the (module, class) is not allowed or rebuilding fails.
     */
    public RuntimeException rebuild(RemoteFailure failure) {
        String module = "exceptions".equals(failure.module()) ? "builtins" : failure.module();
        var factory = factories.get(module + "." + failure.className());
        if (factory != null) {
            try {
                RuntimeException rebuilt = factory.apply(failure);
                if (rebuilt != null) {
                    return rebuilt;
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not rebuild remote exception {}.{} ({}); raising RemoteError instead",
                        module, failure.className(), e.toString());
            }
        }
        return new RemoteError(failure.className(), failure.message(), failure.traceback());
    }

    /** Collects (module, class) → factory entries. */
    public static final class Builder {
        private final Map<String, Function<RemoteFailure, ? extends RuntimeException>> factories = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder register(String module, String className, Function<RemoteFailure, ? extends RuntimeException> factory) {
            Objects.requireNonNull(module, "module");
            Objects.requireNonNull(className, "className");
            Objects.requireNonNull(factory, "factory");
            factories.put(module + "." + className, factory);
            return this;
        }

        public RemoteExceptions build() {
            return new RemoteExceptions(factories);
        }
    }
}
