package org.tandem.rpc;

/**
 * The keyword arguments of a request do not fit the endpoint method (missing required, unknown
 * or of the wrong type). Travels as Python's {@code builtins.TypeError}, which is what a Python
 * endpoint raises for the same mistake, so Python peers rebuild it as TypeError.
 */
public class InvalidRpcArgumentsException extends MessagingException implements WireException {
    public InvalidRpcArgumentsException(String message) {
        super(message);
    }

    @Override
    public String wireModule() {
        return "builtins";
    }

    @Override
    public String wireClass() {
        return "TypeError";
    }
}
