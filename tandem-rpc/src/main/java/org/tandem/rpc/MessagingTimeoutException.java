package org.tandem.rpc;

/** No reply arrived in time: {@code Timed out waiting for a reply to message ID <id>}. */
public class MessagingTimeoutException extends MessagingException {
    private final String msgId;

    public MessagingTimeoutException(String msgId) {
        this(msgId, "Timed out waiting for a reply to message ID " + msgId);
    }

    public MessagingTimeoutException(String msgId, String message) {
        super(message);
        this.msgId = msgId;
    }

    public String msgId() {
        return msgId;
    }
}
