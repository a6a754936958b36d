package org.tandem.rpc;

/** Passes entities through unchanged; values must already be JSON-compatible. */
public final class NoOpSerializer implements Serializer {
    public static final NoOpSerializer INSTANCE = new NoOpSerializer();

    private NoOpSerializer() {
    }

    @Override
    public Object serializeEntity(RequestContext ctx, Object entity) {
        return entity;
    }

    @Override
    public Object deserializeEntity(RequestContext ctx, Object entity) {
        return entity;
    }
}
