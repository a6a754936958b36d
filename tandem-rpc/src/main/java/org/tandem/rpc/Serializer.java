package org.tandem.rpc;

import java.util.Map;

/**
 * Converts between in-memory values and JSON-compatible wire values at the RPC edge (oslo's
 * Serializer): arguments and results through the entity methods, the request context through
 * the context methods. The object-aware serializer (versioned objects to {@code nova_object.*}
 * primitives) implements this; {@link #noOp()} passes values through.
 */
public interface Serializer {

    /** In-memory value to JSON-compatible value (argument before sending, result before replying). */
    Object serializeEntity(RequestContext ctx, Object entity);

    /** JSON-compatible value to in-memory value (argument on receipt, result on the caller). */
    Object deserializeEntity(RequestContext ctx, Object entity);

    /** Context to the context dict (keys without {@code _context_}). */
    default Map<String, Object> serializeContext(RequestContext ctx) {
        return ctx.toDict();
    }

    /** Context dict (keys without {@code _context_}) to a context. */
    default RequestContext deserializeContext(Map<String, Object> dict) {
        return RequestContext.fromDict(dict);
    }

    /** The identity serializer. */
    static Serializer noOp() {
        return NoOpSerializer.INSTANCE;
    }
}
