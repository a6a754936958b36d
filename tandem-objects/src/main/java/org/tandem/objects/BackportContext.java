package org.tandem.objects;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tandem.version.Version;

/** What a {@link BackportRule} can see and report while one object is being backported. */
public final class BackportContext {
    private final Map<String, Version> manifest;
    private Set<String> consumed;

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

    boolean isConsumed(String field) {
        return consumed != null && consumed.contains(field);
    }

    /** The receiver's object version manifest, or null when backporting to a single target version. */
    public Map<String, Version> manifest() {
        return manifest;
    }
}
