package org.tandem.rpc;

/** Base of every error raised by the messaging layer (oslo.messaging's MessagingException). */
public class MessagingException extends RuntimeException {
    public MessagingException(String message) {
        super(message);
    }

    public MessagingException(String message, Throwable cause) {
        super(message, cause);
    }
}
