package org.tandem.model;

import java.util.Map;

/** Raised when a service without database access (compute) tries to use it. Wire class {@code nova.exception.DBNotAllowed}. */
public class DBNotAllowed extends ModelException {
    public DBNotAllowed(Object binary) {
        this(String.format("%s attempted direct database access which is not allowed by policy", binary), Map.of("binary", String.valueOf(binary)));
    }

    /** Rebuilds the exception from a remote failure's message and kwargs. */
    public DBNotAllowed(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }

    @Override
    protected int defaultCode() {
        return 500;
    }
}
