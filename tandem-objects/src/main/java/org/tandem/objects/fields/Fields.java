package org.tandem.objects.fields;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tandem.objects.FieldValueException;
import org.tandem.objects.MalformedPrimitiveException;
import org.tandem.objects.VersionedObject;
import org.tandem.objects.json.JsonInput;
import org.tandem.objects.json.JsonOutput;
import org.tandem.objects.internal.PyText;

/**
 * The field types, encoded exactly as oslo.versionedobjects encodes them. Collections held in
 * objects are unmodifiable copies: assign a new collection to change a field.
 */
public final class Fields {
    private Fields() {
    }

    /** Text; coerces numbers, booleans and datetimes the way Python's {@code str()} prints them. */
    public static final FieldType<String> STRING = new StringType("String");
    /** UUID text (not validated, like OVO and Kilo); accepts {@link java.util.UUID} too. */
    public static final FieldType<String> UUID = new StringType("UUID");
    /** Integer held as {@code Long}; coerces numeric strings and truncates floats like Python's {@code int()}. */
    public static final FieldType<Long> INTEGER = new IntegerType();
    /** Float held as {@code Double}; coerces numeric strings like Python's {@code float()}. */
    public static final FieldType<Double> FLOAT = new FloatType();
    /** Boolean; coerces any value by Python truthiness (so the string "false" is true, as in OVO). */
    public static final FieldType<Boolean> BOOLEAN = new BooleanType();
    /** Timestamp; encoded as {@code YYYY-MM-DDTHH:MM:SSZ} (whole seconds), naive values are UTC. */
    public static final FieldType<OffsetDateTime> DATETIME = new DateTimeType();

    /** An IPv4 or IPv6 address held as its canonical text (netaddr's {@code str()}). */
    public static final FieldType<String> IP_ADDRESS = new IpType("IPAddress", 0);
    /** An IPv4 address (inet_aton input rules, e.g. {@code 010.0.0.1} is {@code 8.0.0.1} as in OVO). */
    public static final FieldType<String> IPV4_ADDRESS = new IpType("IPV4Address", 4);
    /** An IPv6 address, printed compressed and lower case. */
    public static final FieldType<String> IPV6_ADDRESS = new IpType("IPV6Address", 6);

    /** Integer that must be {@code >= 0} ({@code NonNegativeIntegerField}). */
    public static final FieldType<Long> NON_NEGATIVE_INTEGER = new NonNegative<>(new IntegerType(), "NonNegativeInteger");
    /** Float that must be {@code >= 0} ({@code NonNegativeFloatField}). */
    public static final FieldType<Double> NON_NEGATIVE_FLOAT = new NonNegative<>(new FloatType(), "NonNegativeFloat");

    /**
     * A set ({@code Set(...)}, e.g. Nova's {@code SetOfIntegersField}), encoded as a JSON array.
     * Python emits sets in hash order; Tandem emits comparable elements sorted (identical for
     * small integers) and keeps insertion order otherwise.
     */
    public static <V> FieldType<Set<V>> setOf(FieldType<V> elements) {
        return new SetType<>(elements);
    }

    /** A string restricted to the given values. */
    public static FieldType<String> enumOf(String... validValues) {
        return new EnumType(List.of(validValues));
    }

    /** A dictionary with string keys. */
    public static <V> FieldType<Map<String, V>> dictOf(FieldType<V> values) {
        return new DictType<>(values);
    }

    /** A list. */
    public static <V> FieldType<List<V>> listOf(FieldType<V> elements) {
        return new ListType<>(elements);
    }

    /** Makes an element type of a dict or list accept null ({@code Dict(String(), nullable=True)}). */
    public static <V> FieldType<V> nullable(FieldType<V> type) {
        return new NullableType<>(type);
    }

    /** A nested versioned object of the given registered name. */
    public static <T extends VersionedObject> FieldType<T> object(String objectName, Class<T> javaType) {
        return new ObjectType<>(objectName, javaType);
    }

    /** A list of nested versioned objects ({@code ListOfObjectsField}). */
    public static <T extends VersionedObject> FieldType<List<T>> listOfObjects(String objectName, Class<T> javaType) {
        return new ObjectListType<>(new ObjectType<>(objectName, javaType));
    }

