package org.tandem.rpc;

import java.util.Objects;

/**
 * Wraps an exception an endpoint expects to raise (e.g. "instance not found"): the server sends
 * the wrapped cause back to the caller as usual but logs it at DEBUG, not ERROR (oslo's
 * ExpectedException idea).
 */
public class ExpectedException extends RuntimeException {
    public ExpectedException(Throwable cause) {
        super(Objects.requireNonNull(cause, "cause").getMessage(), cause, false, false);
    }
}
