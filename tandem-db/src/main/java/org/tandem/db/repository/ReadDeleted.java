package org.tandem.db.repository;

/** Which rows a read sees with respect to soft delete (Nova's {@code read_deleted}). */
public enum ReadDeleted {
    /** Only live rows ({@code deleted = 0}); the default. */
    NO,
    /** Live and soft-deleted rows. */
    YES,
    /** Only soft-deleted rows. */
    ONLY
}
