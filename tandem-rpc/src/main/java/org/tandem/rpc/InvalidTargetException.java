package org.tandem.rpc;

/** A target cannot be used for the requested operation, e.g. a call with fanout (oslo InvalidTarget). */
public class InvalidTargetException extends MessagingException {
    private final Target target;

    public InvalidTargetException(String message, Target target) {
        super(message + ":" + target);
        this.target = target;
    }

    public Target target() {
        return target;
    }
}
