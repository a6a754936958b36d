package org.tandem.model.db;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.tandem.objects.VersionedObject;

/** Row records to objects (by snake_case component name) and object changes to column values. */
final class RowMapping {
    /** Fields the database maintains itself or that live in other tables. */
    static final Set<String> NOT_COLUMNS = Set.of("id", "created_at", "updated_at", "deleted_at", "deleted", "metadata",
            "system_metadata", "extra_specs", "flavor", "old_flavor", "new_flavor");

    private RowMapping() {
    }

    /** Copies every row component whose snake_case name is a field of {@code obj}, then resets changes. */
    static <T extends VersionedObject> T fill(T obj, Record row, String... skip) {
        Set<String> skipped = Set.of(skip);
        for (RecordComponent c : row.getClass().getRecordComponents()) {
            String name = snake(c.getName());
            if (obj.schema().field(name) == null || skipped.contains(name)) {
                continue;
            }
            Object v;
            try {
                v = c.getAccessor().invoke(row);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + c + " of " + row.getClass().getSimpleName(), e);
            }
            if (name.equals("deleted") && v instanceof Number n) {
                v = n.longValue() != 0;
            } else if (v instanceof Instant i) {
                v = OffsetDateTime.ofInstant(i, ZoneOffset.UTC);
            } else if (v instanceof Integer i) {
                v = i.longValue();
            }
            obj.set(name, v);
        }
        obj.resetChanges();
        return obj;
    }

    /** Column values of the given fields (those that are set and are columns). */
    static Map<String, Object> values(VersionedObject obj, Collection<String> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String f : fields) {
            if (NOT_COLUMNS.contains(f) || !obj.isSet(f)) {
                continue;
            }
            Object v = obj.get(f);
            if (v instanceof OffsetDateTime t) {
                v = t.toInstant();
            }
            out.put(f, v);
        }
        return out;
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else if (Character.isDigit(ch) && i > 0 && !Character.isDigit(camel.charAt(i - 1))) {
                b.append('_').append(ch);
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
