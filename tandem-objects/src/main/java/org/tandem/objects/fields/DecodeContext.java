package org.tandem.objects.fields;

import org.tandem.objects.VersionedObject;
import org.tandem.objects.json.JsonInput;

/** What a field type needs from the decoder: nested objects via the registry, and limits. */
public interface DecodeContext {
    /** Hydrates a nested object primitive (depth-checked, looked up in the registry). */
    VersionedObject decodeChild(Object primitive, String attr);

    /** Reads a nested object from JSON (the streaming codec); by default through its primitive. */
    default VersionedObject readChild(JsonInput in, String attr) {
        return decodeChild(in.readTree(), attr);
    }

    /** Throws {@link org.tandem.objects.MalformedPrimitiveException} when {@code s} is over the size limit. */
    String checkString(String s, String attr);
}
