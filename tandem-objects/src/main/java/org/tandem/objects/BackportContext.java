package org.tandem.objects;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tandem.version.Version;

/** What a {@link BackportRule} can see and report while one object is being backported. */
public final class BackportContext {
    private final Map<String, Version> manifest;
    private Set<String> consumed;
    private Set<String> changed;

    BackportContext(Map<String, Version> manifest) {
        this.manifest = manifest;
    }

    /** Declares that the rule kept the value of {@code field} (e.g. moved it elsewhere); removing it loses nothing. */
    public void consumed(String field) {
        if (consumed == null) {
            consumed = new HashSet<>(4);
        }
        consumed.add(field);
    }

    /**
     * Declares that {@code field} of the backported primitive carries a change (for example the
     * system_metadata a changed newer field was folded into), so it is listed in the primitive's
     * changes and the receiver saves it.
     */
    public void changed(String field) {
        if (changed == null) {
            changed = new HashSet<>(4);
        }
        changed.add(field);
    }

    Set<String> changedFields() {
        return changed == null ? Set.of() : changed;
    }

    boolean isConsumed(String field) {
        return consumed != null && consumed.contains(field);
    }

    /** The receiver's object version manifest, or null when backporting to a single target version. */
    public Map<String, Version> manifest() {
        return manifest;
    }
}
