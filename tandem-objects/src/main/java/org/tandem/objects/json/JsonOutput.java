package org.tandem.objects.json;

import static org.tandem.objects.json.Words.HIGH;
import static org.tandem.objects.json.Words.LONGS;
import static org.tandem.objects.json.Words.ONES;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

/**
 * A growable byte buffer that writes compact JSON exactly as Jackson's default {@code ObjectMapper}
 * writes primitive trees (UTF-8, no spaces, {@code "}, {@code \\} and control characters escaped
 * with Jackson's short forms and upper-case {@code \\u00XX}, {@code Double.toString} numbers).
 * Anything it cannot write identically (a lone surrogate, a non-finite double, a value that is not
 * a primitive) throws {@link Unsupported}; the caller then uses the tree codec, whose bytes or error
 * are the reference. Subclasses may write another dialect by overriding {@link #writeString} and
 * the separators. Not thread-safe; one per call.
 */
public class JsonOutput {
    /** The streaming path cannot reproduce the reference bytes; take the tree path. */
    public static final class Unsupported extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public static final Unsupported INSTANCE = new Unsupported();

        private Unsupported() {
            super("not on the streaming path", null, false, false);
        }
    }

    /** Bytes 0..127: 0 plain, otherwise the escape letter or 'u' for a six-byte escape. */
    private static final byte[] ESCAPE = jsonEscapes();
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /**
     * A fresh table of JSON's escapes for ASCII: for each byte, 0 (written as is), the letter after
     * the backslash, or {@code 'u'} for a {@code \\u00XX} escape. Writers with more escapes start from it.
     */
    protected static byte[] jsonEscapes() {
        byte[] t = new byte[128];
        for (int c = 0; c < 0x20; c++) {
            t[c] = 'u';
        }
        t['"'] = '"';
        t['\\'] = '\\';
        t['\b'] = 'b';
        t['\t'] = 't';
        t['\f'] = 'f';
        t['\n'] = 'n';
        t['\r'] = 'r';
        return t;
    }

    protected byte[] buf;
    protected int pos;

    public JsonOutput(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Empties the buffer for reuse; one grown past 256 KiB is dropped so that threads do not keep it. */
    public void reset() {
        pos = 0;
        if (buf.length > 256 * 1024) {
            buf = new byte[8192];
        }
    }

    public int size() {
        return pos;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** The internal buffer (valid up to {@link #size()}). */
    public byte[] buffer() {
        return buf;
    }

    protected final void ensure(int more) {
        if (buf.length - pos < more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }

    public void writeByte(char c) {
        ensure(1);
        buf[pos++] = (byte) c;
    }

    /** Pre-encoded bytes (a cached {@code "name":} or header). */
    public void writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    public void writeNull() {
        writeRaw(NULL);
    }

    public void writeBoolean(boolean b) {
        writeRaw(b ? TRUE : FALSE);
    }

    public void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        pos = end;
    }

    /**
     * A timestamp as the JSON string {@code "YYYY-MM-DDTHH:MM:SSZ"} (a year from 0 to 9999): what
     * {@link #writeString} of that text writes, here without building the text (a subclass's
     * {@code writeString} is called with it).
     */
    public void writeUtcSeconds(int year, int month, int day, int hour, int minute, int second) {
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("year " + year);
        }
        if (getClass() != JsonOutput.class) {
            writeString(String.format("%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute, second));
            return;
        }
        ensure(22);
        byte[] o = buf;
        int p = pos;
        o[p] = '"';
        o[p + 1] = (byte) ('0' + year / 1000);
        o[p + 2] = (byte) ('0' + year / 100 % 10);
        o[p + 3] = (byte) ('0' + year / 10 % 10);
        o[p + 4] = (byte) ('0' + year % 10);
        o[p + 5] = '-';
        two(o, p + 6, month);
        o[p + 8] = '-';
        two(o, p + 9, day);
        o[p + 11] = 'T';
        two(o, p + 12, hour);
        o[p + 14] = ':';
        two(o, p + 15, minute);
        o[p + 17] = ':';
        two(o, p + 18, second);
        o[p + 20] = 'Z';
        o[p + 21] = '"';
        pos = p + 22;
    }

    private static void two(byte[] o, int p, int v) {
        o[p] = (byte) ('0' + v / 10);
        o[p + 1] = (byte) ('0' + v % 10);
    }

    public void writeDouble(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw Unsupported.INSTANCE;
        }
        writeAscii(Double.toString(d));
    }

    protected final void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) s.charAt(i);
        }
    }

    /** Between members and elements: {@code ,}. */
    protected void writeValueSeparator() {
        writeByte(',');
    }

    /** Between a member name and its value: {@code :}. */
    protected void writeNameSeparator() {
        writeByte(':');
    }

    /** Strings at least this long have their plain start copied in bulk ({@link #writePlainAsciiStart}). */
    protected static final int BULK_STRING = 64;


    /**
     * Writes the longest start of {@code s} made of printable ASCII other than {@code "}, {@code \\}
     * and DEL (what no JSON dialect here escapes) into the buffer as it is, and returns its length in
     * characters; the caller writes the rest character by character. Reads the string's UTF-8 bytes
     * (for a Latin-1 string with no byte above 127 that is one array copy) eight at a time, instead
     * of a check per character: a 6 KB string value costs about a copy. The encoder writes a lone
     * surrogate as {@code ?}, so a {@code ?} byte counts only where the string has one.
     */
    protected final int writePlainAsciiStart(String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        int n = u.length;
        int i = plainAsciiRun(u, 0, n);
        while (i < n && u[i] == '?' && s.charAt(i) == '?') {
            i = plainAsciiRun(u, i + 1, n);
        }
        ensure(i);
        System.arraycopy(u, 0, buf, pos, i);
        pos += i;
        return i;
    }

    /** From {@code i}, the first byte of {@code u} that is not printable ASCII, or is {@code "}, {@code \\} or {@code ?}. */
    private static int plainAsciiRun(byte[] u, int i, int n) {
        while (i + 8 <= n) {
            long x = (long) LONGS.get(u, i);
            long quote = x ^ (ONES * '"');
            long backslash = x ^ (ONES * '\\');
            long question = x ^ (ONES * '?');
            // a byte below 0x20 borrows, one of 0x7f and up carries or is high already; the lowest flagged
            // byte is always a true one (a borrow or carry only flags bytes above the one that made it)
            long special = (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash)
                    | ((question - ONES) & ~question) | (x - ONES * 0x20) | (x + ONES) | x) & HIGH;
            if (special != 0) {
                return i + (Long.numberOfTrailingZeros(special) >>> 3);
            }
            i += 8;
        }
        while (i < n) {
            byte c = u[i];
            if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '?') {
                return i;
            }
            i++;
        }
        return n;
    }

    /** A JSON string. */
    public void writeString(String s) {
        int n = s.length();
        ensure(n + 2);
        buf[pos++] = '"';
        int i = n >= BULK_STRING ? writePlainAsciiStart(s) : 0;
        byte[] o = buf;
        int p = pos;
        // plain ASCII runs straight into the buffer
        while (i < n) {
            char c = s.charAt(i);
            if (c >= 0x80 || ESCAPE[c] != 0) {
                break;
            }
            o[p++] = (byte) c;
            i++;
        }
        pos = p;
        if (i < n) {
            writeStringTail(s, i, n);
        }
        ensure(1);
        buf[pos++] = '"';
    }

    private void writeStringTail(String s, int i, int n) {
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte e = ESCAPE[c];
                if (e == 0) {
                    ensure(1);
                    buf[pos++] = (byte) c;
                } else if (e == 'u') {
                    ensure(6);
                    buf[pos++] = '\\';
                    buf[pos++] = 'u';
                    buf[pos++] = '0';
                    buf[pos++] = '0';
                    buf[pos++] = HEX[c >> 4];
                    buf[pos++] = HEX[c & 0xF];
                } else {
                    ensure(2);
                    buf[pos++] = '\\';
                    buf[pos++] = e;
                }
            } else if (c < 0x800) {
                ensure(2);
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                // Jackson writes surrogates (pairs too) as upper-case escapes, not as 4-byte UTF-8
                ensure(6);
                buf[pos++] = '\\';
                buf[pos++] = 'u';
                buf[pos++] = HEX[c >> 12];
                buf[pos++] = HEX[(c >> 8) & 0xF];
                buf[pos++] = HEX[(c >> 4) & 0xF];
                buf[pos++] = HEX[c & 0xF];
            } else {
                ensure(3);
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /** {@code "name":} as bytes, for caching per schema. */
    public static byte[] nameBytes(String name) {
        JsonOutput o = new JsonOutput(name.length() + 3);
        o.writeString(name);
        o.writeByte(':');
        return o.toByteArray();
    }

    /**
     * A primitive tree (maps with string keys, collections, strings, integers, doubles, booleans,
     * null), as Jackson's default mapper writes it.
     */
    public void writeTree(Object v) {
        if (v == null) {
            writeNull();
        } else if (v instanceof String s) {
            writeString(s);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            writeLong(((Number) v).longValue());
        } else if (v instanceof Double d) {
            writeDouble(d);
        } else if (v instanceof Boolean b) {
            writeBoolean(b);
        } else if (v instanceof Map<?, ?> m) {
            writeByte('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw Unsupported.INSTANCE;
                }
                if (!first) {
                    writeValueSeparator();
                }
                first = false;
                writeString(k);
                writeNameSeparator();
                writeTree(e.getValue());
            }
            writeByte('}');
        } else if (v instanceof Collection<?> c) {
            writeByte('[');
            boolean first = true;
            for (Object e : c) {
                if (!first) {
                    writeValueSeparator();
                }
                first = false;
                writeTree(e);
            }
            writeByte(']');
        } else {
            throw Unsupported.INSTANCE;
        }
    }
}
