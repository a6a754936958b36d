package org.tandem.objects;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.tandem.objects.fields.FieldType;
import org.tandem.objects.fields.Fields;
import org.tandem.version.Version;

/**
 * The declarative description of one versioned object class: name, namespaces, version history
 * (one line per bump), fields with the version that introduced each, child version tables and
 * backport rules. Built once per class by {@link Builder}; all per-field tables are precomputed
 * so encoding and decoding never use reflection.
 *
 * @param <T> the Java class of the object
 */
public final class ObjectSchema<T extends VersionedObject> {
    /** One version of the object and what changed in it. */
    public record HistoryEntry(Version version, String change) {
    }

    /** A backport rule applied when the target is older than {@code below}. */
    public record Rule<T extends VersionedObject>(Version below, String description, BackportRule<T> rule) {
    }

    static final String OBJECTS = "objects";

    private final String name;
    private final ObjectNamespace namespace;
    private final Class<T> javaType;
    private final Supplier<T> factory;
    private final List<HistoryEntry> history;
    private final Version current;
    private final FieldDef<?>[] fields;
    private final Map<String, FieldDef<?>> byName;
    private final FieldDef<?>[] objectFields;
    private final List<Rule<T>> rules;
    private final boolean list;
    private final List<ChildVersion> listChildVersions;
    private final List<String> fieldNames;

    private ObjectSchema(Builder<T> b) {
        this.name = b.name;
        this.namespace = b.namespace;
        this.javaType = b.javaType;
        this.factory = b.factory;
        this.history = List.copyOf(b.history);
        this.current = history.get(history.size() - 1).version();
        this.fields = b.fields.toArray(new FieldDef<?>[0]);
        Map<String, FieldDef<?>> m = new HashMap<>(fields.length * 2);
        List<FieldDef<?>> objs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (FieldDef<?> f : fields) {
            m.put(f.name(), f);
            names.add(f.name());
            if (f.type().objectName() != null) {
                objs.add(f);
            }
        }
        this.byName = m;
        this.fieldNames = Collections.unmodifiableList(names);
        this.objectFields = objs.toArray(new FieldDef<?>[0]);
        this.rules = List.copyOf(b.rules);
        this.list = b.list;
        this.listChildVersions = List.copyOf(b.listChildVersions);
    }

    /** Starts the schema of an ordinary object class. */
    public static <T extends VersionedObject> Builder<T> builder(String name, ObjectNamespace namespace, Class<T> javaType,
            Supplier<T> factory) {
        return new Builder<>(name, namespace, javaType, factory, null, null);
    }

    /**
     * Starts the schema of a list object ({@link ObjectList}): its single field {@code objects}
     * holds elements of {@code elementName}.
     */
    public static <T extends ObjectList<E>, E extends VersionedObject> Builder<T> listBuilder(String name,
            ObjectNamespace namespace, Class<T> javaType, Supplier<T> factory, String elementName, Class<E> elementType) {
        return new Builder<>(name, namespace, javaType, factory, elementName, elementType);
    }

    public String name() {
        return name;
    }

    public ObjectNamespace namespace() {
        return namespace;
    }

    public Class<T> javaType() {
        return javaType;
    }

    /** The newest version (the last history entry). */
    public Version currentVersion() {
        return current;
    }

    public List<HistoryEntry> history() {
        return history;
    }

    /** Fields in declaration order. */
    public List<FieldDef<?>> fields() {
        return List.of(fields);
    }

    public List<String> fieldNames() {
        return fieldNames;
    }

    /** The field of that name, or null. */
    public FieldDef<?> field(String fieldName) {
        return byName.get(fieldName);
    }

    public List<Rule<T>> rules() {
        return rules;
    }

    public boolean isList() {
        return list;
    }

    /** For list objects: list version → element version (OVO {@code child_versions}); may be empty. */
    public List<ChildVersion> listChildVersions() {
        return listChildVersions;
    }

    /** A new empty instance. */
    public T newInstance() {
        return factory.get();
    }

    /** A fresh value array with every field unset (cloned from a template; cheaper than filling). */
    Object[] unsetValues() {
        Object[] t = unsetTemplate;
        if (t == null) {
            t = new Object[fields.length];
            java.util.Arrays.fill(t, VersionedObject.UNSET);
            unsetTemplate = t;
        }
        return t.clone();
    }

    private volatile Object[] unsetTemplate;

    /** Cached JSON of {@code "field":} per field, and of the object header per version (streaming codec). */
    private volatile byte[][] jsonNames;
    private volatile JsonHeader jsonHeader;

    private record JsonHeader(Version version, byte[] bytes) {
    }

    byte[][] jsonNames() {
        byte[][] n = jsonNames;
        if (n == null) {
            n = new byte[fields.length][];
            for (int i = 0; i < n.length; i++) {
                n[i] = org.tandem.objects.json.JsonOutput.nameBytes(fields[i].name());
            }
            jsonNames = n;
        }
        return n;
    }

