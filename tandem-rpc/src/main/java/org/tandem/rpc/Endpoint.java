package org.tandem.rpc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tandem.version.Version;

/**
 * One object registered on an RPC server with its namespace and version, and its method table
 * built once by reflection.
 *
 * <p>RPC methods are the public instance methods (declared on the class or inherited, except
 * {@code Object}'s) whose first parameter is a {@link RequestContext}; the remaining parameters
 * are the keyword arguments. Wire names are the Java names in snake_case
 * ({@code buildAndRunInstance(ctx, instance, cleanShutdown)} is {@code build_and_run_instance}
 * with kwargs {@code instance}, {@code clean_shutdown}) unless {@link RpcMethod}/{@link RpcArg}
 * say otherwise. Overloaded wire names are refused. Parameter names need {@code javac -parameters}.
 */
public final class Endpoint {
    private final Object target;
    private final String namespace;
    private final Version version;
    private final Map<String, MethodSpec> methods;

    private Endpoint(Object target, String namespace, Version version) {
        this.target = Objects.requireNonNull(target, "endpoint object");
        this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
        this.version = version == null ? Version.of(1, 0) : version;
        this.methods = Collections.unmodifiableMap(scan(target.getClass()));
    }

    /** An endpoint whose namespace and version come from its class's {@link RpcEndpoint}. */
    public static Endpoint of(Object target) {
        RpcEndpoint a = Objects.requireNonNull(target, "endpoint object").getClass().getAnnotation(RpcEndpoint.class);
        if (a == null) {
            throw new IllegalArgumentException(target.getClass().getName() + " has no @RpcEndpoint annotation; "
                    + "annotate it or use Endpoint.of(object, namespace, version)");
        }
        return new Endpoint(target, a.namespace(), Version.parse(a.version()));
    }

    /** An endpoint with an explicit namespace (null = null namespace) and version. */
    public static Endpoint of(Object target, String namespace, Version version) {
        return new Endpoint(target, namespace, Objects.requireNonNull(version, "version"));
    }

    public Object target() {
        return target;
    }

    /** The namespace, or null for the null namespace. */
    public String namespace() {
        return namespace;
    }

    public Version version() {
        return version;
    }

    /** The wire names of its RPC methods. */
    public Set<String> methodNames() {
        return methods.keySet();
    }

    /** The method of this wire name, or null. */
    public MethodSpec method(String wireName) {
        return methods.get(wireName);
    }

    @Override
    public String toString() {
        return target.getClass().getSimpleName() + "(namespace=" + namespace + ", version=" + version + ")";
    }

