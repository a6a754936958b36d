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
    private final transient Map<?, ?> topLevel;

    public IncompatibleObjectVersion(String objectName, Version requested, Version supported, Map<?, ?> primitive) {
        this(objectName, requested, supported, primitive, primitive);
    }

    private IncompatibleObjectVersion(String objectName, Version requested, Version supported, Map<?, ?> primitive,
            Map<?, ?> topLevel) {
        super("Version " + requested + " of " + objectName + " is not supported, supported version is " + supported);
        this.objectName = objectName;
        this.requested = requested;
        this.supported = supported;
        this.primitive = primitive;
        this.topLevel = topLevel;
    }

    /** The same failure, recorded as found while decoding {@code outermost}. */
    IncompatibleObjectVersion within(Map<?, ?> outermost) {
        IncompatibleObjectVersion e = new IncompatibleObjectVersion(objectName, requested, supported, primitive, outermost);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /**
     * The outermost primitive that was being decoded: the one to send for a backport (like OVO's
     * serializer, which backports the whole object it received). Same as {@link #primitive()}
     * unless the incompatible object was nested.
     */
    public Map<?, ?> topLevelPrimitive() {
        return topLevel;
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

    /** The primitive of the incompatible object itself, exactly as received (not copied). */
    public Map<?, ?> primitive() {
        return primitive;
    }
}
