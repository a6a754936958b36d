package org.tandem.objects;

/** A primitive names an object type (or project namespace) this registry does not know. */
public final class UnsupportedObjectError extends ObjectException {
    private final String objectType;

    public UnsupportedObjectError(String objectType) {
        super("Unsupported object type " + objectType);
        this.objectType = objectType;
    }

    /** The unknown type, {@code Name} or {@code namespace.Name} for a foreign namespace. */
    public String objectType() {
        return objectType;
    }
}
