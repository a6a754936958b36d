package org.tandem.objects;

import java.util.ArrayList;
import java.util.List;
import org.tandem.objects.fields.DecodeContext;
import org.tandem.objects.fields.Fields;
import org.tandem.objects.json.JsonInput;
import org.tandem.objects.json.JsonOutput;
import org.tandem.version.Version;

/**
 * Reads JSON bytes straight into an object (no primitive map or tree for the object structure),
 * giving what the tree codec gives. Only the common shape is read here: name, namespace and version
 * before data, strict JSON within the limits, values the field types accept; anything else makes
 * {@link #tryDecode} return null and the caller re-reads the bytes with the tree codec, whose result
 * or error (with its path and message) is the reference. One instance per call.
 */
final class StreamDecoder implements DecodeContext {
    private final ObjectRegistry registry;
    private final CodecLimits limits;
    private final ObjectNamespace ns;
    private final JsonInput in;
    private int depth;

    private StreamDecoder(ObjectRegistry registry, CodecLimits limits, JsonInput in) {
        this.registry = registry;
        this.limits = limits;
        this.ns = registry.namespace();
        this.in = in;
    }

    /** Maximum JSON nesting, as the tree codec's parser is configured. */
    static int maxNesting(CodecLimits limits) {
        return limits.maxDepth() * 4 + 16;
    }

    /** The object in {@code json}, or null when it is not on the streaming path. */
    static VersionedObject tryDecode(ObjectRegistry registry, CodecLimits limits, byte[] json) {
        try {
            JsonInput in = new JsonInput(json, limits.maxStringLength(), maxNesting(limits));
            VersionedObject o = new StreamDecoder(registry, limits, in).readObject();
            in.expectEnd();
            return o;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Reads one object primitive from {@code in}; throws (any exception) when off the streaming path. */
    static VersionedObject read(ObjectRegistry registry, CodecLimits limits, JsonInput in) {
        return new StreamDecoder(registry, limits, in).readObject();
    }

    private static RuntimeException offPath() {
        return JsonOutput.Unsupported.INSTANCE;
    }

    private VersionedObject readObject() {
        if (++depth > limits.maxDepth()) {
            throw offPath();
        }
        try {
            return readObjectBody();
        } finally {
            depth--;
        }
    }

    private VersionedObject readObjectBody() {
        in.beginObject();
        String name = null;
        String namespace = null;
        String versionText = null;
        VersionedObject obj = null;
        List<String> changes = null;
        boolean changesSeen = false;
        boolean first = true;
        int expected = 0; // senders write name, namespace, version, data, changes in this order
        while (in.nextMember(first)) {
            first = false;
            int key = expected < 5 && in.consumeRaw(ns.jsonRawKeys[expected]) ? expected : envelopeKey();
            expected = key + 1;
            if (key == 0) {
                name = once(name);
            } else if (key == 1) {
                if (namespace != null) {
                    throw offPath();
                }
                namespace = in.consumeRaw(ns.jsonQuotedProject) ? ns.project() : in.readString();
            } else if (key == 2) {
                versionText = once(versionText);
            } else if (key == 3) {
                if (obj != null || name == null || namespace == null || versionText == null) {
                    throw offPath();
                }
                obj = readData(name, namespace, versionText);
            } else if (key == 4) {
                if (changesSeen) {
                    throw offPath();
                }
                changesSeen = true;
                if (!in.consumeNull()) {
                    changes = new ArrayList<>(4);
                    in.beginArray();
                    boolean firstChange = true;
                    while (in.nextElement(firstChange)) {
                        firstChange = false;
                        changes.add(in.readNameValue());
                    }
                }
            } else {
                in.skipValue();
            }
        }
        if (obj == null) {
            throw offPath();
        }
        if (changes != null) {
            ObjectSchema<?> schema = obj.schema();
            for (int i = 0, n = changes.size(); i < n; i++) {
                FieldDef<?> f = schema.field(changes.get(i));
                if (f != null && !f.since().isNewerThan(obj.version)) { // as Decoder: fields of the version received
                    obj.changed[f.index] = true;
                }
            }
        }
        return obj;
    }

    /** Which of the namespace's five keys (name, namespace, version, data, changes) is next; -1 for another. */
    private int envelopeKey() {
        byte[][] keys = ns.jsonKeys;
        if (in.readNameSpan()) {
            for (int k = 0; k < keys.length; k++) {
                if (in.spanEquals(keys[k])) {
                    return k;
                }
            }
            return -1;
        }
        String name = in.readName();
        for (int k = 0; k < keys.length; k++) {
            if (java.util.Arrays.equals(keys[k], name.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                return k;
            }
        }
        return -1;
    }

    private String once(String seen) {
        if (seen != null) {
            throw offPath();
        }
        return in.readNameValue();
    }

    private VersionedObject readData(String name, String namespace, String versionText) {
        if (!namespace.equals(ns.project())) {
            throw offPath();
        }
        Version version = Decoder.version(versionText);
        ObjectSchema<?> schema = registry.lookup(name, version, null);
        VersionedObject obj = schema.newInstance();
        obj.version = version;
        Object[] values = obj.values;
        byte[][] names = schema.jsonNames(); // "name": per field, in the order senders write them
        in.beginObject();
        boolean first = true;
        int next = 0;
        while (true) {
            FieldDef<?> f;
            if (next < names.length && in.nextMemberNamed(names[next], first)) {
                f = schema.fieldAt(next); // the usual case: the next field, with no whitespace around
            } else if (!in.nextMember(first)) {
                break;
            } else if (in.readNameSpan()) {
                f = schema.fieldByAscii(in.buffer(), in.spanStart(), in.spanLength(), next);
            } else {
                f = schema.field(in.readName());
            }
            first = false;
            if (f == null) {
                in.skipValue(); // like OVO: data for fields this version does not know is ignored
                continue;
            }
            next = f.index + 1;
            values[f.index] = in.consumeNull() ? f.coerce(null) : Fields.readJson(f.type(), in, f.name(), this);
        }
        return obj;
    }

    @Override
    public VersionedObject readChild(JsonInput input, String attr) {
        return readObject();
    }

    @Override
    public VersionedObject decodeChild(Object primitive, String attr) {
        return new Decoder(registry, limits, depth).decodeChild(primitive, attr);
    }

    @Override
    public String checkString(String s, String attr) {
        if (s.length() > limits.maxStringLength()) {
            throw offPath();
        }
        return s;
    }
}
