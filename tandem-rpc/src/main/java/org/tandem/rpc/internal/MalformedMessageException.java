package org.tandem.rpc.internal;

import java.util.Map;

/**
 * A received body that cannot be used, with the reason. When the call's {@code _msg_id} and
 * {@code _reply_q} could still be read they are carried so that the caller gets a failure reply.
 */
public class MalformedMessageException extends Exception {
    private final transient Map<String, Object> partial;
    private final String failureClass;
    private final transient Object version;

    public MalformedMessageException(String reason, Map<String, Object> partial, String failureClass) {
        this(reason, partial, failureClass, null);
    }

    /** With the envelope version that was refused. */
    public MalformedMessageException(String reason, Map<String, Object> partial, String failureClass, Object version) {
        super(reason);
        this.partial = partial;
        this.failureClass = failureClass;
        this.version = version;
    }

    /** The refused envelope version as received, or null. */
    public Object version() {
        return version;
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
