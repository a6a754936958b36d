package org.tandem.objects;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import org.tandem.objects.fields.EncodeContext;
import org.tandem.version.Version;

/**
 * Produces primitives (OVO {@code obj_to_primitive}) and backports them (OVO
 * {@code obj_make_compatible[_from_manifest]}) from the declared schema. One instance per call.
 */
final class Encoder implements EncodeContext {
    static final int MAX_DEPTH = 64;
    private static final Version V1_0 = Version.of(1, 0);

    private int depth;

    Encoder() {
    }

    /** An encoder for a subtree that starts {@code depth} levels down (streaming codec fallback). */
    Encoder(int depth) {
        this.depth = depth;
    }

    Map<String, Object> encode(VersionedObject obj, Version target, Map<String, Version> manifest) {
        ObjectSchema<?> schema = obj.schema();
        ObjectNamespace ns = schema.namespace();
        if (target == null) {
            target = obj.version;
        }
        if (target.isNewerThan(obj.version)) {
            throw new InvalidTargetVersion(target, schema.name(), obj.version);
        }
        Object[] values = obj.values;
        Map<String, Object> data = new LinkedHashMap<>(Math.max(8, values.length * 2));
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == VersionedObject.UNSET) {
                continue;
            }
            FieldDef<?> f = schema.fieldAt(i);
            data.put(f.name(), v == null ? null : encodeValue(f, v));
        }
        if (manifest != null && manifest.isEmpty()) {
            manifest = null;
        }
        // An object hydrated from an older sender keeps that sender's version; fields the newer
        // class set on it since (for example during an online data migration) must not leak into
        // a primitive that claims the old version, so it is made compatible with its own version too.
        Set<String> alsoChanged = Set.of();
        if (!target.equals(obj.version) || manifest != null || holdsFieldsNewerThan(obj, target)) {
            alsoChanged = makeCompatible(obj, data, target, manifest);
        }
        Map<String, Object> out = new LinkedHashMap<>(8);
        out.put(ns.nameKey(), schema.name());
        out.put(ns.namespaceKey(), ns.project());
        out.put(ns.versionKey(), target.toString());
        out.put(ns.dataKey(), data);
        List<String> changes = null;
        for (int i = 0; i < values.length; i++) {
            String name = schema.fieldAt(i).name();
            if (obj.changed[i] || obj.childChanged(i) || (i == 0 && schema.isList() && listChanged(obj))
                    || alsoChanged.contains(name)) {
                if (data.containsKey(name)) {
                    if (changes == null) {
                        changes = new ArrayList<>(4);
                    }
                    changes.add(name);
                }
            }
        }
        if (changes != null) {
            out.put(ns.changesKey(), changes);
        }
        return out;
    }

    static boolean holdsFieldsNewerThan(VersionedObject obj, Version target) {
        if (!target.isOlderThan(obj.schema().currentVersion())) {
            return false;
        }
        for (int i = 0; i < obj.values.length; i++) {
            if (obj.values[i] != VersionedObject.UNSET && obj.schema().fieldAt(i).since().isNewerThan(target)) {
                return true;
            }
        }
        return false;
    }

    static boolean listChanged(VersionedObject obj) {
        return obj instanceof ObjectList<?> list && list.elementChanged();
    }

    @SuppressWarnings("unchecked")
    private <V> Object encodeValue(FieldDef<V> f, Object v) {
        return f.type().toPrimitive((V) v, this);
    }

    @Override
    public Map<String, Object> encodeChild(VersionedObject child, String attr) {
        if (++depth > MAX_DEPTH) {
            throw new ObjectException("Objects nest deeper than " + MAX_DEPTH + " levels at " + attr
                    + "; is an object contained in itself?");
        }
        try {
            return encode(child, null, null);
        } finally {
            depth--;
        }
    }

    // --- backport ---------------------------------------------------------------------------

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Set<String> makeCompatible(VersionedObject obj, Map<String, Object> data, Version target, Map<String, Version> manifest) {
        ObjectSchema schema = obj.schema();
        BackportContext ctx = new BackportContext(manifest);
        // 1. child objects, at the version their table (or the manifest) gives for the target
        for (FieldDef<?> f : schema.objectFields()) {
            Object value = obj.values[f.index];
            if (value == VersionedObject.UNSET || f.since().isNewerThan(target)) {
                continue;
            }
            boolean listElements = schema.isList() && f.index == 0;
            List<ChildVersion> rows;
            if (listElements && !schema.listChildVersions().isEmpty()) {
                rows = schema.listChildVersions();
            } else if (manifest != null) {
                Version v = manifest.get(f.type().objectName());
                if (v == null) {
                    if (listElements) {
                        backportChild(value, data.get(f.name()), V1_0, manifest);
                    }
                    continue; // the receiver does not know this object: leave it as is (OVO)
                }
                rows = List.of(new ChildVersion(target, v));
            } else {
                rows = f.childVersions();
                if (rows.isEmpty()) {
                    if (listElements) {
                        backportChild(value, data.get(f.name()), V1_0, manifest);
                        continue;
                    }
                    throw new MissingBackportRuleException(schema.name(), f.name());
                }
            }
            ChildVersion first = rows.get(0);
            if (target.isOlderThan(first.parent())) {
                remove(obj, f, data, target, first.parent(), ctx);
                continue;
            }
            Version childVersion = null;
            for (int i = 0; i < rows.size(); i++) {
                ChildVersion row = rows.get(i);
                int c = target.compareTo(row.parent());
                if (c < 0) {
                    childVersion = rows.get(i - 1).child();
                    break;
                }
                if (c == 0) {
                    childVersion = row.child();
                    break;
                }
            }
            if (childVersion != null) {
                backportChild(value, data.get(f.name()), childVersion, manifest);
            }
        }
        // 2. declared conversions
        for (Object o : schema.rules()) {
            ObjectSchema.Rule rule = (ObjectSchema.Rule) o;
            if (target.isOlderThan(rule.below())) {
                rule.rule().apply(obj, data, target, ctx);
            }
        }
        // 3. fields newer than the target
        for (int i = 0; i < obj.values.length; i++) {
            FieldDef<?> f = schema.fieldAt(i);
            if (f.since().isNewerThan(target) && data.containsKey(f.name())) {
                remove(obj, f, data, target, f.since(), ctx);
            }
        }
        return ctx.changedFields();
    }

    private static void remove(VersionedObject obj, FieldDef<?> f, Map<String, Object> data, Version target, Version needed,
            BackportContext ctx) {
        Object v = obj.values[f.index];
        boolean harmless = v == null || v == VersionedObject.UNSET || f.isDroppable() || ctx.isConsumed(f.name())
                || (f.hasDefault() && Objects.equals(v, f.coerce(f.defaultValue())));
        if (!harmless) {
            throw new BackportDataLossException(obj.schema().name(), f.name(), target, needed);
        }
        data.remove(f.name());
    }

    @SuppressWarnings("unchecked")
    private static void backportChild(Object value, Object primitive, Version to, Map<String, Version> manifest) {
        if (value instanceof VersionedObject child && primitive instanceof Map<?, ?> p) {
            backportOne(child, (Map<String, Object>) p, to, manifest);
        } else if (value instanceof List<?> list && primitive instanceof List<?> prims) {
            for (int i = 0; i < list.size() && i < prims.size(); i++) {
                if (list.get(i) instanceof VersionedObject child && prims.get(i) instanceof Map<?, ?> p) {
                    backportOne(child, (Map<String, Object>) p, to, manifest);
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void backportOne(VersionedObject child, Map<String, Object> primitive, Version to,
            Map<String, Version> manifest) {
        // Never claim a version newer than the child's data (OVO would, for a newer manifest entry).
        Version v = to.isNewerThan(child.version) ? child.version : to;
        ObjectNamespace ns = child.schema().namespace();
        Map<String, Object> data = (Map<String, Object>) primitive.get(ns.dataKey());
        Set<String> alsoChanged = makeCompatible(child, data, v, manifest);
        primitive.put(ns.versionKey(), v.toString());
        if (!alsoChanged.isEmpty()) {
            // OVO keeps the child's change list as it was (even names backported away); add what the
            // backport folded changes into
            List<String> changes = new ArrayList<>();
            if (primitive.get(ns.changesKey()) instanceof List<?> list) {
                list.forEach(n -> changes.add(String.valueOf(n)));
            }
            for (String name : alsoChanged) {
                if (!changes.contains(name)) {
                    changes.add(name);
                }
            }
            primitive.put(ns.changesKey(), changes);
        }
    }
}
