package org.tandem.objects;

import java.util.Map;
import org.tandem.version.Version;

/**
 * A per-class conversion run while backporting below a version (OVO's hand-written
 * {@code obj_make_compatible} body, as declared data). It may read the in-memory object, rewrite
 * the primitive {@code data} map (values are already in primitive form) and must call
 * {@link BackportContext#consumed} for every field whose value it preserved elsewhere, so the
 * data-loss check lets that field go.
 */
@FunctionalInterface
public interface BackportRule<T extends VersionedObject> {
    void apply(T object, Map<String, Object> data, Version target, BackportContext ctx);
}
