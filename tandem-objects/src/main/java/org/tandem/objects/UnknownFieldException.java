package org.tandem.objects;

/** A field name that the object's schema does not declare. */
public final class UnknownFieldException extends ObjectException {
    public UnknownFieldException(String objectName, String field) {
        super(objectName + " object has no attribute '" + field + "'");
    }
}
