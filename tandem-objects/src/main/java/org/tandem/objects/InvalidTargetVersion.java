package org.tandem.objects;

import org.tandem.version.Version;

/** A backport was asked for a version newer than the object has. */
public final class InvalidTargetVersion extends ObjectException {
    private final Version target;

    public InvalidTargetVersion(Version target, String objectName, Version current) {
        super("Invalid target version " + target + " (" + objectName + " is at " + current
                + "; an object can only be sent at its own version or older)");
        this.target = target;
    }

    public Version target() {
        return target;
    }
}
