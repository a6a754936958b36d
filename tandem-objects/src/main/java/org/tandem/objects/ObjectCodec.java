package org.tandem.objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.tandem.version.Version;

/**
 * Decodes primitives (maps as produced by {@link VersionedObject#toPrimitive()} or parsed JSON)
 * into objects through an {@link ObjectRegistry}, and converts objects to and from JSON bytes.
 * Thread-safe; create one per registry and reuse it.
 */
public final class ObjectCodec {
    private final ObjectRegistry registry;
    private final CodecLimits limits;
    private final ObjectMapper mapper;

    public ObjectCodec(ObjectRegistry registry) {
        this(registry, CodecLimits.defaults());
    }

    public ObjectCodec(ObjectRegistry registry, CodecLimits limits) {
        this.registry = registry;
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() * 4 + 16)
                        .maxStringLength(limits.maxStringLength())
                        .build())
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public ObjectRegistry registry() {
        return registry;
    }

    public CodecLimits limits() {
        return limits;
    }

    /**
     * Hydrates an object primitive. The object keeps the sender's version.
     *
     * @throws MalformedPrimitiveException for structural problems (missing keys, wrong types, limits)
     * @throws UnsupportedObjectError for unknown names or a foreign project namespace
     * @throws IncompatibleObjectVersion when the version is newer than any registered class can serve
     * @throws FieldValueException when a field value cannot be coerced
     */
    public VersionedObject fromPrimitive(Object primitive) {
        return new Decoder(registry, limits).decode(primitive);
    }

    /** Hydrates and checks the class. */
    public <T extends VersionedObject> T fromPrimitive(Object primitive, Class<T> type) {
        VersionedObject o = fromPrimitive(primitive);
        if (!type.isInstance(o)) {
            throw new MalformedPrimitiveException("Expected a " + type.getSimpleName() + " primitive, got " + o.objectName());
        }
        return type.cast(o);
    }

    /** Parses JSON into a primitive tree (maps, lists, strings, numbers, booleans, null) within the limits. */
    public Object parseJson(byte[] json) {
        try {
            return mapper.readValue(json, Object.class);
        } catch (StreamConstraintsException e) {
            throw new MalformedPrimitiveException("JSON exceeds the codec limits (" + limits + "): " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new MalformedPrimitiveException("Not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedPrimitiveException("Cannot read JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads JSON bytes straight into an object (streaming, no intermediate tree) when they have the
     * usual shape; otherwise, and for every error, through {@link #parseJson} and
     * {@link #fromPrimitive}, so results and error messages are those of the tree codec.
     */
    public VersionedObject fromJson(byte[] json) {
        VersionedObject o = StreamDecoder.tryDecode(registry, limits, json);
        return o != null ? o : treeFromJson(json);
    }

    /** The tree path of {@link #fromJson}: JSON to primitive to object (the reference; kept for tests). */
    VersionedObject treeFromJson(byte[] json) {
        return fromPrimitive(parseJson(json));
    }

    /** Serialises any primitive tree to JSON bytes. */
    public byte[] toJson(Object primitive) {
        try {
            return mapper.writeValueAsBytes(primitive);
        } catch (JsonProcessingException e) {
            throw new ObjectException("Cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The object at its own version as JSON bytes, written straight from the schema (streaming, no
     * primitive map); byte for byte what {@code toJson(obj.toPrimitive())} writes, which is used
     * whenever the streaming path cannot reproduce it (and reports any error).
     */
    public byte[] toJson(VersionedObject obj) {
        byte[] json = StreamEncoder.tryEncode(obj);
        return json != null ? json : treeToJson(obj);
    }

    /** The tree path of {@link #toJson(VersionedObject)}: object to primitive to JSON (the reference). */
    byte[] treeToJson(VersionedObject obj) {
        return toJson((Object) obj.toPrimitive());
    }

    public byte[] toJson(VersionedObject obj, Version target) {
        if (target.equals(obj.version())) {
            return toJson(obj);
        }
        return toJson((Object) obj.toPrimitive(target));
    }

    public byte[] toJson(VersionedObject obj, Map<String, Version> manifest) {
        return toJson((Object) obj.toPrimitive(manifest));
    }
}
