package org.tandem.objects;

import java.util.Map;
import org.tandem.objects.fields.EncodeContext;
import org.tandem.objects.json.JsonOutput;

/**
 * Writes an object at its own version straight to JSON bytes from the schema (cached field-name
 * and header bytes, no primitive map), byte for byte what the tree codec writes. An object that
 * must be backported to its own version (hydrated from an older sender, then given fields newer
 * than that version) is written through the tree encoder's backport path, as {@link Encoder} does.
 * One instance per call.
 */
final class StreamEncoder implements EncodeContext {
    private final JsonOutput out;
    private int depth;

    private StreamEncoder(JsonOutput out) {
        this.out = out;
    }

    /**
     * The JSON of {@code obj} at its own version, or null when the streaming path cannot give the
     * reference bytes (the caller then uses the tree codec, which also reports any error).
     */
    static byte[] tryEncode(VersionedObject obj) {
        JsonOutput out = BUFFER.get();
        out.reset();
        if (!tryEncode(obj, out)) {
            return null;
        }
        return out.toByteArray();
    }

    /** A per-thread output buffer, so that only the result is allocated per call. */
    private static final ThreadLocal<JsonOutput> BUFFER = ThreadLocal.withInitial(() -> new JsonOutput(8192));

    /** Appends the JSON of {@code obj} to {@code out}; false (with {@code out} partly written) on failure. */
    static boolean tryEncode(VersionedObject obj, JsonOutput out) {
        try {
            new StreamEncoder(out).writeObject(obj);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void writeObject(VersionedObject obj) {
        if (Encoder.holdsFieldsNewerThan(obj, obj.version)) {
            out.writeTree(new Encoder(depth).encode(obj, null, null)); // the backport rule of Encoder.encode
            return;
        }
        ObjectSchema<?> schema = obj.schema();
        out.writeRaw(schema.jsonHeader(obj.version));
        byte[][] names = schema.jsonNames();
        Object[] values = obj.values;
        boolean first = true;
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == VersionedObject.UNSET) {
                continue;
            }
            if (!first) {
                out.writeByte(',');
            }
            first = false;
            out.writeRaw(names[i]);
            if (v == null) {
                out.writeNull();
            } else {
                writeValue(schema.fieldAt(i), v);
            }
        }
        out.writeByte('}');
        boolean anyChange = false;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != VersionedObject.UNSET && (obj.changed[i] || obj.childChanged(i)
                    || (i == 0 && schema.isList() && Encoder.listChanged(obj)))) {
                if (!anyChange) {
                    out.writeByte(',');
                    out.writeRaw(schema.jsonChangesKey());
                    out.writeByte('[');
                    anyChange = true;
                } else {
                    out.writeByte(',');
                }
                out.writeString(schema.fieldAt(i).name());
            }
        }
        if (anyChange) {
            out.writeByte(']');
        }
        out.writeByte('}');
    }

    @SuppressWarnings("unchecked")
    private <V> void writeValue(FieldDef<V> f, Object v) {
        f.type().writeJson((V) v, out, this);
    }

    @Override
    public void writeChild(VersionedObject child, String attr, JsonOutput ignored) {
        if (++depth > Encoder.MAX_DEPTH) {
            throw new ObjectException("Objects nest deeper than " + Encoder.MAX_DEPTH + " levels at " + attr
                    + "; is an object contained in itself?");
        }
        try {
            writeObject(child);
        } finally {
            depth--;
        }
    }

    @Override
    public Map<String, Object> encodeChild(VersionedObject child, String attr) {
        return new Encoder(depth).encodeChild(child, attr);
    }
}
