package org.tandem.objects.fields;

import org.tandem.objects.json.JsonInput;
import org.tandem.objects.json.JsonOutput;

/**
 * How one kind of field value is coerced, encoded into the OVO primitive form and decoded from it.
 * Instances are immutable and shared; obtain them from {@link Fields}.
 *
 * @param <V> the Java type held in memory ({@code String}, {@code Long}, {@code Double},
 *     {@code Boolean}, {@code OffsetDateTime}, {@code Map}, {@code List} or a versioned object)
 */
public abstract class FieldType<V> {
    FieldType() {
    }

    /** A stable description used in fingerprints and messages, e.g. {@code Dict<String,Integer>}. */
    public abstract String describe();

    /**
     * Converts a non-null value the way oslo.versionedobjects does on assignment (Integer from a
     * numeric string, Boolean by truthiness, String from numbers ...).
     *
     * @param attr the field name (with {@code [index]} for elements), used in messages
     * @throws org.tandem.objects.FieldValueException when the value cannot be converted
     */
    public abstract V coerce(Object value, String attr);

    /** Encodes a non-null value into its primitive (JSON-ready) form. */
    public abstract Object toPrimitive(V value, EncodeContext ctx);

    /** Decodes a non-null primitive; the result is already coerced. */
    public abstract V fromPrimitive(Object primitive, String attr, DecodeContext ctx);

    /**
     * Writes a non-null value as JSON, byte for byte what {@link #toPrimitive} written by the
     * tree codec gives (the streaming codec; types override this to skip the primitive).
     */
    public void writeJson(V value, JsonOutput out, EncodeContext ctx) {
        out.writeTree(toPrimitive(value, ctx));
    }

    /**
     * Reads a value whose next token is not {@code null}, giving what {@link #fromPrimitive} gives
     * for the parsed primitive (the streaming codec; types override this to skip the primitive).
     */
    public V readJson(JsonInput in, String attr, DecodeContext ctx) {
        return fromPrimitive(in.readTree(), attr, ctx);
    }

    /** For object and list-of-objects fields, the object name of the elements; otherwise null. */
    public String objectName() {
        return null;
    }

    /** True for list-of-objects fields. */
    public boolean isObjectList() {
        return false;
    }

    /** True if elements/values of this type may be null (only element types made via {@link Fields#nullable}). */
    public boolean acceptsNull() {
        return false;
    }

    @Override
    public String toString() {
        return describe();
    }
}
