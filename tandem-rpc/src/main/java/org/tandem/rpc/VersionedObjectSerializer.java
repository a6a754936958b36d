package org.tandem.rpc;

import java.util.Map;
import java.util.Objects;
import org.tandem.objects.IncompatibleObjectVersion;
import org.tandem.objects.ObjectCodec;
import org.tandem.objects.ObjectException;
import org.tandem.objects.ObjectRegistry;
import org.tandem.objects.VersionedObject;

/**
 * The object-aware serializer (oslo's {@code NovaObjectSerializer}): {@link VersionedObject}s in
 * arguments and results go on the wire as primitives chosen by {@link ObjectVersionTargets}
 * (current version by default), and primitives in received arguments and results are hydrated
 * through an {@link ObjectRegistry}. A version no local class serves is retried without its third
 * component, then handed to the {@link IncompatibleObjectHandler}
 * ({@link IncompatibleObjectHandler#NO_CONDUCTOR} by default). A primitive that cannot be decoded
 * for another reason fails the dispatch with {@link InvalidRpcArgumentsException}.
 */
public final class VersionedObjectSerializer extends ObjectPrimitiveSerializer {
    private final ObjectCodec codec;
    private final ObjectVersionTargets targets;

    public VersionedObjectSerializer(ObjectRegistry registry) {
        this(registry, IncompatibleObjectHandler.NO_CONDUCTOR, ObjectVersionTargets.CURRENT);
    }

    public VersionedObjectSerializer(ObjectRegistry registry, IncompatibleObjectHandler handler,
            ObjectVersionTargets targets) {
        super(Objects.requireNonNull(registry, "registry").namespace().serial(), handler);
        this.codec = new ObjectCodec(registry);
        this.targets = Objects.requireNonNull(targets, "targets");
    }

    /** The same registry and handler, sending objects as {@code targets} says (e.g. a receiver's manifest). */
    public VersionedObjectSerializer withTargets(ObjectVersionTargets newTargets, IncompatibleObjectHandler handler) {
        return new VersionedObjectSerializer(codec.registry(), handler, newTargets);
    }

    @Override
    protected boolean isObject(Object value) {
        return value instanceof VersionedObject;
    }

    @Override
    protected Map<String, Object> toPrimitive(RequestContext ctx, Object object) {
        return targets.primitive(ctx, (VersionedObject) object);
    }

    @Override
    protected Object hydrate(RequestContext ctx, Map<String, Object> primitive) {
        try {
            return codec.fromPrimitive(primitive);
        } catch (IncompatibleObjectVersion e) {
            throw new ObjectVersionMismatch(e.objectName(), String.valueOf(e.requestedVersion()),
                    e.supportedVersion() == null ? null : e.supportedVersion().toString());
        } catch (ObjectException e) {
            throw new InvalidRpcArgumentsException("Cannot hydrate object primitive "
                    + primitive.get(codec.registry().namespace().nameKey()) + ": " + e.getMessage());
        }
    }
}
