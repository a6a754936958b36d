package org.tandem.model;

import java.util.Map;

/** A remotable call on an object that has no backend. Wire class {@code nova.exception.OrphanedObjectError}. */
public class OrphanedObjectError extends ModelException {
    public OrphanedObjectError(Object method, Object objtype) {
        this(String.format("Cannot call %s on orphaned %s object", method, objtype), Map.of("method", String.valueOf(method), "objtype", String.valueOf(objtype)));
    }

    /** Rebuilds the exception from a remote failure's message and kwargs. */
    public OrphanedObjectError(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }

    @Override
    protected int defaultCode() {
        return 500;
    }
}
