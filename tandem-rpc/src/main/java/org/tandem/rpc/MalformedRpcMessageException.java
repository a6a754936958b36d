package org.tandem.rpc;

/**
 * A request's inner message cannot be dispatched because its shape is wrong: no {@code method},
 * {@code args} not an object, a non-string namespace or an unparsable version. Travels as
 * Python's {@code builtins.ValueError}.
 */
public class MalformedRpcMessageException extends MessagingException implements WireException {
    public MalformedRpcMessageException(String message) {
        super(message);
    }

    @Override
    public String wireModule() {
        return "builtins";
    }

    @Override
    public String wireClass() {
        return "ValueError";
    }
}
