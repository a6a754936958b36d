package org.tandem.rpc.amqp.internal;

import java.util.Map;

/**
 * A received body that cannot be used, with the reason. When the call's {@code _msg_id} and
 * {@code _reply_q} could still be read they are carried so that the caller gets a failure reply.
 */
public class MalformedMessageException extends Exception {
    private final transient Map<String, Object> partial;
    private final String failureClass;

    public MalformedMessageException(String reason, Map<String, Object> partial, String failureClass) {
        super(reason);
        this.partial = partial;
        this.failureClass = failureClass;
    }

    /** The decoded dict, when there is one (null otherwise). */
    public Map<String, Object> partial() {
        return partial;
    }

    /** Remote class name to report in a failure reply. */
    public String failureClass() {
        return failureClass;
    }
}
