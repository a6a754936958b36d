package org.tandem.objects.fields;

import java.util.Map;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.json.JsonOutput;

/** What a field type needs from the encoder: encoding of nested objects (depth-checked). */
public interface EncodeContext {
    Map<String, Object> encodeChild(VersionedObject child, String attr);

    /** Writes a nested object as JSON (the streaming codec); by default through its primitive. */
    default void writeChild(VersionedObject child, String attr, JsonOutput out) {
        out.writeTree(encodeChild(child, attr));
    }
}
