package org.tandem.model.db.migration;

/**
 * One online data migration (facts §6.1): moves data written by an older release into the shape
 * the current release writes, while every service keeps running. Implementations must be
 * idempotent (a rerun finds only what is left), migrate at most the number of records asked for,
 * and commit their work in small transactions so that a crash loses nothing.
 */
public interface OnlineMigration {
    /** What a call found and did: {@code found} records that need the migration (up to the count asked), {@code done} migrated. */
    record Result(int found, int done) {
        public Result {
            if (found < 0 || done < 0 || done > found) {
                throw new IllegalArgumentException("need 0 <= done <= found, got found=" + found + " done=" + done);
            }
        }
    }

    /** The name operators see in {@code nova-manage db online_data_migrations} (unique). */
    String name();

    /**
     * Migrates at most {@code maxCount} records. Successive calls on the same object continue
     * after the records the previous calls looked at; a new object starts from the beginning.
     */
    Result migrate(int maxCount);
}