    /**
     * {@code type.readJson(in, attr, ctx)}, with the common types' readers called directly rather
     * than through the virtual call (the streaming decoder's per-field step, where that call site
     * sees every type).
     */
    public static Object readJson(FieldType<?> type, JsonInput in, String attr, DecodeContext ctx) {
        if (type instanceof StringType t) {
            return t.readJson(in, attr, ctx);
        }
        if (type instanceof IntegerType t) {
            return t.readJson(in, attr, ctx);
        }
        if (type instanceof BooleanType t) {
            return t.readJson(in, attr, ctx);
        }
        if (type instanceof DateTimeType t) {
            return t.readJson(in, attr, ctx);
        }
        return type.readJson(in, attr, ctx);
    }

    static String typeName(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                || value instanceof BigInteger) {
            return "int";
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return "float";
        }
        if (value instanceof Map) {
            return "dict";
        }
        if (value instanceof Collection) {
            return "list";
        }
        if (value instanceof VersionedObject vo) {
            return vo.schema().name();
        }
        return value.getClass().getSimpleName();
    }

    static FieldValueException required(String what, String attr, Object value) {
        return new FieldValueException("A " + what + " is required in field " + attr + ", not a " + typeName(value));
    }

    static FieldValueException cannotBeNone(String attr) {
        return new FieldValueException("Field `" + attr + "' cannot be None");
    }

    // ------------------------------------------------------------------------------------------

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Fields.class);
    private static final java.util.Set<String> WARNED_UUID_FIELDS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Python's uuid.UUID() acceptance: optional urn:uuid: prefix and braces, hyphens anywhere, 32 hex digits. */
    static boolean looksLikeUuid(String s) {
        int from = s.startsWith("urn:uuid:") ? 9 : 0;
        int hex = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                hex++;
            } else if (c != '-' && c != '{' && c != '}') {
                return false;
            }
        }
        return hex == 32;
    }

    static final class StringType extends FieldType<String> {
        private final String name;
        private final boolean uuid;

        StringType(String name) {
            this.name = name;
            this.uuid = name.equals("UUID");
        }

        private String checked(String value, String attr) {
            if (uuid && !looksLikeUuid(value) && WARNED_UUID_FIELDS.size() < 1000 && WARNED_UUID_FIELDS.add(attr)) {
                LOG.warn("UUID field {} was given '{}', which is not a UUID; accepted as oslo.versionedobjects does "
                        + "(Kilo does not validate), but the sender should be fixed. Further cases for this field are "
                        + "not logged.", attr, PyText.clip(value));
            }
            return value;
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public String coerce(Object value, String attr) {
            return checked(coerceText(value, attr), attr);
        }

        private String coerceText(Object value, String attr) {
            if (value instanceof String s) {
                return s;
            }
            if (value instanceof Boolean b) {
                return b ? "True" : "False";
            }
            if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                    || value instanceof BigInteger) {
                return value.toString();
            }
            if (value instanceof Double || value instanceof Float) {
                return PyText.floatRepr(((Number) value).doubleValue());
            }
            if (value instanceof BigDecimal d) {
                return PyText.floatRepr(d.doubleValue());
            }
            if (value instanceof OffsetDateTime t) {
                return PyText.datetimeStr(t);
            }
            if (name.equals("UUID") && value instanceof java.util.UUID u) {
                return u.toString();
            }
            throw required("string", attr, value);
        }

        @Override
        public Object toPrimitive(String value, EncodeContext ctx) {
            return value;
        }

        @Override
        public String fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            if (primitive instanceof String s) {
                return checked(ctx.checkString(s, attr), attr);
            }
            return coerce(primitive, attr);
        }

        @Override
        public void writeJson(String value, JsonOutput out, EncodeContext ctx) {
            out.writeString(value);
        }

        @Override
        public String readJson(JsonInput in, String attr, DecodeContext ctx) {
            if (in.peek() == '"') {
                String s = ctx.checkString(in.readString(), attr);
                return uuid && !in.lastStringIsCanonicalUuid() ? checked(s, attr) : s;
            }
            return super.readJson(in, attr, ctx);
        }
    }

    static final class IpType extends FieldType<String> {
        private final String name;
        private final int version;

        IpType(String name, int version) {
            this.name = name;
            this.version = version;
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public String coerce(Object value, String attr) {
            String canonical;
            if (value instanceof String s) {
                canonical = org.tandem.objects.internal.IpText.normalize(s);
            } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
                canonical = org.tandem.objects.internal.IpText.fromInteger(BigInteger.valueOf(((Number) value).longValue()));
            } else if (value instanceof BigInteger b) {
                canonical = org.tandem.objects.internal.IpText.fromInteger(b);
            } else if (value instanceof java.net.InetAddress a) {
                String host = a.getHostAddress();
                int zone = host.indexOf('%');
                canonical = org.tandem.objects.internal.IpText.normalize(zone < 0 ? host : host.substring(0, zone));
            } else {
                throw required("IP address", attr, value);
            }
            if (canonical == null) {
                throw new FieldValueException("failed to detect a valid IP address from '"
                        + PyText.clip(String.valueOf(value)) + "' in field " + attr);
            }
            boolean v6 = org.tandem.objects.internal.IpText.isV6(canonical);
            if ((version == 4 && v6) || (version == 6 && !v6)) {
                throw new FieldValueException("Network \"" + PyText.clip(String.valueOf(value)) + "\" is not valid in field "
                        + attr + " (an IPv" + version + " address is required)");
            }
            return canonical;
        }

        @Override
        public Object toPrimitive(String value, EncodeContext ctx) {
            return value;
        }

        @Override
        public String fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            if (primitive instanceof String s) {
                ctx.checkString(s, attr);
            }
            return coerce(primitive, attr);
        }

        @Override
        public void writeJson(String value, JsonOutput out, EncodeContext ctx) {
            out.writeString(value);
        }

        @Override
        public String readJson(JsonInput in, String attr, DecodeContext ctx) {
            if (in.peek() == '"') {
                String s = ctx.checkString(in.readString(), attr);
                // an address already written the canonical way is its own normal form
                boolean canonical = version != 6 && org.tandem.objects.internal.IpText.isCanonicalV4(s)
                        || version != 4 && org.tandem.objects.internal.IpText.isCanonicalV6(s);
                return canonical ? s : coerce(s, attr);
            }
            return super.readJson(in, attr, ctx);
        }
    }

    static final class NonNegative<V extends Number> extends FieldType<V> {
        private final FieldType<V> inner;
        private final String name;

        NonNegative(FieldType<V> inner, String name) {
            this.inner = inner;
            this.name = name;
        }

        @Override
        public String describe() {
            return name;
        }

        private V check(V v, String attr) {
            if (v.doubleValue() < 0) {
                throw new FieldValueException("Value must be >= 0 for field " + attr);
            }
            return v;
        }

        @Override
        public V coerce(Object value, String attr) {
            return check(inner.coerce(value, attr), attr);
        }

        @Override
        public Object toPrimitive(V value, EncodeContext ctx) {
            return inner.toPrimitive(value, ctx);
        }

        @Override
        public V fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            return check(inner.fromPrimitive(primitive, attr, ctx), attr);
        }

        @Override
        public void writeJson(V value, JsonOutput out, EncodeContext ctx) {
            inner.writeJson(value, out, ctx);
        }

        @Override
        public V readJson(JsonInput in, String attr, DecodeContext ctx) {
            return check(inner.readJson(in, attr, ctx), attr);
        }
    }

    static final class SetType<V> extends FieldType<Set<V>> {
        private final ListType<V> list;

        SetType(FieldType<V> elements) {
            this.list = new ListType<>(elements);
        }

        @Override
        public String describe() {
            return "Set<" + list.elements.describe() + ">";
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static <V> Set<V> ordered(List<V> values) {
            boolean comparable = true;
            for (V v : values) {
                if (!(v instanceof Comparable) || (values.get(0) != null && v != null && v.getClass() != values.get(0).getClass())) {
                    comparable = false;
                    break;
                }
            }
            if (comparable && !values.isEmpty()) {
                List<V> sorted = new ArrayList<>(values);
                sorted.sort((a, b) -> ((Comparable) a).compareTo(b));
                return Collections.unmodifiableSet(new LinkedHashSet<>(sorted));
            }
            return Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }

        @Override
        public Set<V> coerce(Object value, String attr) {
            if (!(value instanceof Set<?>) && !(value instanceof List<?>)) {
                throw required("set", attr, value);
            }
            return ordered(list.coerce(value, attr));
        }

        @Override
        public Object toPrimitive(Set<V> value, EncodeContext ctx) {
            return list.toPrimitive(new ArrayList<>(value), ctx);
        }

        @Override
        public Set<V> fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            return ordered(list.fromPrimitive(primitive, attr, ctx));
        }

        @Override
        public void writeJson(Set<V> value, JsonOutput out, EncodeContext ctx) {
            list.writeElements(value, out, ctx);
        }

        @Override
        public Set<V> readJson(JsonInput in, String attr, DecodeContext ctx) {
            return ordered(list.readJson(in, attr, ctx));
        }
    }

    static final class EnumType extends FieldType<String> {
        private final List<String> valid;
        private final Set<String> validSet;

        EnumType(List<String> valid) {
            if (valid.isEmpty()) {
                throw new IllegalArgumentException("an enum field needs at least one valid value");
            }
            this.valid = valid;
            this.validSet = new LinkedHashSet<>(valid);
            List<byte[]> quoted = new ArrayList<>();
            for (String v : valid) {
                if (v.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\')) {
                    quoted.add(("\"" + v + "\"").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    quotedValues.add(v);
                }
            }
            this.quoted = quoted.toArray(new byte[0][]);
        }

        /** The valid values that need no escaping, as JSON strings, and the values themselves (streaming codec). */
        private final byte[][] quoted;
        private final List<String> quotedValues = new ArrayList<>();

        @Override
        public String describe() {
            return "Enum" + valid;
        }

        @Override
        public String coerce(Object value, String attr) {
            if (value instanceof String s && validSet.contains(s)) {
                return s;
            }
            throw new FieldValueException("Field value " + value + " is invalid in field " + attr + " (valid values: "
                    + String.join(", ", valid) + ")");
        }

        @Override
        public Object toPrimitive(String value, EncodeContext ctx) {
            return value;
        }

        @Override
        public String fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            if (primitive instanceof String s) {
                ctx.checkString(s, attr);
            }
            return coerce(primitive, attr);
        }

        @Override
        public void writeJson(String value, JsonOutput out, EncodeContext ctx) {
            out.writeString(value);
        }

        @Override
        public String readJson(JsonInput in, String attr, DecodeContext ctx) {
            int k = in.consumeOneOf(quoted); // a valid value as it is written: the schema's own string, no copy
            return k >= 0 ? quotedValues.get(k) : super.readJson(in, attr, ctx);
        }
    }

    static final class IntegerType extends FieldType<Long> {
        @Override
        public String describe() {
            return "Integer";
        }

        @Override
        public Long coerce(Object value, String attr) {
            if (value instanceof Long l) {
                return l;
            }
            if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                return ((Number) value).longValue();
            }
            if (value instanceof Boolean b) {
                return b ? 1L : 0L;
            }
            if (value instanceof BigInteger b) {
                return exact(b, attr, value);
            }
            if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
                double d = ((Number) value).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new FieldValueException("cannot convert float " + PyText.floatRepr(d) + " to integer in field " + attr);
                }
                BigDecimal exact = value instanceof BigDecimal bd ? bd : new BigDecimal(d);
                return exact(exact.toBigInteger(), attr, value);
            }
            if (value instanceof String s) {
                BigInteger parsed = PyText.parseInt(s);
                if (parsed == null) {
                    throw new FieldValueException("invalid literal for int() with base 10: '" + PyText.clip(s)
                            + "' in field " + attr);
                }
                return exact(parsed, attr, value);
            }
            throw required("integer", attr, value);
        }

        private static Long exact(BigInteger b, String attr, Object value) {
            if (b.bitLength() > 63) {
                throw new FieldValueException("Integer " + PyText.clip(String.valueOf(value)) + " in field " + attr
                        + " is outside the supported 64-bit range");
            }
            return b.longValue();
        }

        @Override
        public Object toPrimitive(Long value, EncodeContext ctx) {
            return value;
        }

        @Override
        public Long fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            if (primitive instanceof String s) {
                ctx.checkString(s, attr);
            }
            return coerce(primitive, attr);
        }

        @Override
        public void writeJson(Long value, JsonOutput out, EncodeContext ctx) {
            out.writeLong(value);
        }

        @Override
        public Long readJson(JsonInput in, String attr, DecodeContext ctx) {
            Long v = in.readSmallLong();
            return v != null ? v : super.readJson(in, attr, ctx);
        }
    }

    static final class FloatType extends FieldType<Double> {
        @Override
        public String describe() {
            return "Float";
        }

        @Override
        public Double coerce(Object value, String attr) {
            if (value instanceof Double d) {
                return d;
            }
            if (value instanceof Boolean b) {
                return b ? 1.0 : 0.0;
            }
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            if (value instanceof String s) {
                Double parsed = PyText.parseFloat(s);
                if (parsed == null) {
                    throw new FieldValueException("could not convert string to float: '" + PyText.clip(s) + "' in field " + attr);
                }
                return parsed;
            }
            throw required("float", attr, value);
        }

        @Override
        public Object toPrimitive(Double value, EncodeContext ctx) {
            return value;
        }

        @Override
        public Double fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            if (primitive instanceof String s) {
                ctx.checkString(s, attr);
            }
            return coerce(primitive, attr);
        }

        @Override
        public void writeJson(Double value, JsonOutput out, EncodeContext ctx) {
            out.writeDouble(value);
        }
    }

    static final class BooleanType extends FieldType<Boolean> {
        @Override
        public String describe() {
            return "Boolean";
        }

        @Override
        public Boolean coerce(Object value, String attr) {
            if (value instanceof Boolean b) {
                return b;
            }
            if (value instanceof String s) {
                return !s.isEmpty();
            }
            if (value instanceof Double || value instanceof Float) {
                double d = ((Number) value).doubleValue();
                return d != 0.0;
            }
            if (value instanceof BigDecimal d) {
                return d.signum() != 0;
            }
            if (value instanceof BigInteger b) {
                return b.signum() != 0;
            }
            if (value instanceof Number n) {
                return n.longValue() != 0;
            }
            if (value instanceof Collection<?> c) {
                return !c.isEmpty();
            }
            if (value instanceof Map<?, ?> m) {
                return !m.isEmpty();
            }
            return Boolean.TRUE;
        }

        @Override
        public Object toPrimitive(Boolean value, EncodeContext ctx) {
            return value;
        }

        @Override
        public Boolean fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            if (primitive instanceof Boolean b) {
                return b;
            }
            if (primitive instanceof Map || primitive instanceof Collection) {
                // OVO would accept these by truthiness; a structured value here is a sender bug.
                throw required("boolean", attr, primitive);
            }
            return coerce(primitive, attr);
        }

        @Override
        public void writeJson(Boolean value, JsonOutput out, EncodeContext ctx) {
            out.writeBoolean(value);
        }

        @Override
        public Boolean readJson(JsonInput in, String attr, DecodeContext ctx) {
            Boolean b = in.readBooleanLiteral();
            return b != null ? b : super.readJson(in, attr, ctx);
        }
    }

    static final class DateTimeType extends FieldType<OffsetDateTime> {
        @Override
        public String describe() {
            return "DateTime";
        }

        @Override
        public OffsetDateTime coerce(Object value, String attr) {
            if (value instanceof OffsetDateTime t) {
                return t;
            }
            if (value instanceof String s) {
                return parse(s, attr);
            }
            if (value instanceof ZonedDateTime z) {
                return z.toOffsetDateTime();
            }
            if (value instanceof Instant i) {
                return i.atOffset(ZoneOffset.UTC);
            }
            if (value instanceof LocalDateTime l) {
                return l.atOffset(ZoneOffset.UTC);
            }
            throw required("datetime.datetime", attr, value);
        }

        private static OffsetDateTime parse(String s, String attr) {
            OffsetDateTime t = PyText.parseIso8601(s);
            if (t == null) {
                throw new FieldValueException("Unable to parse date string '" + PyText.clip(s) + "' in field " + attr
                        + " (expected ISO 8601, e.g. 2015-03-04T05:06:07Z)");
            }
            return t;
        }

        @Override
        public Object toPrimitive(OffsetDateTime value, EncodeContext ctx) {
            return PyText.isotime(value);
        }

        @Override
        public OffsetDateTime fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            if (primitive instanceof String s) {
                return parse(ctx.checkString(s, attr), attr);
            }
            throw new FieldValueException("A date string is required in field " + attr + ", not a " + typeName(primitive));
        }

        @Override
        public void writeJson(OffsetDateTime value, JsonOutput out, EncodeContext ctx) {
            int year = value.getYear();
            if (value.getOffset().getTotalSeconds() == 0 && year >= 0 && year <= 9999) {
                // what isotime gives for UTC (whole seconds, 'Z'), without building the text
                out.writeUtcSeconds(year, value.getMonthValue(), value.getDayOfMonth(), value.getHour(), value.getMinute(),
                        value.getSecond());
            } else {
                out.writeString(PyText.isotime(value));
            }
        }

        @Override
        public OffsetDateTime readJson(JsonInput in, String attr, DecodeContext ctx) {
            OffsetDateTime t = in.readUtcSeconds(); // the usual YYYY-MM-DDTHH:MM:SSZ, straight from the bytes
            return t != null ? t : super.readJson(in, attr, ctx);
        }
    }

    static final class NullableType<V> extends FieldType<V> {
        private final FieldType<V> inner;

        NullableType(FieldType<V> inner) {
            this.inner = Objects.requireNonNull(inner);
        }

        @Override
        public String describe() {
            return "Nullable" + inner.describe();
        }

        @Override
        public boolean acceptsNull() {
            return true;
        }

        @Override
        public V coerce(Object value, String attr) {
            return value == null ? null : inner.coerce(value, attr);
        }

        @Override
        public Object toPrimitive(V value, EncodeContext ctx) {
            return value == null ? null : inner.toPrimitive(value, ctx);
        }

        @Override
        public V fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            return primitive == null ? null : inner.fromPrimitive(primitive, attr, ctx);
        }

        @Override
        public void writeJson(V value, JsonOutput out, EncodeContext ctx) {
            if (value == null) {
                out.writeNull();
            } else {
                inner.writeJson(value, out, ctx);
            }
        }

        @Override
        public V readJson(JsonInput in, String attr, DecodeContext ctx) {
            return in.consumeNull() ? null : inner.readJson(in, attr, ctx);
        }
    }

    static final class DictType<V> extends FieldType<Map<String, V>> {
        private final FieldType<V> values;
        /**
         * The keys of the map this field read last (streaming codec): the same dict (a
         * {@code system_metadata}) tends to come again with the same keys in the same order, whose
         * names are then matched as bytes and whose strings and index are reused.
         */
        private volatile org.tandem.objects.internal.ArrayMap.Keys lastKeys;
        /** Largest map whose keys are kept, and longest key. */
        private static final int MAX_KEPT_KEYS = 64;
        private static final int MAX_KEPT_KEY_LENGTH = 64;

        private static boolean shortKeys(Map<String, ?> map) {
            for (String k : map.keySet()) {
                if (k.length() > MAX_KEPT_KEY_LENGTH) {
                    return false;
                }
            }
            return true;
        }

        DictType(FieldType<V> values) {
            this.values = Objects.requireNonNull(values);
        }

        @Override
        public String describe() {
            return "Dict<String," + values.describe() + ">";
        }

        @Override
        public Map<String, V> coerce(Object value, String attr) {
            if (!(value instanceof Map<?, ?> map)) {
                throw required("dict", attr, value);
            }
            Map<String, V> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = key(e.getKey(), attr);
                Object v = e.getValue();
                if (v == null) {
                    out.put(key, nullElement(values, attr + "[" + key + "]"));
                    continue;
                }
                try {
                    out.put(key, values.coerce(v, attr));
                } catch (FieldValueException first) {
                    values.coerce(v, attr + "[" + key + "]"); // throws again, naming the element
                    throw first;
                }
            }
            return Collections.unmodifiableMap(out);
        }

        private static String key(Object key, String attr) {
            if (key instanceof String s) {
                return s;
            }
            throw new FieldValueException("Key " + key + " in field " + attr + " must be of type str not " + typeName(key));
        }

        @Override
        public Object toPrimitive(Map<String, V> value, EncodeContext ctx) {
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, value.size() * 2));
            for (Map.Entry<String, V> e : value.entrySet()) {
                V v = e.getValue();
                out.put(e.getKey(), v == null ? null : values.toPrimitive(v, ctx));
            }
            return out;
        }

        @Override
        public Map<String, V> fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            if (!(primitive instanceof Map<?, ?> map)) {
                throw required("dict", attr, primitive);
            }
            Map<String, V> out = new LinkedHashMap<>(Math.max(4, map.size() * 2));
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object k = e.getKey();
                if (!(k instanceof String key)) {
                    throw new MalformedPrimitiveException("Key " + k + " in field " + attr + " must be a string, not a "
                            + typeName(k));
                }
                ctx.checkString(key, attr);
                Object v = e.getValue();
                if (v == null) {
                    out.put(key, nullElement(values, attr + "[" + key + "]"));
                    continue;
                }
                try {
                    out.put(key, values.fromPrimitive(v, attr, ctx));
                } catch (FieldValueException first) {
                    values.fromPrimitive(v, attr + "[" + key + "]", ctx); // throws again, naming the element
                    throw first;
                }
            }
            return Collections.unmodifiableMap(out);
        }

        @Override
        public void writeJson(Map<String, V> value, JsonOutput out, EncodeContext ctx) {
            out.writeByte('{');
            boolean first = true;
            for (Map.Entry<String, V> e : value.entrySet()) {
                if (!first) {
                    out.writeByte(',');
                }
                first = false;
                out.writeString(e.getKey());
                out.writeByte(':');
                V v = e.getValue();
                if (v == null) {
                    out.writeNull();
                } else {
                    values.writeJson(v, out, ctx);
                }
            }
            out.writeByte('}');
        }

        @Override
        public Map<String, V> readJson(JsonInput in, String attr, DecodeContext ctx) {
            if (in.peek() != '{') {
                return super.readJson(in, attr, ctx);
            }
            in.beginObject();
            org.tandem.objects.internal.ArrayMap.Keys known = lastKeys;
            boolean same = known != null; // so far, the keys of the last map, in order
            Object[] kv = new Object[same ? 2 * known.size() : 32];
            int n = 0;
            boolean first = true;
            while (true) {
                String key;
                if (same && n < known.size() && in.nextMemberNamed(known.name(n), first)) {
                    key = known.key(n);
                } else if (in.nextMember(first)) {
                    same = false;
                    key = in.readName();
                } else {
                    break;
                }
                first = false;
                ctx.checkString(key, attr);
                V v = in.consumeNull() ? nullElement(values, attr) : values.readJson(in, attr, ctx);
                if (2 * n == kv.length) {
                    kv = java.util.Arrays.copyOf(kv, Math.max(32, kv.length * 2));
                }
                kv[2 * n] = key;
                kv[2 * n + 1] = v;
                n++;
            }
            if (same && n == known.size()) {
                return org.tandem.objects.internal.ArrayMap.withKeys(known, kv);
            }
            org.tandem.objects.internal.ArrayMap<V> map = org.tandem.objects.internal.ArrayMap.of(kv, n);
            if (map.size() <= MAX_KEPT_KEYS && shortKeys(map)) {
                lastKeys = map.keys();
            }
            return map;
        }
    }

    static <V> V nullElement(FieldType<V> type, String attr) {
        if (type.acceptsNull()) {
            return null;
        }
        throw cannotBeNone(attr);
    }

    static final class ListType<V> extends FieldType<List<V>> {
        final FieldType<V> elements;

        ListType(FieldType<V> elements) {
            this.elements = Objects.requireNonNull(elements);
        }

        @Override
        public String describe() {
            return "List<" + elements.describe() + ">";
        }

        @Override
        public List<V> coerce(Object value, String attr) {
            if (!(value instanceof Collection<?> c)) {
                throw required("list", attr, value);
            }
            List<V> out = new ArrayList<>(c.size());
            int i = 0;
            for (Object v : c) {
                if (v == null) {
                    out.add(nullElement(elements, attr + "[" + i + "]"));
                } else {
                    try {
                        out.add(elements.coerce(v, attr));
                    } catch (FieldValueException first) {
                        elements.coerce(v, attr + "[" + i + "]"); // throws again, naming the element
                        throw first;
                    }
                }
                i++;
            }
            return Collections.unmodifiableList(out);
        }

        @Override
        public Object toPrimitive(List<V> value, EncodeContext ctx) {
            List<Object> out = new ArrayList<>(value.size());
            for (V v : value) {
                out.add(v == null ? null : elements.toPrimitive(v, ctx));
            }
            return out;
        }

        @Override
        public List<V> fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            if (!(primitive instanceof List<?> c)) {
                throw required("list", attr, primitive);
            }
            List<V> out = new ArrayList<>(c.size());
            int i = 0;
            for (Object v : c) {
                if (v == null) {
                    out.add(nullElement(elements, attr + "[" + i + "]"));
                } else if (elements.objectName() != null) {
                    out.add(elements.fromPrimitive(v, attr + "[" + i + "]", ctx)); // names the path of nested objects
                } else {
                    try {
                        out.add(elements.fromPrimitive(v, attr, ctx));
                    } catch (FieldValueException first) {
                        elements.fromPrimitive(v, attr + "[" + i + "]", ctx); // throws again, naming the element
                        throw first;
                    }
                }
                i++;
            }
            return Collections.unmodifiableList(out);
        }

        @Override
        public void writeJson(List<V> value, JsonOutput out, EncodeContext ctx) {
            writeElements(value, out, ctx);
        }

        void writeElements(Collection<V> value, JsonOutput out, EncodeContext ctx) {
            out.writeByte('[');
            boolean first = true;
            for (V v : value) {
                if (!first) {
                    out.writeByte(',');
                }
                first = false;
                if (v == null) {
                    out.writeNull();
                } else {
                    elements.writeJson(v, out, ctx);
                }
            }
            out.writeByte(']');
        }

        @Override
        public List<V> readJson(JsonInput in, String attr, DecodeContext ctx) {
            if (in.peek() != '[') {
                return super.readJson(in, attr, ctx);
            }
            in.beginArray();
            List<V> out = new ArrayList<>();
            boolean first = true;
            while (in.nextElement(first)) {
                first = false;
                out.add(in.consumeNull() ? nullElement(elements, attr) : elements.readJson(in, attr, ctx));
            }
            return Collections.unmodifiableList(out);
        }
    }

    static final class ObjectType<T extends VersionedObject> extends FieldType<T> {
        private final String objectName;
        private final Class<T> javaType;

        ObjectType(String objectName, Class<T> javaType) {
            this.objectName = Objects.requireNonNull(objectName);
            this.javaType = Objects.requireNonNull(javaType);
        }

        @Override
        public String describe() {
            return "Object<" + objectName + ">";
        }

        @Override
        public String objectName() {
            return objectName;
        }

        @Override
        public T coerce(Object value, String attr) {
            if (value instanceof VersionedObject vo && vo.schema().name().equals(objectName) && javaType.isInstance(vo)) {
                return javaType.cast(vo);
            }
            throw new FieldValueException("An object of type " + objectName + " is required in field " + attr + ", not a "
                    + typeName(value));
        }

        @Override
        public Object toPrimitive(T value, EncodeContext ctx) {
            return ctx.encodeChild(value, objectName);
        }

        @Override
        public T fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            return coerce(ctx.decodeChild(primitive, attr), attr);
        }

        @Override
        public void writeJson(T value, JsonOutput out, EncodeContext ctx) {
            ctx.writeChild(value, objectName, out);
        }

        @Override
        public T readJson(JsonInput in, String attr, DecodeContext ctx) {
            return coerce(ctx.readChild(in, attr), attr);
        }
    }

    static final class ObjectListType<T extends VersionedObject> extends FieldType<List<T>> {
        private final ListType<T> list;
        private final ObjectType<T> element;

        ObjectListType(ObjectType<T> element) {
            this.element = element;
            this.list = new ListType<>(element);
        }

        @Override
        public String describe() {
            return "List<" + element.describe() + ">";
        }

        @Override
        public String objectName() {
            return element.objectName();
        }

        @Override
        public boolean isObjectList() {
            return true;
        }

        @Override
        public List<T> coerce(Object value, String attr) {
            return list.coerce(value, attr);
        }

        @Override
        public Object toPrimitive(List<T> value, EncodeContext ctx) {
            return list.toPrimitive(value, ctx);
        }

        @Override
        public List<T> fromPrimitive(Object primitive, String attr, DecodeContext ctx) {
            return list.fromPrimitive(primitive, attr, ctx);
        }

        @Override
        public void writeJson(List<T> value, JsonOutput out, EncodeContext ctx) {
            list.writeJson(value, out, ctx);
        }

        @Override
        public List<T> readJson(JsonInput in, String attr, DecodeContext ctx) {
            return list.readJson(in, attr, ctx);
        }
    }
}
