package org.tandem.rpc;

/**
 * Some endpoint accepts the message's namespace and version but none has the method. Travels as
 * oslo's {@code oslo_messaging.rpc.dispatcher.NoSuchMethod}: {@code Endpoint does not support RPC method NAME}.
 */
public class NoSuchRpcMethodException extends MessagingException implements WireException {
    private static final String PREFIX = "Endpoint does not support RPC method ";
    private final String method;

    public NoSuchRpcMethodException(String method) {
        super(PREFIX + method);
        this.method = method;
    }

    /** Rebuilds the exception from a received failure message. */
    static NoSuchRpcMethodException fromRemote(String message) {
        return new NoSuchRpcMethodException(message != null && message.startsWith(PREFIX)
                ? message.substring(PREFIX.length()) : String.valueOf(message));
    }

    public String method() {
        return method;
    }

    @Override
    public String wireModule() {
        return UnsupportedVersionException.WIRE_MODULE;
    }

    @Override
    public String wireClass() {
        return "NoSuchMethod";
    }
}
