package org.tandem.objects.json;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict pull reader over UTF-8 JSON bytes for the streaming object codec. It accepts a subset
 * of what Jackson's default parser accepts and builds the same values (Integer/Long/BigInteger,
 * Double, String, Boolean, LinkedHashMap, ArrayList); anything else, or anything over the limits,
 * throws {@link JsonOutput.Unsupported} so that the caller re-reads the input with the tree codec,
 * whose result or error is the reference. Not thread-safe; one per call.
 */
public final class JsonInput {
    private static final int MAX_NUMBER_LENGTH = 1000;
    private static final int MAX_NAME_LENGTH = 50_000;

    private final byte[] b;
    private final int end;
    private final int maxStringLength;
    private final int maxNesting;
    private int pos;
    private int nesting;

    public JsonInput(byte[] bytes, int maxStringLength, int maxNesting) {
        this.b = bytes;
        this.end = bytes.length;
        this.maxStringLength = maxStringLength;
        this.maxNesting = maxNesting;
    }

    private static RuntimeException unsupported() {
        return JsonOutput.Unsupported.INSTANCE;
    }

    private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;

    /**
     * From {@code i}, skips whole 8-byte words of plain string bytes (no quote, backslash, control
     * or non-ASCII byte) and returns where the byte-by-byte scan must go on.
     */
    private int skipPlain(int i) {
        while (i + 8 <= end) {
            long x = (long) LONGS.get(b, i);
            long quote = x ^ (ONES * '"');
            long backslash = x ^ (ONES * '\\');
            long special = ((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | (x - ONES * 0x20) | x;
            if ((special & HIGH) != 0) {
                break;
            }
            i += 8;
        }
        return i;
    }

    /** Next non-whitespace byte without consuming it; -1 at the end. */
    public int peek() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            } else {
                return c;
            }
        }
        return -1;
    }

    public void expect(char c) {
        if (peek() != c) {
            throw unsupported();
        }
        pos++;
    }

    /** Consumes {@code c} if it is next. */
    public boolean consume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Only whitespace is left. */
    public void expectEnd() {
        if (peek() != -1) {
            throw unsupported();
        }
    }

    public void beginObject() {
        expect('{');
        enter();
    }

    public void beginArray() {
        expect('[');
        enter();
    }

    private void enter() {
        if (++nesting > maxNesting) {
            throw unsupported();
        }
    }

    /**
     * After {@code {} or a member: true if another member follows (its comma consumed), false at
     * the closing brace (consumed). {@code first} tells whether any member was read yet.
     */
    public boolean nextMember(boolean first) {
        return next('}', first);
    }

    /** Like {@link #nextMember} for arrays. */
    public boolean nextElement(boolean first) {
        return next(']', first);
    }

    private boolean next(char close, boolean first) {
        int c = peek();
        if (c == close) {
            pos++;
            nesting--;
            return false;
        }
        if (!first) {
            if (c != ',') {
                throw unsupported();
            }
            pos++;
        }
        return true;
    }

    /**
     * A member name without escapes and its colon, located in {@link #buffer()} at
     * {@link #spanStart()} with {@link #spanLength()} bytes; false (nothing consumed) when the name
     * has escapes or non-ASCII bytes, to be read with {@link #readName}.
     */
    public boolean readNameSpan() {
        if (peek() != '"') {
            throw unsupported();
        }
        int i = skipPlain(pos + 1);
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                if (i - pos > MAX_NAME_LENGTH) {
                    throw unsupported();
                }
                spanStart = pos + 1;
                spanLength = i - spanStart;
                pos = i + 1;
                expect(':');
                return true;
            }
            if (c == '\\' || c < 0x20) {
                return false;
            }
            i++;
        }
        throw unsupported();
    }

    private int spanStart;
    private int spanLength;

    public byte[] buffer() {
        return b;
    }

    public int spanStart() {
        return spanStart;
    }

    public int spanLength() {
        return spanLength;
    }

    /** The last span as a string. */
    public String spanString() {
        return new String(b, spanStart, spanLength, StandardCharsets.ISO_8859_1);
    }

    /** True if the last span's bytes equal {@code ascii}. */
    public boolean spanEquals(byte[] ascii) {
        return ascii.length == spanLength && java.util.Arrays.equals(b, spanStart, spanStart + spanLength, ascii, 0, ascii.length);
    }

    /**
     * An integer of at most 18 digits with no fraction or exponent, as a Long (no Integer first);
     * null, with nothing consumed, for any other token.
     */
    public Long readSmallLong() {
        int c = peek();
        int i = pos;
        boolean neg = c == '-';
        if (neg) {
            i++;
        }
        int start = i;
        long v = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9' && i - start < 18) {
            v = v * 10 + (b[i] - '0');
            i++;
        }
        int digits = i - start;
        if (digits == 0 || (digits > 1 && b[start] == '0')) {
            return null;
        }
        if (i < end) {
            byte n = b[i];
            if (n == '.' || n == 'e' || n == 'E' || (n >= '0' && n <= '9')) {
                return null;
            }
        }
        pos = i;
        return neg ? -v : v;
    }

    /** A member name and its colon. */
    public String readName() {
        String s = readStringWithin(MAX_NAME_LENGTH, true);
        expect(':');
        return s;
    }

    /** Consumes a {@code null} literal if one is next. */
    public boolean consumeNull() {
        if (peek() == 'n') {
            literal("null");
            return true;
        }
        return false;
    }

    private void literal(String word) {
        int n = word.length();
        if (end - pos < n) {
            throw unsupported();
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                throw unsupported();
            }
        }
        pos += n;
    }

    public String readString() {
        return readStringWithin(maxStringLength, false);
    }

    private String readStringWithin(int limit, boolean name) {
        expect('"');
        int start = pos;
        int i = skipPlain(pos);
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                if (i - start > limit) {
                    throw unsupported();
                }
                pos = i + 1;
                return name && i - start <= MAX_KEPT_NAME ? keptName(b, start, i - start)
                        : new String(b, start, i - start, StandardCharsets.ISO_8859_1);
            }
            if (c == '\\' || c < 0x20) { // c < 0x20 includes every non-ASCII byte (negative)
                return readStringSlow(start, limit, name);
            }
            i++;
        }
        throw unsupported();
    }

    /** Longest member name kept in {@link #NAMES}. */
    private static final int MAX_KEPT_NAME = 32;

    /** A member name's bytes and its string. */
    private static final class Name {
        final byte[] bytes;
        final String text;

        Name(byte[] bytes, String text) {
            this.bytes = bytes;
            this.text = text;
        }
    }

    /**
     * Member names seen recently, by hash: the same few dozen names come in every message (the
     * RPC envelope's keys, a context's, an object's fields), and reusing their strings saves a string
     * per name per message and its hashing again in the map it goes into. Shared by all threads
     * without locking: a slot holds an immutable {@link Name} or null, and a lost race only costs a miss.
     */
    private static final Name[] NAMES = new Name[1024];

    /** The name of the plain ASCII bytes {@code b[start, start + n)}, reused when seen before. */
    private static String keptName(byte[] b, int start, int n) {
        int h = 0;
        for (int k = start; k < start + n; k++) {
            h = 31 * h + b[k];
        }
        int slot = (h ^ (h >>> 10)) & (NAMES.length - 1);
        Name kept = NAMES[slot];
        if (kept != null && java.util.Arrays.equals(kept.bytes, 0, kept.bytes.length, b, start, start + n)) {
            return kept.text;
        }
        String text = new String(b, start, n, StandardCharsets.ISO_8859_1);
        text.hashCode(); // cached in the string for every map it goes into
        NAMES[slot] = new Name(java.util.Arrays.copyOfRange(b, start, start + n), text);
        return text;
    }

    /** A string with escapes or non-ASCII characters, decoded strictly. */
    private String readStringSlow(int start, int limit, boolean name) {
        StringBuilder sb = new StringBuilder();
        int i = start;
        int run = i;
        while (true) {
            if (i >= end) {
                throw unsupported();
            }
            byte c = b[i];
            if (c == '"' || c == '\\') {
                appendUtf8(sb, run, i);
                if (c == '"') {
                    pos = i + 1;
                    if (sb.length() > limit) {
                        throw unsupported();
                    }
                    if (name) {
                        for (int k = 0; k < sb.length(); k++) {
                            if (Character.isSurrogate(sb.charAt(k))) {
                                throw unsupported(); // Jackson checks surrogates in names; let it
                            }
                        }
                    }
                    return sb.toString();
                }
                if (i + 1 >= end) {
                    throw unsupported();
                }
                byte e = b[i + 1];
                i += 2;
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        sb.append((char) hex4(i));
                        i += 4;
                    }
                    default -> throw unsupported();
                }
                run = i;
            } else if (c >= 0 && c < 0x20) {
                throw unsupported();
            } else {
                i++;
            }
        }
    }

    private void appendUtf8(StringBuilder sb, int from, int to) {
        if (to <= from) {
            return;
        }
        boolean ascii = true;
        for (int k = from; k < to; k++) {
            if (b[k] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            for (int k = from; k < to; k++) {
                sb.append((char) b[k]);
            }
            return;
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b, from, to - from));
            sb.append(chars);
        } catch (CharacterCodingException e) {
            throw unsupported();
        }
    }

    /**
     * A string's content as UTF-8 bytes (for JSON carried inside a JSON string, as the oslo
     * envelope does), unescaped in one pass; a lone surrogate escape or anything not strictly
     * valid is refused.
     */
    public byte[] readStringUtf8() {
        expect('"');
        // unescaping never lengthens (an escape of 2 or 6 bytes gives at most 3), so what is left of the
        // input is room enough: no growing, no capacity checks
        byte[] out = new byte[end - pos];
        int n = 0;
        int i = pos;
        boolean rawNonAscii = false;
        while (true) {
            if (i >= end) {
                throw unsupported();
            }
            // a run of plain bytes, ASCII eight at a time, then byte by byte (UTF-8 sequences copied as
            // they are are validated below, once, if there are any)
            int run = i;
            i = skipPlain(i);
            while (i < end && b[i] != '"' && b[i] != '\\' && (b[i] >= 0x20 || b[i] < 0)) {
                rawNonAscii |= b[i] < 0;
                i++;
            }
            if (i > run) {
                System.arraycopy(b, run, out, n, i - run);
                n += i - run;
            }
            if (i >= end) {
                throw unsupported();
            }
            byte c = b[i];
            if (c == '"') {
                pos = i + 1;
                break;
            }
            if (c != '\\' || i + 1 >= end) {
                throw unsupported(); // an unescaped control character
            }
            byte e = b[i + 1];
            i += 2;
            switch (e) {
                case '"' -> out[n++] = '"';
                case '\\' -> out[n++] = '\\';
                case '/' -> out[n++] = '/';
                case 'b' -> out[n++] = '\b';
                case 'f' -> out[n++] = '\f';
                case 'n' -> out[n++] = '\n';
                case 'r' -> out[n++] = '\r';
                case 't' -> out[n++] = '\t';
                case 'u' -> {
                    int v = hex4(i);
                    i += 4;
                    if (Character.isSurrogate((char) v)) {
                        throw unsupported();
                    }
                    if (v < 0x80) {
                        out[n++] = (byte) v;
                    } else if (v < 0x800) {
                        out[n++] = (byte) (0xC0 | (v >> 6));
                        out[n++] = (byte) (0x80 | (v & 0x3F));
                    } else {
                        out[n++] = (byte) (0xE0 | (v >> 12));
                        out[n++] = (byte) (0x80 | ((v >> 6) & 0x3F));
                        out[n++] = (byte) (0x80 | (v & 0x3F));
                    }
                }
                default -> throw unsupported();
            }
        }
        if (n > maxStringLength) {
            throw unsupported();
        }
        byte[] result = n == out.length ? out : java.util.Arrays.copyOf(out, n);
        if (rawNonAscii) {
            // non-ASCII bytes copied as they came: refuse invalid UTF-8, as Jackson would (what \\u escapes
            // gave is valid by construction)
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(result));
            } catch (CharacterCodingException ex) {
                throw unsupported();
            }
        }
        return result;
    }

    /** The four hex digits of a {@code \\u} escape at {@code i}. */
    private int hex4(int i) {
        if (end - i < 4) {
            throw unsupported();
        }
        int v = 0;
        for (int k = 0; k < 4; k++) {
            int h = Character.digit(b[i + k], 16);
            if (h < 0) {
                throw unsupported();
            }
            v = (v << 4) | h;
        }
        return v;
    }

    /** A JSON number as Jackson's untyped reading gives it: Integer, Long, BigInteger or Double. */
    public Object readNumber() {
        peek();
        int start = pos;
        int i = pos;
        if (i < end && b[i] == '-') {
            i++;
        }
        int intStart = i;
        if (i < end && b[i] == '0') {
            i++;
        } else {
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        }
        if (i == intStart) {
            throw unsupported();
        }
        boolean integral = true;
        if (i < end && b[i] == '.') {
            integral = false;
            int f = ++i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == f) {
                throw unsupported();
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            integral = false;
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int f = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == f) {
                throw unsupported();
            }
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw unsupported();
        }
        pos = i;
        if (integral) {
            int digits = i - intStart;
            if (digits <= 18) {
                long v = 0;
                for (int k = intStart; k < i; k++) {
                    v = v * 10 + (b[k] - '0');
                }
                if (intStart > start) {
                    v = -v;
                }
                if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    return (int) v;
                }
                return v;
            }
            BigInteger big = new BigInteger(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        return Double.parseDouble(new String(b, start, i - start, StandardCharsets.ISO_8859_1));
    }

    /** Any value as a primitive tree (what Jackson's {@code readValue(bytes, Object.class)} builds). */
    public Object readTree() {
        int c = peek();
        switch (c) {
            case '{' -> {
                beginObject();
                Map<String, Object> m = new LinkedHashMap<>();
                boolean first = true;
                while (nextMember(first)) {
                    first = false;
                    String k = readName();
                    m.put(k, readTree());
                }
                return m;
            }
            case '[' -> {
                beginArray();
                List<Object> l = new ArrayList<>();
                boolean first = true;
                while (nextElement(first)) {
                    first = false;
                    l.add(readTree());
                }
                return l;
            }
            case '"' -> {
                return readString();
            }
            case 't' -> {
                literal("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                literal("null");
                return null;
            }
            default -> {
                return readNumber();
            }
        }
    }

    /** Skips any value (checked as strictly as it would be read). */
    public void skipValue() {
        readTree();
    }
}
