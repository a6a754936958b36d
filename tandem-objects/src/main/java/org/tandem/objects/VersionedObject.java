package org.tandem.objects;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tandem.version.Version;

/**
 * Base class of every versioned object: values stored by field index as declared in the class's
 * {@link ObjectSchema}, change tracking, lazy loading of unset fields, and conversion to the
 * oslo.versionedobjects primitive at any supported version.
 *
 * <p>An object in memory has no wire version to branch on: {@link #version()} is the version it
 * was created at (the current one) or hydrated at (an older sender's), and only bounds which
 * target versions {@link #toPrimitive(Version)} may produce.
 */
public abstract class VersionedObject {
    static final Object UNSET = new Object() {
        @Override
        public String toString() {
            return "<?>";
        }
    };

    private final ObjectSchema<?> schema;
    final Object[] values;
    final boolean[] changed;
    Version version;

    protected VersionedObject(ObjectSchema<?> schema) {
        if (schema == null) {
            throw new SchemaDefinitionException(getClass().getName()
                    + " was instantiated before its SCHEMA constant was built; declare SCHEMA before any instance is created");
        }
        this.schema = schema;
        this.values = schema.unsetValues();
        this.changed = new boolean[values.length];
        this.version = schema.currentVersion();
    }

    public ObjectSchema<?> schema() {
        return schema;
    }

    public String objectName() {
        return schema.name();
    }

    /** The version this object represents: current for new objects, the sender's for hydrated ones. */
    public Version version() {
        return version;
    }

    private FieldDef<?> own(FieldDef<?> f) {
        int i = f.index;
        if (i < 0 || i >= values.length || schema.fieldAt(i) != f) {
            FieldDef<?> byName = schema.field(f.name());
            if (byName == null) {
                throw new UnknownFieldException(schema.name(), f.name());
            }
            if (!byName.type().describe().equals(f.type().describe())) {
                // a definition of another class with the same name but another type: refuse, or the
                // typed getter would hand out a value of the wrong class
                throw new UnknownFieldException(schema.name(), f.name() + "' of type " + f.type().describe()
                        + " (this object's '" + f.name() + "' is " + byName.type().describe() + ")");
            }
            return byName;
        }
        return f;
    }

    private FieldDef<?> field(String name) {
        FieldDef<?> f = schema.field(name);
        if (f == null) {
            throw new UnknownFieldException(schema.name(), name);
        }
        return f;
    }

    /** Reads a field, lazy-loading it through {@link #loadAttribute} when unset. */
    @SuppressWarnings("unchecked")
    public final <V> V get(FieldDef<V> field) {
        FieldDef<?> f = own(field);
        Object v = values[f.index];
        if (v == UNSET) {
            loadAttribute(f.name());
            v = values[f.index];
            if (v == UNSET) {
                throw new LazyLoadException(getClass().getSimpleName() + ".loadAttribute('" + f.name()
                        + "') returned without setting the field");
            }
        }
        return (V) v;
    }

    /** Reads a field by name (lazy-loading like {@link #get(FieldDef)}). */
    public final Object get(String name) {
        return get(field(name));
    }

    /** Assigns a field: coerces the value, enforces read-only, marks the field changed. */
    public final <V> void set(FieldDef<V> field, V value) {
        setRaw(own(field), value);
    }

    /** Assigns a field by name with any coercible value (e.g. {@code "5"} to an Integer field). */
    public final void set(String name, Object value) {
        setRaw(field(name), value);
    }

    private void setRaw(FieldDef<?> f, Object raw) {
        Object v = f.coerce(raw);
        int i = f.index;
        if (f.isReadOnly() && values[i] != UNSET) {
            if (!Objects.equals(values[i], v)) {
                throw new ReadOnlyFieldError(f.name());
            }
            return;
        }
        values[i] = v;
        changed[i] = true;
    }

    /** True when the field holds a value (possibly null); reading an unset field lazy-loads it. */
    public final boolean isSet(FieldDef<?> field) {
        return values[own(field).index] != UNSET;
    }

    public final boolean isSet(String name) {
        return values[field(name).index] != UNSET;
    }

    /** Removes a field's value (OVO {@code delattr}); it becomes unset and is omitted from primitives. */
    public final void unset(FieldDef<?> field) {
        FieldDef<?> f = own(field);
        values[f.index] = UNSET;
    }

