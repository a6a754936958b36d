package org.tandem.broker;

/** The embedded broker could not start (port in use, bad configuration, missing plugin jar). */
public class BrokerStartException extends RuntimeException {
    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
