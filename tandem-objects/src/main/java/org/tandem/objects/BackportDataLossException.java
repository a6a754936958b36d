package org.tandem.objects;

import org.tandem.version.Version;

/**
 * Backporting would silently drop a value: the field does not exist at the target version, holds
 * a non-default value, is not declared {@code droppable()} and no backport rule consumed it.
 */
public final class BackportDataLossException extends ObjectException {
    private final String objectName;
    private final String field;
    private final Version target;
    private final Version needed;

    public BackportDataLossException(String objectName, String field, Version target, Version needed) {
        super("Cannot backport " + objectName + " to " + target + ": field '" + field + "' holds a value but only exists from "
                + objectName + " " + needed + " on. Send at least " + needed + ", declare the field droppable() if losing it "
                + "is harmless, or add a backport rule that converts it and calls ctx.consumed(\"" + field + "\").");
        this.objectName = objectName;
        this.field = field;
        this.target = target;
        this.needed = needed;
    }

    public String objectName() {
        return objectName;
    }

    public String field() {
        return field;
    }

    public Version target() {
        return target;
    }

    /** The oldest version of the object that can carry the field. */
    public Version neededVersion() {
        return needed;
    }
}
