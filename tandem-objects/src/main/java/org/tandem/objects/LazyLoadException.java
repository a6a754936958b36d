package org.tandem.objects;

/**
 * An unset field was read and could not be lazy-loaded: either the class does not override
 * {@link VersionedObject#loadAttribute}, or the override left the field unset.
 */
public final class LazyLoadException extends ObjectException {
    public LazyLoadException(String message) {
        super(message);
    }
}
