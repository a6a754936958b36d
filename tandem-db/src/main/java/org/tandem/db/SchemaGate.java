package org.tandem.db;

import java.util.Optional;

/**
 * A precondition of a schema version: {@link SchemaManager#sync} checks it before applying any
 * migration at or beyond {@link #version()}, and refuses with the gate's message while it does not
 * hold (the way Nova's Liberty migration 291 refused until every flavor was migrated). Gates are
 * declared in {@link SchemaVersions#GATES}.
 */
public interface SchemaGate {
    /** The schema version that needs this precondition. */
    int version();

    /** Why {@code db} may not reach {@link #version()} yet, with what to run; empty when it may. */
    Optional<String> refusal(Database db);
}