    /** {@code buildAndRunInstance} to {@code build_and_run_instance}. */
    static String snakeCase(String javaName) {
        StringBuilder out = new StringBuilder(javaName.length() + 8);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && javaName.charAt(i - 1) != '_') {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Map<String, MethodSpec> scan(Class<?> type) {
        Map<String, MethodSpec> table = new LinkedHashMap<>();
        for (Method m : type.getMethods()) {
            if (m.getDeclaringClass() == Object.class || Modifier.isStatic(m.getModifiers()) || m.isBridge()
                    || m.isSynthetic()) {
                continue;
            }
            Parameter[] ps = m.getParameters();
            if (ps.length == 0 || ps[0].getType() != RequestContext.class) {
                continue;
            }
            RpcMethod rename = m.getAnnotation(RpcMethod.class);
            String wire = rename != null ? rename.value() : snakeCase(m.getName());
            MethodSpec spec = new MethodSpec(wire, m);
            MethodSpec clash = table.put(wire, spec);
            if (clash != null) {
                throw new IllegalArgumentException(type.getName() + " has two RPC methods named '" + wire + "' ("
                        + clash.method + " and " + m + "); RPC methods cannot be overloaded, rename one with @RpcMethod");
            }
        }
        return table;
    }

    /** One RPC method: its wire name, its keyword arguments and how to invoke it. */
    public static final class MethodSpec {
        private final String name;
        private final Method method;
        private final List<ArgSpec> args;
        private final Set<String> argNames;

        MethodSpec(String name, Method method) {
            this.name = name;
            this.method = method;
            method.setAccessible(true);
            Parameter[] ps = method.getParameters();
            List<ArgSpec> list = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (int i = 1; i < ps.length; i++) {
                Parameter p = ps[i];
                if (!p.isNamePresent() && (p.getAnnotation(RpcArg.class) == null
                        || p.getAnnotation(RpcArg.class).value().isEmpty())) {
                    throw new IllegalArgumentException(method + ": parameter names are not available; compile with "
                            + "'javac -parameters' or name each parameter with @RpcArg(\"name\")");
                }
                RpcArg a = p.getAnnotation(RpcArg.class);
                String wire = a != null && !a.value().isEmpty() ? a.value() : snakeCase(p.getName());
                if (!names.add(wire)) {
                    throw new IllegalArgumentException(method + ": two parameters map to the keyword '" + wire + "'");
                }
                list.add(new ArgSpec(wire, p.getType(), a != null && a.optional()));
            }
            this.args = List.copyOf(list);
            this.argNames = Collections.unmodifiableSet(names);
        }

        public String name() {
            return name;
        }

        public Set<String> argNames() {
            return argNames;
        }

        /**
         * Invokes the method with keyword arguments.
         *
         * @throws InvalidRpcArgumentsException for unknown, missing or ill-typed arguments
         * @throws InvocationTargetException wrapping what the method threw
         */
        public Object invoke(Object target, RequestContext ctx, Map<String, Object> kwargs)
                throws InvocationTargetException {
            for (String k : kwargs.keySet()) {
                if (!argNames.contains(k)) {
                    throw new InvalidRpcArgumentsException(name + "() got an unexpected keyword argument '" + k + "'");
                }
            }
            List<String> missing = new ArrayList<>();
            Object[] values = new Object[args.size() + 1];
            values[0] = ctx;
            for (int i = 0; i < args.size(); i++) {
                ArgSpec a = args.get(i);
                if (!kwargs.containsKey(a.name)) {
                    if (!a.optional) {
                        missing.add(a.name);
                    }
                    values[i + 1] = a.absent();
                } else {
                    values[i + 1] = a.convert(name, kwargs.get(a.name));
                }
            }
            if (!missing.isEmpty()) {
                throw new InvalidRpcArgumentsException(name + "() missing " + missing.size() + " required keyword argument"
                        + (missing.size() == 1 ? "" : "s") + ": '" + String.join("', '", missing) + "'");
            }
            try {
                return method.invoke(target, values);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot invoke " + method + ": " + e.getMessage(), e);
            }
        }
    }

    private record ArgSpec(String name, Class<?> type, boolean optional) {

        Object absent() {
            if (!type.isPrimitive()) {
                return null;
            }
            if (type == boolean.class) {
                return false;
            }
            if (type == char.class) {
                return '\0';
            }
            return convertNumber(0, type);
        }

        Object convert(String method, Object value) {
            if (value == null) {
                if (type.isPrimitive()) {
                    throw new InvalidRpcArgumentsException(method + "() argument '" + name + "' must be a "
                            + type.getName() + ", got null");
                }
                return null;
            }
            Class<?> boxed = box(type);
            if (boxed.isInstance(value)) {
                return value;
            }
            if (value instanceof Number n && Number.class.isAssignableFrom(boxed)) {
                Object converted = exactNumber(n, boxed);
                if (converted != null) {
                    return converted;
                }
            }
            throw new InvalidRpcArgumentsException(method + "() argument '" + name + "' must be a "
                    + type.getSimpleName() + ", got " + org.tandem.rpc.internal.Json.typeName(value) + " (" + value + ")");
        }

        private static Object exactNumber(Number n, Class<?> boxed) {
            try {
                BigDecimal d = n instanceof BigDecimal bd ? bd : n instanceof BigInteger bi ? new BigDecimal(bi)
                        : (n instanceof Double || n instanceof Float) ? BigDecimal.valueOf(n.doubleValue())
                        : BigDecimal.valueOf(n.longValue());
                if (boxed == Integer.class) {
                    return d.intValueExact();
                }
                if (boxed == Long.class) {
                    return d.longValueExact();
                }
                if (boxed == Short.class) {
                    return d.shortValueExact();
                }
                if (boxed == Double.class) {
                    return n.doubleValue();
                }
                if (boxed == Float.class) {
                    return n.floatValue();
                }
                if (boxed == BigInteger.class) {
                    return d.toBigIntegerExact();
                }
                if (boxed == BigDecimal.class) {
                    return d;
                }
                if (boxed == Number.class) {
                    return n;
                }
            } catch (ArithmeticException e) {
                return null;
            }
            return null;
        }

        private static Object convertNumber(int zero, Class<?> type) {
            return exactNumber(zero, box(type));
        }

        private static Class<?> box(Class<?> t) {
            if (!t.isPrimitive()) {
                return t;
            }
            if (t == int.class) {
                return Integer.class;
            }
            if (t == long.class) {
                return Long.class;
            }
            if (t == boolean.class) {
                return Boolean.class;
            }
            if (t == double.class) {
                return Double.class;
            }
            if (t == float.class) {
                return Float.class;
            }
            if (t == short.class) {
                return Short.class;
            }
            if (t == byte.class) {
                return Byte.class;
            }
            return Character.class;
        }
    }
}
