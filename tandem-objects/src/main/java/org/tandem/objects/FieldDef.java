package org.tandem.objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tandem.objects.fields.FieldType;
import org.tandem.version.Version;

/**
 * The declaration of one field: name, type, nullability, default, read-only flag, the object
 * version that introduced it ({@link #since}), whether its value may be dropped silently when
 * backporting ({@link #droppable}), and for object fields the parent→child version table.
 *
 * <p>Immutable: each modifier returns a copy. Register it with {@link ObjectSchema.Builder#field}
 * and keep the returned instance as a {@code public static final} constant of the object class.
 *
 * @param <V> the Java type of the value
 */
public final class FieldDef<V> {
    private static final Object NO_DEFAULT = new Object();

    private final String name;
    private final FieldType<V> type;
    private final boolean nullable;
    private final Object defaultValue;
    private final boolean readOnly;
    private final Version since;
    private final boolean droppable;
    private final List<ChildVersion> childVersions;
    final int index;

    private FieldDef(String name, FieldType<V> type, boolean nullable, Object defaultValue, boolean readOnly,
            Version since, boolean droppable, List<ChildVersion> childVersions, int index) {
        this.name = name;
        this.type = type;
        this.nullable = nullable;
        this.defaultValue = defaultValue;
        this.readOnly = readOnly;
        this.since = since;
        this.droppable = droppable;
        this.childVersions = List.copyOf(childVersions);
        this.index = index;
    }

    /** A non-nullable field without default, present since the first version. */
    public static <V> FieldDef<V> of(String name, FieldType<V> type) {
        if (name == null || name.isEmpty()) {
            throw new SchemaDefinitionException("a field needs a non-empty name");
        }
        return new FieldDef<>(name, Objects.requireNonNull(type, "type"), false, NO_DEFAULT, false, null, false, List.of(), -1);
    }

    /** The field accepts null (encoded as JSON null). */
    public FieldDef<V> nullable() {
        return new FieldDef<>(name, type, true, defaultValue, readOnly, since, droppable, childVersions, index);
    }

    /** Value used by {@link VersionedObject#setDefaults} and when null is assigned to a non-nullable field. */
    public FieldDef<V> defaultValue(V value) {
        return new FieldDef<>(name, type, nullable, value, readOnly, since, droppable, childVersions, index);
    }

    /** Once set, the value may not change (ReadOnlyFieldError). */
    public FieldDef<V> readOnly() {
        return new FieldDef<>(name, type, nullable, defaultValue, true, since, droppable, childVersions, index);
    }

    /** The object version that added this field; backports to older versions remove it. */
    public FieldDef<V> since(Version version) {
        return new FieldDef<>(name, type, nullable, defaultValue, readOnly, Objects.requireNonNull(version), droppable,
                childVersions, index);
    }

    /**
     * Allows backports to drop a non-default value of this field silently (OVO's behaviour for
     * every field). Without it, dropping a value raises {@link BackportDataLossException}.
     */
    public FieldDef<V> droppable() {
        return new FieldDef<>(name, type, nullable, defaultValue, readOnly, since, true, childVersions, index);
    }

    /**
     * Adds a row to the child version table of an object field (OVO {@code obj_relationships}):
     * sent at {@code parent}, the child is backported to {@code child}. Rows must ascend; the
     * first row's parent version is when the field appeared (it becomes {@link #since}).
     */
    public FieldDef<V> childVersion(Version parent, Version child) {
        List<ChildVersion> rows = new ArrayList<>(childVersions);
        rows.add(new ChildVersion(parent, child));
        return new FieldDef<>(name, type, nullable, defaultValue, readOnly, since, droppable, rows, index);
    }

    FieldDef<V> withIndex(int i, Version first) {
        Version s = since;
        if (!childVersions.isEmpty()) {
            Version firstParent = childVersions.get(0).parent();
            if (s != null && !s.equals(firstParent)) {
                throw new SchemaDefinitionException("field '" + name + "': since(" + s + ") contradicts the first childVersion row ("
                        + firstParent + "); the child field appears when its first row says");
            }
            s = firstParent;
        }
        return new FieldDef<>(name, type, nullable, defaultValue, readOnly, s == null ? first : s, droppable, childVersions, i);
    }

    public String name() {
        return name;
    }

    public FieldType<V> type() {
        return type;
    }

    public boolean isNullable() {
        return nullable;
    }

    public boolean hasDefault() {
        return defaultValue != NO_DEFAULT;
    }

    /** The declared default (uncoerced), or null when there is none. */
    public Object defaultValue() {
        return hasDefault() ? defaultValue : null;
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** The version that introduced the field (the first version of the object unless declared). */
    public Version since() {
        return since;
    }

    public boolean isDroppable() {
        return droppable;
    }

    public List<ChildVersion> childVersions() {
        return childVersions;
    }

    /** Position in the schema (declaration order). */
    public int index() {
        return index;
    }

    /** Coerces an assigned value, applying null rules: nullable → null, else default, else error. */
    V coerce(Object raw) {
        if (raw == null) {
            if (nullable) {
                return null;
            }
            if (hasDefault()) {
                return defaultValue == null ? null : type.coerce(defaultValue, name);
            }
            throw new FieldValueException("Field `" + name + "' cannot be None");
        }
        return type.coerce(raw, name);
    }

    /** One line describing everything that affects the wire format (used in fingerprints). */
    String fingerprintText() {
        StringBuilder sb = new StringBuilder(name).append(':').append(type.describe());
        sb.append(nullable ? ",nullable" : "");
        if (hasDefault()) {
            sb.append(",default=").append(defaultValue);
        }
        sb.append(readOnly ? ",readOnly" : "").append(",since=").append(since).append(droppable ? ",droppable" : "");
        for (ChildVersion c : childVersions) {
            sb.append(",(").append(c.parent()).append("->").append(c.child()).append(')');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return fingerprintText();
    }
}