    /**
     * The field whose name is the given plain ASCII bytes (a JSON member name without escapes), or
     * null; no string is built (streaming codec).
     */
    FieldDef<?> fieldByAscii(byte[] buf, int off, int len) {
        FieldDef<?>[] table = asciiNames;
        if (table == null) {
            table = new FieldDef<?>[Integer.highestOneBit(Math.max(4, fields.length * 4)) * 2];
            for (FieldDef<?> f : fields) {
                byte[] n = f.name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                int h = asciiHash(n, 0, n.length) & (table.length - 1);
                while (table[h] != null) {
                    h = (h + 1) & (table.length - 1);
                }
                table[h] = f;
            }
            asciiNames = table;
        }
        int mask = table.length - 1;
        int h = asciiHash(buf, off, len) & mask;
        FieldDef<?> f;
        while ((f = table[h]) != null) {
            String n = f.name();
            if (n.length() == len) {
                int k = 0;
                while (k < len && n.charAt(k) == buf[off + k]) {
                    k++;
                }
                if (k == len) {
                    return f;
                }
            }
            h = (h + 1) & mask;
        }
        return null;
    }

    /**
     * Like {@link #fieldByAscii}, trying the fields from index {@code from} on first: senders write
     * fields in declaration order, so the next member is usually one of the next few fields.
     */
    FieldDef<?> fieldByAscii(byte[] buf, int off, int len, int from) {
        byte[][] names = utf8Names;
        if (names == null) {
            names = new byte[fields.length][];
            for (int i = 0; i < names.length; i++) {
                names[i] = fields[i].name().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            utf8Names = names;
        }
        for (int i = from, stop = Math.min(names.length, from + 4); i < stop; i++) {
            byte[] n = names[i];
            if (n.length == len && java.util.Arrays.equals(n, 0, len, buf, off, off + len)) {
                return fields[i];
            }
        }
        return fieldByAscii(buf, off, len);
    }

    private volatile byte[][] utf8Names;

    private static int asciiHash(byte[] b, int off, int len) {
        int h = 0;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 16);
    }

    private volatile FieldDef<?>[] asciiNames;

    /** {@code "<ns>.changes":}. */
    byte[] jsonChangesKey() {
        byte[] k = jsonChangesKey;
        if (k == null) {
            k = org.tandem.objects.json.JsonOutput.nameBytes(namespace.changesKey());
            jsonChangesKey = k;
        }
        return k;
    }

    private volatile byte[] jsonChangesKey;

    /** {@code {"<ns>.name":"<name>","<ns>.namespace":"<project>","<ns>.version":"<v>","<ns>.data":{}. */
    byte[] jsonHeader(Version v) {
        JsonHeader h = jsonHeader;
        if (h != null && h.version().equals(v)) {
            return h.bytes();
        }
        org.tandem.objects.json.JsonOutput o = new org.tandem.objects.json.JsonOutput(96);
        o.writeByte('{');
        o.writeRaw(org.tandem.objects.json.JsonOutput.nameBytes(namespace.nameKey()));
        o.writeString(name);
        o.writeByte(',');
        o.writeRaw(org.tandem.objects.json.JsonOutput.nameBytes(namespace.namespaceKey()));
        o.writeString(namespace.project());
        o.writeByte(',');
        o.writeRaw(org.tandem.objects.json.JsonOutput.nameBytes(namespace.versionKey()));
        o.writeString(v.toString());
        o.writeByte(',');
        o.writeRaw(org.tandem.objects.json.JsonOutput.nameBytes(namespace.dataKey()));
        o.writeByte('{');
        byte[] bytes = o.toByteArray();
        if (v.equals(current)) {
            jsonHeader = new JsonHeader(v, bytes);
        }
        return bytes;
    }

    int fieldCount() {
        return fields.length;
    }

    FieldDef<?> fieldAt(int i) {
        return fields[i];
    }

    FieldDef<?>[] objectFields() {
        return objectFields;
    }

    @Override
    public String toString() {
        return name + " " + current;
    }

    /** Collects the declaration of one object class; see the package documentation for an example. */
    public static final class Builder<T extends VersionedObject> {
        private final String name;
        private final ObjectNamespace namespace;
        private final Class<T> javaType;
        private final Supplier<T> factory;
        private final List<HistoryEntry> history = new ArrayList<>();
        private final List<FieldDef<?>> fields = new ArrayList<>();
        private final List<Rule<T>> rules = new ArrayList<>();
        private final List<ChildVersion> listChildVersions = new ArrayList<>();
        private final boolean list;
        private FieldDef<?> objectsField;
        private boolean built;

