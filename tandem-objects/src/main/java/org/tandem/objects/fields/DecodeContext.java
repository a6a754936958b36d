package org.tandem.objects.fields;

import org.tandem.objects.VersionedObject;

/** What a field type needs from the decoder: nested objects via the registry, and limits. */
public interface DecodeContext {
    /** Hydrates a nested object primitive (depth-checked, looked up in the registry). */
    VersionedObject decodeChild(Object primitive, String attr);

    /** Throws {@link org.tandem.objects.MalformedPrimitiveException} when {@code s} is over the size limit. */
    String checkString(String s, String attr);
}
