package org.tandem.objects;

import java.util.Map;
import org.tandem.version.Version;

/**
 * A primitive carries a version of a known object that no registered class can serve (a newer
 * minor or another major). Carries everything a caller needs to ask the conductor for a backport:
 * the name, the requested and the newest supported version, and the raw primitive.
 */
public final class IncompatibleObjectVersion extends ObjectException {
    private final String objectName;
    private final Version requested;
    private final Version supported;
    private final transient Map<?, ?> primitive;

    public IncompatibleObjectVersion(String objectName, Version requested, Version supported, Map<?, ?> primitive) {
        super("Version " + requested + " of " + objectName + " is not supported, supported version is " + supported);
        this.objectName = objectName;
        this.requested = requested;
        this.supported = supported;
        this.primitive = primitive;
    }

    public String objectName() {
        return objectName;
    }

    public Version requestedVersion() {
        return requested;
    }

    /** The newest locally registered version of {@link #objectName()}. */
    public Version supportedVersion() {
        return supported;
    }

    /** The primitive exactly as received (not copied); send it to the backporting service. */
    public Map<?, ?> primitive() {
        return primitive;
    }
}