        <E extends VersionedObject> Builder(String name, ObjectNamespace namespace, Class<T> javaType, Supplier<T> factory,
                String elementName, Class<E> elementType) {
            if (name == null || name.isEmpty()) {
                throw new SchemaDefinitionException("an object needs a non-empty name");
            }
            this.name = name;
            this.namespace = Objects.requireNonNull(namespace, "namespace");
            this.javaType = Objects.requireNonNull(javaType, "javaType");
            this.factory = Objects.requireNonNull(factory, "factory");
            this.list = elementName != null;
            if (list) {
                FieldType<List<E>> t = Fields.listOfObjects(elementName, elementType);
                objectsField = FieldDef.of(OBJECTS, t);
            }
        }

        /** Appends a version with its history line; versions must ascend, the last one is current. */
        public Builder<T> version(Version version, String change) {
            Objects.requireNonNull(version, "version");
            if (change == null || change.isBlank()) {
                throw new SchemaDefinitionException(name + " " + version + ": every version needs a history line");
            }
            if (!history.isEmpty() && !version.isNewerThan(history.get(history.size() - 1).version())) {
                throw new SchemaDefinitionException(name + ": version " + version + " must be newer than "
                        + history.get(history.size() - 1).version());
            }
            history.add(new HistoryEntry(version, change));
            return this;
        }

        /** Declares a field (after the versions it refers to); returns the registered definition. */
        public <V> FieldDef<V> field(FieldDef<V> def) {
            if (built) {
                throw new SchemaDefinitionException(name + ": fields must be declared before build()");
            }
            if (history.isEmpty()) {
                throw new SchemaDefinitionException(name + ": declare versions before fields");
            }
            for (FieldDef<?> f : fields) {
                if (f.name().equals(def.name())) {
                    throw new SchemaDefinitionException(name + ": field '" + def.name() + "' declared twice");
                }
            }
            if (list && def.name().equals(OBJECTS)) {
                throw new SchemaDefinitionException(name + ": list objects declare 'objects' implicitly");
            }
            FieldDef<V> indexed = def.withIndex(fields.size() + (list ? 1 : 0), history.get(0).version());
            fields.add(indexed);
            return indexed;
        }

        /** Shorthand for {@code field(FieldDef.of(name, type))}. */
        public <V> FieldDef<V> field(String fieldName, FieldType<V> type) {
            return field(FieldDef.of(fieldName, type));
        }

        /** For list objects: a row of the list→element version table (OVO {@code child_versions}). */
        public Builder<T> childVersion(Version listVersion, Version elementVersion) {
            if (!list) {
                throw new SchemaDefinitionException(name + ": childVersion on the builder is for list objects; "
                        + "declare FieldDef.childVersion on object fields instead");
            }
            listChildVersions.add(new ChildVersion(listVersion, elementVersion));
            return this;
        }

        /**
         * A conversion run when backporting to a version older than {@code below}, after child
         * objects were backported and before fields newer than the target are removed.
         */
        public Builder<T> rule(Version below, String description, BackportRule<T> rule) {
            rules.add(new Rule<>(below, description, rule));
            return this;
        }

        /** Validates and freezes the schema. */
        public ObjectSchema<T> build() {
            if (history.isEmpty()) {
                throw new SchemaDefinitionException(name + ": at least one version is required");
            }
            if (list) {
                fields.add(0, objectsField.withIndex(0, history.get(0).version()));
                checkAscending("child versions", listChildVersions);
            }
            for (FieldDef<?> f : fields) {
                if (!knownVersion(f.since())) {
                    throw new SchemaDefinitionException(name + "." + f.name() + ": since(" + f.since()
                            + ") is not a declared version of " + name);
                }
                if (!f.childVersions().isEmpty() && f.type().objectName() == null) {
                    throw new SchemaDefinitionException(name + "." + f.name() + ": childVersion rows need an object field");
                }
                checkAscending(f.name(), f.childVersions());
            }
            for (Rule<T> r : rules) {
                if (!knownVersion(r.below())) {
                    throw new SchemaDefinitionException(name + ": rule '" + r.description() + "' refers to undeclared version "
                            + r.below());
                }
            }
            built = true;
            return new ObjectSchema<>(this);
        }

        private boolean knownVersion(Version v) {
            for (HistoryEntry h : history) {
                if (h.version().equals(v)) {
                    return true;
                }
            }
            return false;
        }

        private void checkAscending(String what, List<ChildVersion> rows) {
            for (int i = 1; i < rows.size(); i++) {
                if (!rows.get(i).parent().isNewerThan(rows.get(i - 1).parent())
                        || rows.get(i).child().isOlderThan(rows.get(i - 1).child())) {
                    throw new SchemaDefinitionException(name + "." + what + ": childVersion rows must ascend (row " + i + ": "
                            + rows.get(i) + " after " + rows.get(i - 1) + ")");
                }
            }
            for (ChildVersion row : rows) {
                if (!knownVersion(row.parent())) {
                    throw new SchemaDefinitionException(name + "." + what + ": childVersion parent " + row.parent()
                            + " is not a declared version of " + name);
                }
            }
        }
    }
}
