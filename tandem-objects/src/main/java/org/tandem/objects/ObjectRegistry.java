package org.tandem.objects;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.tandem.version.Version;

/**
 * The object classes a service knows, by name, possibly several versions per name (tests use
 * that to play an older service). Lookup follows OVO's {@code obj_class_from_name}: an exact
 * version match wins, otherwise the newest registered class of the same major whose version is
 * at least the requested one.
 */
public final class ObjectRegistry {
    private final ObjectNamespace namespace;
    private final Map<String, List<ObjectSchema<?>>> byName = new ConcurrentHashMap<>();

    public ObjectRegistry(ObjectNamespace namespace) {
        this.namespace = namespace;
    }

    public ObjectNamespace namespace() {
        return namespace;
    }

    /** Registers schemas; a schema with the same name and version replaces the earlier one. */
    public synchronized ObjectRegistry register(ObjectSchema<?>... schemas) {
        for (ObjectSchema<?> s : schemas) {
            if (!s.namespace().equals(namespace)) {
                throw new SchemaDefinitionException(s.name() + " is declared in namespace " + s.namespace()
                        + " but this registry serves " + namespace);
            }
            List<ObjectSchema<?>> list = new ArrayList<>(byName.getOrDefault(s.name(), List.of()));
            list.removeIf(o -> o.currentVersion().equals(s.currentVersion()));
            list.add(s);
            list.sort((a, b) -> b.currentVersion().compareTo(a.currentVersion()));
            byName.put(s.name(), List.copyOf(list));
        }
        return this;
    }

    /**
     * The class to hydrate {@code name} at {@code requested}.
     *
     * @throws UnsupportedObjectError for an unknown name
     * @throws IncompatibleObjectVersion when no registered version can serve the request
     */
    public ObjectSchema<?> lookup(String name, Version requested) {
        return lookup(name, requested, null);
    }

    ObjectSchema<?> lookup(String name, Version requested, Map<?, ?> primitive) {
        List<ObjectSchema<?>> list = byName.get(name);
        if (list == null) {
            throw new UnsupportedObjectError(name);
        }
        ObjectSchema<?> compatible = null;
        // indexed, not for-each: every decoded object comes here, and an iterator costs nothing only
        // when the JIT inlines this method (one slow decode run had ImmutableCollections$ListItr on top)
        for (int i = 0, n = list.size(); i < n; i++) {
            ObjectSchema<?> s = list.get(i);
            if (s.currentVersion().equals(requested)) {
                return s;
            }
            if (compatible == null && s.currentVersion().canServe(requested)) {
                compatible = s;
            }
        }
        if (compatible != null) {
            return compatible;
        }
        throw new IncompatibleObjectVersion(name, requested, list.get(0).currentVersion(), primitive);
    }

    /** The newest registered schema of {@code name}, or null. */
    public ObjectSchema<?> newest(String name) {
        List<ObjectSchema<?>> list = byName.get(name);
        return list == null ? null : list.get(0);
    }

    /** Newest schema of every registered name, sorted by name. */
    public List<ObjectSchema<?>> schemas() {
        List<ObjectSchema<?>> out = new ArrayList<>();
        for (String n : new TreeMap<>(byName).keySet()) {
            out.add(byName.get(n).get(0));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * OVO's {@code obj_tree_get_versions}: {@code name} and every object reachable from it through
     * object fields, each at its newest registered version. This is what a receiver sends with
     * {@code object_backport_versions}.
     */
    public Map<String, Version> manifest(String name) {
        Map<String, Version> tree = new LinkedHashMap<>();
        walk(name, null, tree);
        return tree;
    }

    private void walk(String name, String parent, Map<String, Version> tree) {
        if (tree.containsKey(name)) {
            return;
        }
        ObjectSchema<?> s = newest(name);
        if (s == null) {
            throw new UnsupportedObjectError(name + (parent == null ? "" : " (referenced by " + parent
                    + ", register it too)"));
        }
        tree.put(name, s.currentVersion());
        for (FieldDef<?> f : s.objectFields()) {
            walk(f.type().objectName(), name, tree);
        }
    }
}
