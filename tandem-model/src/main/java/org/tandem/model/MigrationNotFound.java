package org.tandem.model;

import java.util.Map;

/** A missing migration. Wire class {@code nova.exception.MigrationNotFound}. */
public class MigrationNotFound extends ModelException {
    public MigrationNotFound(Object migrationId) {
        this(String.format("Migration %s could not be found.", migrationId), Map.of("migration_id", String.valueOf(migrationId)));
    }

    /** Rebuilds the exception from a remote failure's message and kwargs. */
    public MigrationNotFound(String message, Map<String, ?> kwargs) {
        super(message, kwargs);
    }

    @Override
    protected int defaultCode() {
        return 404;
    }
}
