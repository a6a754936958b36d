package org.tandem.db.repository;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.tandem.db.Jdbc;
import org.tandem.db.MarkerNotFoundException;
import org.tandem.db.Row;
import org.tandem.db.RowMapper;

/**
 * A table described by its row record: each record component {@code fooBar} is column
 * {@code foo_bar}. Gives the repositories validated inserts, updates, filtered and paged lists,
 * and soft delete ({@code deleted = id}).
 */
final class Table<R extends Record> {
    static final Set<String> BOOKKEEPING = Set.of("id", "created_at", "updated_at", "deleted_at", "deleted");

    final String name;
    final String markerColumn;
    private final Jdbc jdbc;
    private final Map<String, Class<?>> columns = new LinkedHashMap<>();
    private final Constructor<R> constructor;
    private final RecordComponent[] components;
    private final String[] componentColumns;
    final RowMapper<R> mapper;

    Table(Jdbc jdbc, String name, Class<R> type, String markerColumn) {
        this.jdbc = jdbc;
        this.name = name;
        this.markerColumn = markerColumn;
        this.components = type.getRecordComponents();
        this.componentColumns = new String[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            componentColumns[i] = snake(components[i].getName());
            if (types[i] != Map.class) {
                columns.put(componentColumns[i], boxed(types[i]));
            }
        }
        try {
            this.constructor = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("record " + type + " has no canonical constructor", e);
        }
        this.mapper = this::map;
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Class<?> boxed(Class<?> t) {
        if (t == long.class) {
            return Long.class;
        }
        if (t == int.class) {
            return Integer.class;
        }
        if (t == boolean.class) {
            return Boolean.class;
        }
        if (t == double.class) {
            return Double.class;
        }
        return t;
    }

    private R map(Row row) throws SQLException {
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> t = components[i].getType();
            String col = componentColumns[i];
            Object v;
            if (t == String.class) {
                v = row.string(col);
            } else if (t == Integer.class || t == int.class) {
                v = row.integer(col);
            } else if (t == Long.class || t == long.class) {
                v = row.longValue(col);
            } else if (t == Boolean.class || t == boolean.class) {
                v = row.bool(col);
            } else if (t == Double.class || t == double.class) {
                v = row.doubleValue(col);
            } else if (t == Instant.class) {
                v = row.instant(col);
            } else if (t == Map.class) {
                v = Map.of();
            } else {
                throw new IllegalStateException("unsupported column type " + t + " for " + name + "." + col);
            }
            if (v == null && t.isPrimitive()) {
                v = t == boolean.class ? Boolean.FALSE : t == double.class ? 0.0 : t == long.class ? 0L : 0;
            }
            args[i] = v;
        }
        try {
            return constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot build " + constructor.getDeclaringClass().getSimpleName(), e);
        }
    }

