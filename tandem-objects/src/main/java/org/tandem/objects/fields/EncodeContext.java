package org.tandem.objects.fields;

import java.util.Map;
import org.tandem.objects.VersionedObject;

/** What a field type needs from the encoder: encoding of nested objects (depth-checked). */
public interface EncodeContext {
    Map<String, Object> encodeChild(VersionedObject child, String attr);
}