    /**
     * Loads an unset field on first read (OVO {@code obj_load_attr}). Overrides must assign the
     * field (via {@link #set}) or throw; the base class cannot load anything.
     */
    protected void loadAttribute(String fieldName) {
        throw new LazyLoadException("Cannot load '" + fieldName + "' in the base class");
    }

    /** Sets every given field (all fields with a default if none given) that is unset to its default. */
    public final void setDefaults(FieldDef<?>... fields) {
        if (fields.length == 0) {
            for (int i = 0; i < values.length; i++) {
                FieldDef<?> f = schema.fieldAt(i);
                if (f.hasDefault() && values[i] == UNSET) {
                    setRaw(f, f.defaultValue());
                }
            }
            return;
        }
        for (FieldDef<?> field : fields) {
            FieldDef<?> f = own(field);
            if (!f.hasDefault()) {
                throw new FieldValueException("No default set for field " + f.name());
            }
            if (values[f.index] == UNSET) {
                setRaw(f, f.defaultValue());
            }
        }
    }

    /** Names of changed fields, plus object fields whose child reports changes (declaration order). */
    public Set<String> whatChanged() {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < values.length; i++) {
            if (changed[i] || childChanged(i)) {
                out.add(schema.fieldAt(i).name());
            }
        }
        return out;
    }

    boolean childChanged(int i) {
        return values[i] instanceof VersionedObject child && child.hasChanges();
    }

    /** True when {@link #whatChanged()} would not be empty (without building the set). */
    public boolean hasChanges() {
        for (int i = 0; i < values.length; i++) {
            if (changed[i] || childChanged(i)) {
                return true;
            }
        }
        return false;
    }

    /** Changed fields and their values. */
    public Map<String, Object> getChanges() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : whatChanged()) {
            out.put(name, values[schema.field(name).index]);
        }
        return out;
    }

    /** Clears all change marks (values are kept). */
    public void resetChanges() {
        resetChanges(null, false);
    }

    /**
     * Clears the change marks of {@code fields} (all when null or empty). With {@code recursive},
     * child objects in those fields are reset completely too.
     */
    public void resetChanges(Collection<String> fields, boolean recursive) {
        boolean all = fields == null || fields.isEmpty();
        if (recursive) {
            for (String name : whatChanged()) {
                if (!all && !fields.contains(name)) {
                    continue;
                }
                Object v = values[schema.field(name).index];
                if (v instanceof VersionedObject child) {
                    child.resetChanges(null, true);
                } else if (v instanceof List<?> list) {
                    for (Object e : list) {
                        if (e instanceof VersionedObject child) {
                            child.resetChanges(null, true);
                        }
                    }
                }
            }
        }
        if (all) {
            java.util.Arrays.fill(changed, false);
        } else {
            for (String name : fields) {
                FieldDef<?> f = schema.field(name);
                if (f != null) {
                    changed[f.index] = false;
                }
            }
        }
    }

    /** The primitive at this object's own version. */
    public final Map<String, Object> toPrimitive() {
        return new Encoder().encode(this, null, null);
    }

    /** The primitive backported to {@code target} (child versions from the childVersion tables). */
    public final Map<String, Object> toPrimitive(Version target) {
        return new Encoder().encode(this, Objects.requireNonNull(target, "target"), null);
    }

    /**
     * The primitive backported to the receiver's manifest (object name → version, as sent with
     * {@code object_backport_versions}); this object goes at {@code manifest.get(objectName())}.
     */
    public final Map<String, Object> toPrimitive(Map<String, Version> manifest) {
        Version target = manifest.get(schema.name());
        if (target == null) {
            throw new UnsupportedObjectError(schema.name() + " (absent from the version manifest " + manifest.keySet() + ")");
        }
        return new Encoder().encode(this, target, manifest);
    }

    /** OVO's {@code obj_to_primitive(target_version, version_manifest)}: both may be null. */
    public final Map<String, Object> toPrimitive(Version target, Map<String, Version> manifest) {
        return new Encoder().encode(this, target, manifest);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(schema.name()).append('(');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = values[i];
            sb.append(schema.fieldAt(i).name()).append('=');
            if (v instanceof VersionedObject vo) {
                sb.append(vo.objectName());
            } else {
                sb.append(v);
            }
        }
        return sb.append(')').toString();
    }
}
