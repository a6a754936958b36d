package org.tandem.db.repository;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@code list} call returns: equality filters (a {@code null} value means IS NULL, a
 * {@link java.util.Collection} means IN), lower bounds ({@code column >= value}), soft-delete
 * handling, and paging by {@code limit} and {@code marker} (the key of the last row of the
 * previous page: an instance uuid, a flavorid, else the row id). Rows are ordered by id, oldest
 * first unless {@link #descending()}. Immutable; each {@code with} method returns a copy.
 */
public record ListQuery(Map<String, Object> filters, Map<String, Object> minimums, ReadDeleted readDeleted,
        Integer limit, Object marker, boolean descending) {

    public ListQuery {
        filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
        minimums = Collections.unmodifiableMap(new LinkedHashMap<>(minimums));
        if (readDeleted == null) {
            readDeleted = ReadDeleted.NO;
        }
        if (limit != null && limit < 0) {
            throw new IllegalArgumentException("limit must be zero or positive, got " + limit);
        }
    }

    /** Every live row, oldest first. */
    public static ListQuery all() {
        return new ListQuery(Map.of(), Map.of(), ReadDeleted.NO, null, null, false);
    }

    /** Shortcut for {@code all().where(column, value)}. */
    public static ListQuery where(String column, Object value, Object... more) {
        ListQuery q = all().and(column, value);
        if (more.length % 2 != 0) {
            throw new IllegalArgumentException("where() takes column/value pairs; got an odd number of arguments");
        }
        for (int i = 0; i < more.length; i += 2) {
            q = q.and(String.valueOf(more[i]), more[i + 1]);
        }
        return q;
    }

    public ListQuery and(String column, Object value) {
        Map<String, Object> f = new LinkedHashMap<>(filters);
        f.put(column, value);
        return new ListQuery(f, minimums, readDeleted, limit, marker, descending);
    }

    public ListQuery atLeast(String column, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(minimums);
        m.put(column, value);
        return new ListQuery(filters, m, readDeleted, limit, marker, descending);
    }

    public ListQuery withReadDeleted(ReadDeleted mode) {
        return new ListQuery(filters, minimums, mode, limit, marker, descending);
    }

    public ListQuery withLimit(Integer newLimit) {
        return new ListQuery(filters, minimums, readDeleted, newLimit, marker, descending);
    }

    public ListQuery withMarker(Object newMarker) {
        return new ListQuery(filters, minimums, readDeleted, limit, newMarker, descending);
    }

    public ListQuery newestFirst() {
        return new ListQuery(filters, minimums, readDeleted, limit, marker, true);
    }
}
