package org.tandem.rpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Skeleton of an object-aware serializer: walks arguments and results (maps and lists, any depth),
 * hands every map holding {@code <namespace>.name} to {@link #hydrate} and every value
 * {@link #isObject} accepts to {@link #toPrimitive}. When hydration reports an
 * {@link ObjectVersionMismatch} it first retries without a third version component
 * ({@code X.Y.Z} to {@code X.Y}), then asks the {@link IncompatibleObjectHandler} for a backport and
 * hydrates its answer.
 */
public abstract class ObjectPrimitiveSerializer implements Serializer {
    private final String serialNamespace;
    private final IncompatibleObjectHandler incompatibleHandler;

    /**
     * @param serialNamespace the primitive key prefix, {@code nova_object} for Nova peers
     * @param incompatibleHandler what to do with objects too new to hydrate
     */
    protected ObjectPrimitiveSerializer(String serialNamespace, IncompatibleObjectHandler incompatibleHandler) {
        this.serialNamespace = Objects.requireNonNull(serialNamespace, "serialNamespace");
        this.incompatibleHandler = Objects.requireNonNull(incompatibleHandler, "incompatibleHandler");
    }

    /** True for in-memory objects this serializer turns into primitives. */
    protected abstract boolean isObject(Object value);

    /** The primitive of an object, in the version the receiver should get. */
    protected abstract Map<String, Object> toPrimitive(RequestContext ctx, Object object);

    /**
     * Hydrates a primitive.
     *
     * @throws ObjectVersionMismatch when its version is not supported here
     */
    protected abstract Object hydrate(RequestContext ctx, Map<String, Object> primitive);

    @Override
    public Object serializeEntity(RequestContext ctx, Object entity) {
        if (entity != null && isObject(entity)) {
            return toPrimitive(ctx, entity);
        }
        if (entity instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), serializeEntity(ctx, v)));
            return out;
        }
        if (entity instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(serializeEntity(ctx, v)));
            return out;
        }
        return entity;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object deserializeEntity(RequestContext ctx, Object entity) {
        if (entity instanceof Map<?, ?> map) {
            if (map.containsKey(serialNamespace + ".name")) {
                return hydrateOrBackport(ctx, (Map<String, Object>) map);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), deserializeEntity(ctx, v)));
            return out;
        }
        if (entity instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(deserializeEntity(ctx, v)));
            return out;
        }
        return entity;
    }

    private Object hydrateOrBackport(RequestContext ctx, Map<String, Object> primitive) {
        try {
            return hydrate(ctx, primitive);
        } catch (ObjectVersionMismatch mismatch) {
            String versionKey = serialNamespace + ".version";
            Object version = primitive.get(versionKey);
            if (version instanceof String v && v.chars().filter(c -> c == '.').count() == 2) {
                Map<String, Object> twoPart = new LinkedHashMap<>(primitive);
                twoPart.put(versionKey, v.substring(0, v.lastIndexOf('.')));
                try {
                    return hydrate(ctx, twoPart);
                } catch (ObjectVersionMismatch stillTooNew) {
                    mismatch = stillTooNew;
                }
            }
            Map<String, Object> backported = incompatibleHandler.backport(ctx, primitive, mismatch);
            return hydrate(ctx, backported);
        }
    }
}
