package org.tandem.objects;

import java.util.List;
import java.util.Map;
import org.tandem.objects.fields.DecodeContext;
import org.tandem.version.InvalidVersionException;
import org.tandem.version.Version;

/** Hydrates primitives (OVO {@code obj_from_primitive}) with limits; one instance per call. */
final class Decoder implements DecodeContext {
    /** Parsed version strings; bounded so hostile input cannot grow it without limit. */
    private static final java.util.concurrent.ConcurrentHashMap<String, Version> VERSIONS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ObjectRegistry registry;
    private final CodecLimits limits;
    private final ObjectNamespace ns;
    private int depth;
    /** Path segments (field names, list indexes) from the root; a plain array stack, read only for messages. */
    private String[] segments = new String[16];
    private int segmentCount;

    Decoder(ObjectRegistry registry, CodecLimits limits) {
        this.registry = registry;
        this.limits = limits;
        this.ns = registry.namespace();
    }

    /** A decoder for a subtree that starts {@code depth} levels down (streaming codec). */
    Decoder(ObjectRegistry registry, CodecLimits limits, int depth) {
        this(registry, limits);
        this.depth = depth;
    }

    /** A version text parsed, through the bounded cache. */
    static Version version(String versionText) {
        Version version = VERSIONS.get(versionText);
        if (version == null) {
            version = Version.parse(versionText);
            if (VERSIONS.size() < 4096) {
                VERSIONS.put(versionText, version);
            }
        }
        return version;
    }

    VersionedObject decode(Object primitive) {
        if (++depth > limits.maxDepth()) {
            throw new MalformedPrimitiveException("Objects nest deeper than " + limits.maxDepth() + " levels at " + path()
                    + "; raise CodecLimits.maxDepth if that is legitimate");
        }
        try {
            return decodeObject(primitive);
        } catch (IncompatibleObjectVersion e) {
            if (depth == 1 && e.topLevelPrimitive() != primitive && primitive instanceof Map<?, ?> outermost) {
                throw e.within(outermost);
            }
            throw e;
        } finally {
            depth--;
        }
    }

    private VersionedObject decodeObject(Object primitive) {
        if (!(primitive instanceof Map<?, ?> m)) {
            throw new MalformedPrimitiveException("Expected an object primitive (a JSON object with " + ns.nameKey() + ", "
                    + ns.versionKey() + ", ...) at " + path() + ", got " + kind(primitive));
        }
        String name = string(m, ns.nameKey());
        String namespace = string(m, ns.namespaceKey());
        String versionText = string(m, ns.versionKey());
        if (!namespace.equals(ns.project())) {
            throw new UnsupportedObjectError(namespace + "." + name);
        }
        Version version;
        try {
            version = version(versionText);
        } catch (InvalidVersionException e) {
            throw new MalformedPrimitiveException(ns.versionKey() + " of " + name + " at " + path() + ": " + e.getMessage(), e);
        }
        ObjectSchema<?> schema = registry.lookup(name, version, m);
        Object dataObj = m.get(ns.dataKey());
        if (!(dataObj instanceof Map<?, ?> data)) {
            throw new MalformedPrimitiveException((dataObj == null && !m.containsKey(ns.dataKey()) ? "Missing key '"
                    + ns.dataKey() + "'" : "'" + ns.dataKey() + "' must be a JSON object, got " + kind(dataObj))
                    + " in " + name + " primitive at " + path());
        }
        VersionedObject obj = schema.newInstance();
        obj.version = version;
        for (Map.Entry<?, ?> e : data.entrySet()) {
            Object k = e.getKey();
            if (!(k instanceof String key)) {
                throw new MalformedPrimitiveException("Non-string key " + k + " (" + kind(k) + ") in " + ns.dataKey() + " of "
                        + name + " at " + path());
            }
            FieldDef<?> f = schema.field(key);
            if (f == null) {
                continue; // like OVO: data for fields this version does not know is ignored
            }
            Object raw = e.getValue();
            push(key);
            try {
                obj.values[f.index] = raw == null ? f.coerce(null) : f.type().fromPrimitive(raw, key, this);
            } finally {
                segmentCount--;
            }
        }
        Object changes = m.get(ns.changesKey());
        if (changes != null) {
            if (!(changes instanceof List<?> list)) {
                throw new MalformedPrimitiveException("'" + ns.changesKey() + "' must be a list of field names, got "
                        + kind(changes) + " in " + name + " primitive at " + path());
            }
            for (Object c : list) {
                if (!(c instanceof String fieldName)) {
                    throw new MalformedPrimitiveException("'" + ns.changesKey() + "' must hold field names, found "
                            + kind(c) + " in " + name + " primitive at " + path());
                }
                FieldDef<?> f = schema.field(fieldName);
                if (f != null && !f.since().isNewerThan(version)) {
                    // OVO keeps only names of fields the receiving class has; here that is the fields of
                    // the version received (a list's elements may still name fields backported away).
                    obj.changed[f.index] = true;
                }
            }
        }
        return obj;
    }

    private String string(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v instanceof String s) {
            return checkString(s, key);
        }
        if (v == null && !m.containsKey(key)) {
            throw new MalformedPrimitiveException("Missing key '" + key + "' in object primitive at " + path()
                    + " (present: " + keys(m) + ")");
        }
        throw new MalformedPrimitiveException("'" + key + "' must be a string, got " + kind(v) + " in object primitive at "
                + path());
    }

    private static String keys(Map<?, ?> m) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Object k : m.keySet()) {
            if (n++ == 8) {
                sb.append(", ...");
                break;
            }
            sb.append(n > 1 ? ", " : "").append(k);
        }
        return sb.toString();
    }

    static String kind(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "a JSON object";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "a number (" + v + ")";
        }
        return "a " + v.getClass().getSimpleName();
    }

    @Override
    public VersionedObject decodeChild(Object primitive, String attr) {
        boolean push = segmentCount == 0 || !attr.equals(segments[segmentCount - 1]);
        if (push) {
            push(attr);
        }
        try {
            return decode(primitive);
        } finally {
            if (push) {
                segmentCount--;
            }
        }
    }

    private void push(String segment) {
        if (segmentCount == segments.length) {
            segments = java.util.Arrays.copyOf(segments, segmentCount * 2);
        }
        segments[segmentCount++] = segment;
    }

    /** Where the decoder is, e.g. {@code $.gadget_list.objects[2].label}; built only for messages. */
    private String path() {
        StringBuilder sb = new StringBuilder("$");
        for (int i = 0; i < segmentCount; i++) {
            String s = segments[i];
            if (s.startsWith(sb.substring(sb.lastIndexOf(".") + 1) + "[") && sb.length() > 1) {
                sb.setLength(sb.lastIndexOf("."));
            }
            sb.append('.').append(s);
        }
        return sb.toString();
    }

    @Override
    public String checkString(String s, String attr) {
        if (s.length() > limits.maxStringLength()) {
            throw new MalformedPrimitiveException("String of " + s.length() + " chars in " + attr + " at " + path()
                    + " exceeds the limit of " + limits.maxStringLength() + " (CodecLimits.maxStringLength)");
        }
        return s;
    }
}
