package org.tandem.model.indirection;

import java.util.Map;
import org.tandem.model.ReleaseObjects;
import org.tandem.objects.IncompatibleObjectVersion;
import org.tandem.objects.ObjectCodec;
import org.tandem.objects.VersionedObject;
import org.tandem.rpc.IncompatibleObjectHandler;
import org.tandem.rpc.ObjectPrimitiveSerializer;
import org.tandem.rpc.ObjectVersionMismatch;
import org.tandem.rpc.RequestContext;

/**
 * Nova's object serializer: model objects travel as {@code nova_object} primitives; a primitive
 * newer than this build knows goes to the {@link IncompatibleObjectHandler} (the conductor's
 * {@code object_backport} on computes).
 */
public final class ModelSerializer extends ObjectPrimitiveSerializer {
    private final ObjectCodec codec;

    public ModelSerializer(IncompatibleObjectHandler incompatibleHandler) {
        this(new ObjectCodec(ReleaseObjects.registry()), incompatibleHandler);
    }

    public ModelSerializer(ObjectCodec codec, IncompatibleObjectHandler incompatibleHandler) {
        super("nova_object", incompatibleHandler);
        this.codec = codec;
    }

    /** A serializer that fails on objects too new to read (services that are the newest release). */
    public static ModelSerializer failingOnNewerObjects() {
        return new ModelSerializer(IncompatibleObjectHandler.FAIL);
    }

    public ObjectCodec codec() {
        return codec;
    }

    @Override
    protected boolean isObject(Object value) {
        return value instanceof VersionedObject;
    }

    @Override
    protected Map<String, Object> toPrimitive(RequestContext ctx, Object object) {
        return ((VersionedObject) object).toPrimitive();
    }

    @Override
    protected Object hydrate(RequestContext ctx, Map<String, Object> primitive) {
        try {
            return codec.fromPrimitive(primitive);
        } catch (IncompatibleObjectVersion e) {
            throw new ObjectVersionMismatch(e.objectName(), String.valueOf(e.requestedVersion()),
                    String.valueOf(e.supportedVersion()));
        }
    }
}
