package org.tandem.rpc;

import java.util.Map;

/**
 * Which context methods of a {@link Serializer} class are the interface's defaults: then the client
 * and the server may take faster paths that give the same dicts (a context's entries made once,
 * a received dict read without a copy).
 */
final class SerializerDefaults {
    private static final ClassValue<Boolean> WRITES_DEFAULT = keeps("serializeContext", RequestContext.class);
    private static final ClassValue<Boolean> READS_DEFAULT = keeps("deserializeContext", Map.class);

    private SerializerDefaults() {
    }

    /** True when {@code s} keeps {@link Serializer#serializeContext}'s default ({@link RequestContext#toDict}). */
    static boolean writesContextAsItsDict(Serializer s) {
        return WRITES_DEFAULT.get(s.getClass());
    }

    /** True when {@code s} keeps {@link Serializer#deserializeContext}'s default ({@link RequestContext#fromDict}). */
    static boolean readsContextFromItsDict(Serializer s) {
        return READS_DEFAULT.get(s.getClass());
    }

    private static ClassValue<Boolean> keeps(String method, Class<?> parameter) {
        return new ClassValue<>() {
            @Override
            protected Boolean computeValue(Class<?> type) {
                try {
                    return type.getMethod(method, parameter).getDeclaringClass() == Serializer.class;
                } catch (NoSuchMethodException e) {
                    return false;
                }
            }
        };
    }
}
