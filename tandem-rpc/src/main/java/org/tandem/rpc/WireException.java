package org.tandem.rpc;

import java.util.List;
import java.util.Map;

/**
 * An exception that knows how it looks to a Python peer in an oslo {@code failure}: its module
 * and class name, positional args and keyword args. Exceptions without this interface are sent
 * with their Java package as module (peers then see a RemoteError).
 */
public interface WireException {

    /** Python module name peers see, e.g. {@code nova.exception}. */
    String wireModule();

    /** Python class name peers see, e.g. {@code InstanceNotFound}. */
    String wireClass();

    /** Positional args; by default the message alone, as Python's {@code Exception(msg)}. */
    default List<Object> wireArgs() {
        String message = ((Throwable) this).getMessage();
        return message == null ? List.of() : List.of(message);
    }

    /** Keyword args (NovaException: the format parameters plus {@code code}). */
    default Map<String, Object> wireKwargs() {
        return Map.of();
    }
}
