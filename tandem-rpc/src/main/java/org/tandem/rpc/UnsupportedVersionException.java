package org.tandem.rpc;

/**
 * No endpoint of a server accepts the message's namespace and version. Travels as oslo's
 * {@code oslo_messaging.rpc.dispatcher.UnsupportedVersion}:
 * {@code Endpoint does not support RPC version X.Y. Attempted method: NAME}.
 */
public class UnsupportedVersionException extends MessagingException implements WireException {
    public static final String WIRE_MODULE = "oslo_messaging.rpc.dispatcher";

    private final String version;
    private final String method;

    public UnsupportedVersionException(String version, String method) {
        super(method == null ? "Endpoint does not support RPC version " + version
                : "Endpoint does not support RPC version " + version + ". Attempted method: " + method);
        this.version = version;
        this.method = method;
    }

    /** Rebuilds the exception from a received failure (text kept as sent). */
    static UnsupportedVersionException fromRemote(String message) {
        return new UnsupportedVersionException(message, null, null);
    }

    private UnsupportedVersionException(String message, String version, String method) {
        super(message);
        this.version = version;
        this.method = method;
    }

    /** The requested version, or null when rebuilt from a remote failure. */
    public String version() {
        return version;
    }

    public String method() {
        return method;
    }

    @Override
    public String wireModule() {
        return WIRE_MODULE;
    }

    @Override
    public String wireClass() {
        return "UnsupportedVersion";
    }
}
