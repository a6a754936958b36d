package org.tandem.objects;

/** An object class declares an inconsistent schema (caught when the class is initialised). */
public final class SchemaDefinitionException extends ObjectException {
    public SchemaDefinitionException(String message) {
        super(message);
    }
}