    /** Checks caller-supplied values: known, writable columns with values of the column's type. */
    Map<String, Object> checkValues(Map<String, ?> values, Set<String> notWritable) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String col = e.getKey();
            Class<?> type = columns.get(col);
            if (type == null || BOOKKEEPING.contains(col) || notWritable.contains(col)) {
                Set<String> writable = new TreeSet<>(columns.keySet());
                writable.removeAll(BOOKKEEPING);
                writable.removeAll(notWritable);
                throw new IllegalArgumentException("Column '" + col + "' of " + name + " cannot be written"
                        + (type == null ? " (no such column)" : " here") + "; writable columns: " + writable);
            }
            out.put(col, coerce(col, type, e.getValue()));
        }
        return out;
    }

    private Object coerce(String col, Class<?> type, Object v) {
        if (v == null || type.isInstance(v)) {
            return v;
        }
        if (v instanceof Number n && (type == Integer.class || type == Long.class || type == Double.class)) {
            if (type == Integer.class) {
                return Math.toIntExact(n.longValue());
            }
            return type == Long.class ? (Object) n.longValue() : (Object) n.doubleValue();
        }
        throw new IllegalArgumentException("Column " + name + "." + col + " takes " + type.getSimpleName()
                + ", got " + v.getClass().getSimpleName() + " (" + v + ")");
    }

    boolean hasColumn(String column) {
        return columns.containsKey(column);
    }

    long insert(Map<String, Object> values) {
        Map<String, Object> row = new LinkedHashMap<>(values);
        Instant now = jdbc.now();
        row.putIfAbsent("created_at", now);
        row.put("deleted", 0);
        return jdbc.insert(name, row);
    }

    String deletedClause(ReadDeleted mode) {
        return switch (mode) {
            case NO -> "deleted = 0";
            case YES -> "1 = 1";
            case ONLY -> "deleted <> 0";
        };
    }

    /** Updates columns of the rows matching {@code where}; sets {@code updated_at}. */
    int update(Map<String, Object> values, String where, Object... whereParams) {
        Map<String, Object> set = new LinkedHashMap<>(values);
        set.put("updated_at", jdbc.now());
        StringJoiner sj = new StringJoiner(", ");
        List<Object> params = new ArrayList<>();
        for (Map.Entry<String, Object> e : set.entrySet()) {
            sj.add('"' + e.getKey() + "\" = ?");
            params.add(e.getValue());
        }
        params.addAll(List.of(whereParams));
        return jdbc.update("UPDATE " + name + " SET " + sj + " WHERE " + where, params.toArray());
    }

    /** Soft-deletes rows matching {@code where} (which must exclude deleted rows): deleted = id. */
    int softDelete(String where, Object... params) {
        Instant now = jdbc.now();
        Object[] all = new Object[params.length + 2];
        all[0] = now;
        all[1] = now;
        System.arraycopy(params, 0, all, 2, params.length);
        return jdbc.update("UPDATE " + name + " SET deleted = id, deleted_at = ?, updated_at = ? WHERE deleted = 0 AND "
                + where, all);
    }

    List<R> select(String where, Object... params) {
        return jdbc.query("SELECT * FROM " + name + " WHERE " + where, mapper, params);
    }

    List<R> list(ListQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(name).append(" WHERE ")
                .append(deletedClause(q.readDeleted()));
        List<Object> params = new ArrayList<>();
        for (Map.Entry<String, Object> f : q.filters().entrySet()) {
            String col = checkFilterColumn(f.getKey());
            Object v = f.getValue();
            if (v == null) {
                sql.append(" AND \"").append(col).append("\" IS NULL");
            } else if (v instanceof Collection<?> c) {
                List<Object> nonNull = new ArrayList<>();
                boolean withNull = false;
                for (Object o : c) {
                    if (o == null) {
                        withNull = true;
                    } else {
                        nonNull.add(o);
                    }
                }
                StringJoiner or = new StringJoiner(" OR ", " AND (", ")");
                or.setEmptyValue(" AND 1 = 0");
                if (!nonNull.isEmpty()) {
                    or.add("\"" + col + "\" IN (" + "?, ".repeat(nonNull.size() - 1) + "?)");
                    params.addAll(nonNull);
                }
                if (withNull) {
                    or.add("\"" + col + "\" IS NULL");
                }
                sql.append(or);
            } else {
                sql.append(" AND \"").append(col).append("\" = ?");
                params.add(v);
            }
        }
        for (Map.Entry<String, Object> m : q.minimums().entrySet()) {
            sql.append(" AND \"").append(checkFilterColumn(m.getKey())).append("\" >= ?");
            params.add(m.getValue());
        }
        if (q.marker() != null) {
            List<Long> ids = jdbc.query("SELECT id FROM " + name + " WHERE \"" + markerColumn + "\" = ? AND "
                    + deletedClause(q.readDeleted()), r -> r.longValue("id"), markerValue(q.marker()));
            if (ids.isEmpty()) {
                throw new MarkerNotFoundException(q.marker());
            }
            sql.append(" AND id ").append(q.descending() ? "<" : ">").append(" ?");
            params.add(ids.get(0));
        }
        sql.append(" ORDER BY id ").append(q.descending() ? "DESC" : "ASC");
        if (q.limit() != null) {
            sql.append(" LIMIT ").append(q.limit().intValue());
        }
        return jdbc.query(sql.toString(), mapper, params.toArray());
    }

    private Object markerValue(Object marker) {
        if ("id".equals(markerColumn) && !(marker instanceof Number)) {
            try {
                return Long.parseLong(marker.toString());
            } catch (NumberFormatException e) {
                throw new MarkerNotFoundException(marker);
            }
        }
        return marker;
    }

    private String checkFilterColumn(String col) {
        if (!columns.containsKey(col) || "deleted".equals(col)) {
            throw new IllegalArgumentException("Cannot filter " + name + " on '" + col + "'; columns: "
                    + new TreeSet<>(columns.keySet()) + " (use ReadDeleted for deleted rows)");
        }
        return col;
    }
}
