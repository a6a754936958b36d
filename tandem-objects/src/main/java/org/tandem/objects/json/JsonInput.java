package org.tandem.objects.json;

import static org.tandem.objects.json.Words.HIGH;
import static org.tandem.objects.json.Words.LONGS;
import static org.tandem.objects.json.Words.ONES;

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

    /**
     * Where the bytes that are not plain string bytes are (ascending), when this input was unescaped
     * from a JSON string ({@link #readEmbeddedJson}) and that pass noted them: then
     * {@link #skipPlain} looks them up instead of reading the bytes again. Null otherwise.
     */
    private final int[] specials;
    private final int specialCount;
    /** Index into {@link #specials} of the first one at or after the last skip's start. */
    private int specialCursor;

    public JsonInput(byte[] bytes, int maxStringLength, int maxNesting) {
        this(bytes, bytes.length, maxStringLength, maxNesting, null, 0);
    }

    private JsonInput(byte[] bytes, int length, int maxStringLength, int maxNesting, int[] specials,
            int specialCount) {
        this.b = bytes;
        this.end = length;
        this.maxStringLength = maxStringLength;
        this.maxNesting = maxNesting;
        this.specials = specials;
        this.specialCount = specialCount;
    }

    private static RuntimeException unsupported() {
        return JsonOutput.Unsupported.INSTANCE;
    }


    /**
     * From {@code i}, skips plain string bytes (no quote, backslash, control or non-ASCII byte)
     * eight at a time and returns the first byte that is not plain, or, within the last seven bytes
     * of the input, where the byte-by-byte scan must go on.
     */
    private int skipPlain(int i) {
        if (specials != null) {
            return nextSpecial(i);
        }
        while (i + 8 <= end) {
            long x = (long) LONGS.get(b, i);
            long quote = x ^ (ONES * '"');
            long backslash = x ^ (ONES * '\\');
            long special = (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | (x - ONES * 0x20) | x) & HIGH;
            if (special != 0) {
                // the lowest flagged byte is always a true one (a borrow only flags bytes above it)
                return i + (Long.numberOfTrailingZeros(special) >>> 3);
            }
            i += 8;
        }
        return i;
    }

    /** The first noted special byte at or after {@code i}, or the end. */
    private int nextSpecial(int i) {
        int c = specialCursor;
        if (c > 0 && specials[c - 1] >= i) {
            // a skip from further back than the last one (a name read again after a look-ahead)
            c = java.util.Arrays.binarySearch(specials, 0, specialCount, i);
            c = c >= 0 ? c : -c - 1;
        }
        while (c < specialCount && specials[c] < i) {
            c++;
        }
        specialCursor = c;
        return c < specialCount ? specials[c] : end;
    }

    /** Next non-whitespace byte without consuming it; -1 at the end. */
    public int peek() {
        if (pos < end) {
            byte c = b[pos];
            if (c > ' ') { // the usual case, compact JSON: no whitespace to skip
                return c;
            }
        }
        return peekSlow();
    }

    private int peekSlow() {
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

    /**
     * Consumes {@code raw} (after any whitespace) if the input continues with exactly these bytes:
     * a pre-encoded member name with its colon ({@code "name":}) or a quoted value. False, with
     * nothing but whitespace consumed, otherwise.
     */
    public boolean consumeRaw(byte[] raw) {
        int p = pos;
        if (p >= end || b[p] <= ' ') {
            peek();
            p = pos;
        }
        if (!startsWith(p, raw)) {
            return false;
        }
        pos = p + raw.length;
        return true;
    }

    /** True if the input at {@code p} goes on with the bytes of {@code raw} (compared a word at a time). */
    private boolean startsWith(int p, byte[] raw) {
        int n = raw.length;
        if (end - p < n) {
            return false;
        }
        if (n >= 8) {
            // whole words, the last one overlapping the one before it rather than byte by byte
            for (int i = 0; i + 8 < n; i += 8) {
                if ((long) LONGS.get(b, p + i) != (long) LONGS.get(raw, i)) {
                    return false;
                }
            }
            return (long) LONGS.get(b, p + n - 8) == (long) LONGS.get(raw, n - 8);
        }
        for (int i = 0; i < n; i++) {
            if (b[p + i] != raw[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Like {@link #nextMember} followed by {@link #consumeRaw}{@code (raw)} for a member name with
     * its colon, in one step for compact JSON: true, with the separator and name consumed, when the
     * input goes on with (a comma unless {@code first} and) exactly {@code raw}; false, with nothing
     * consumed, otherwise (whitespace included: then read the member the general way).
     */
    public boolean nextMemberNamed(byte[] raw, boolean first) {
        int p = pos;
        if (!first) {
            if (p >= end || b[p] != ',') {
                return false;
            }
            p++;
        }
        if (!startsWith(p, raw)) {
            return false;
        }
        pos = p + raw.length;
        return true;
    }

    /**
     * If the next token is one of {@code quoted} (strings as {@code "text"} bytes), consumes it and
     * returns its index; -1 (nothing but whitespace consumed) otherwise.
     */
    public int consumeOneOf(byte[][] quoted) {
        for (int k = 0; k < quoted.length; k++) {
            if (quoted[k].length - 2 <= maxStringLength && consumeRaw(quoted[k])) {
                return k; // a string token ends at its closing quote: this is the whole token
            }
        }
        return -1;
    }

    /**
     * True if the string read last by {@link #readString} was plain ASCII and had the canonical
     * UUID shape (8-4-4-4-12 hex digits); false when it did not or is not known.
     */
    public boolean lastStringIsCanonicalUuid() {
        int s = lastStart;
        if (s < 0 || lastEnd - s != 36 || b[s + 8] != '-' || b[s + 13] != '-' || b[s + 18] != '-' || b[s + 23] != '-') {
            return false;
        }
        // hex digits eight at a time (the bytes are plain ASCII, 0x20..0x7e): bytes 0-7, 8-15 but
        // 8 and 13, 16-23 but 18 and 23, 24-31 and 28-35
        return hexBytes((long) LONGS.get(b, s)) == HIGH
                && (hexBytes((long) LONGS.get(b, s + 8)) | 0x0000_8000_0000_0080L) == HIGH
                && (hexBytes((long) LONGS.get(b, s + 16)) | 0x8000_0000_0080_0000L) == HIGH
                && hexBytes((long) LONGS.get(b, s + 24)) == HIGH
                && hexBytes((long) LONGS.get(b, s + 28)) == HIGH;
    }

    /** For eight ASCII bytes, the high bit of each byte that is a hex digit (either case). */
    private static long hexBytes(long x) {
        long y = x | (ONES * 0x20); // upper-case letters to lower case; digits stay
        long digit = (y + ONES * (0x80 - '0')) & ~(y + ONES * (0x7f - '9'));
        long letter = (y + ONES * (0x80 - 'a')) & ~(y + ONES * (0x7f - 'f'));
        return (digit | letter) & HIGH;
    }

    /** Where the string read last by {@link #readString} lies in the input when it was plain ASCII; -1 otherwise. */
    private int lastStart = -1;
    private int lastEnd;

    /**
     * A timestamp in exactly the form {@code "YYYY-MM-DDTHH:MM:SSZ"} (what Tandem and Nova write),
     * parsed straight from the bytes; null, with nothing consumed, for any other token or a date that
     * does not exist (the caller then reads it the general way, which reports the error).
     */
    public java.time.OffsetDateTime readUtcSeconds() {
        peek();
        int p = pos;
        if (end - p < 22 || maxStringLength < 20 || b[p] != '"' || b[p + 21] != '"' || b[p + 20] != 'Z'
                || b[p + 5] != '-' || b[p + 8] != '-' || b[p + 11] != 'T' || b[p + 14] != ':' || b[p + 17] != ':') {
            return null;
        }
        int year = digits(p + 1, 4);
        int month = digits(p + 6, 2);
        int day = digits(p + 9, 2);
        int hour = digits(p + 12, 2);
        int minute = digits(p + 15, 2);
        int second = digits(p + 18, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > (month == 2 ? (java.time.Year.isLeap(year) ? 29 : 28) : 30 + ((month + (month >> 3)) & 1))
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        pos = p + 22;
        return java.time.OffsetDateTime.of(year, month, day, hour, minute, second, 0, java.time.ZoneOffset.UTC);
    }

    /** The decimal value of {@code n} ASCII digits at {@code i}; negative if any is not a digit. */
    private int digits(int i, int n) {
        int v = 0;
        for (int k = i; k < i + n; k++) {
            int d = b[k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** A {@code true} or {@code false} literal, consumed; null, with nothing consumed, for any other token. */
    public Boolean readBooleanLiteral() {
        int c = peek();
        if (c == 't' && end - pos >= 4 && b[pos + 1] == 'r' && b[pos + 2] == 'u' && b[pos + 3] == 'e') {
            pos += 4;
            return Boolean.TRUE;
        }
        if (c == 'f' && end - pos >= 5 && b[pos + 1] == 'a' && b[pos + 2] == 'l' && b[pos + 3] == 's' && b[pos + 4] == 'e') {
            pos += 5;
            return Boolean.FALSE;
        }
        return null;
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
        String s = readStringWithin(MAX_NAME_LENGTH, true, true);
        expect(':');
        return s;
    }

    /** Consumes a {@code null} literal if one is next. */
    public boolean consumeNull() {
        if (peek() == 'n') {
            int p = pos;
            if (end - p < 4 || b[p + 1] != 'u' || b[p + 2] != 'l' || b[p + 3] != 'l') {
                throw unsupported();
            }
            pos = p + 4;
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
        return readStringWithin(maxStringLength, false, false);
    }

    /**
     * A string value that is a name rather than data (an object's name or version, a changed field's
     * name): like {@link #readString}, the string reused from the member-name table when it is short
     * plain ASCII.
     */
    public String readNameValue() {
        return readStringWithin(maxStringLength, true, false);
    }

    private String readStringWithin(int limit, boolean keep, boolean name) {
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
                lastStart = start;
                lastEnd = i;
                return keep && i - start <= MAX_KEPT_NAME ? keptName(start, i - start)
                        : new String(b, start, i - start, StandardCharsets.ISO_8859_1);
            }
            if (c < 0 && !name) {
                return readStringUtf8Run(start, i, limit);
            }
            if (c == '\\' || c < 0x20) { // c < 0x20 includes every non-ASCII byte (negative)
                lastStart = -1;
                return readStringSlow(start, limit, name);
            }
            i++;
        }
        throw unsupported();
    }

    /**
     * A string value from {@code start} with raw UTF-8 from {@code i} on: when it has no escapes, is
     * well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF) and within
     * the limit in bytes, decoded in one go; otherwise by {@link #readStringSlow}.
     */
    private String readStringUtf8Run(int start, int i, int limit) {
        lastStart = -1;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                if (c == '"') {
                    if (i - start > limit) {
                        break;
                    }
                    pos = i + 1;
                    return new String(b, start, i - start, StandardCharsets.UTF_8);
                }
                if (c == '\\' || c < 0x20) {
                    break;
                }
                i++;
                continue;
            }
            int n = utf8Sequence(i);
            if (n == 0) {
                break;
            }
            i += n;
        }
        return readStringSlow(start, limit, false);
    }

    /** The length of the well-formed UTF-8 sequence of two to four bytes at {@code i}; 0 if it is not one. */
    private int utf8Sequence(int i) {
        int c = b[i] & 0xff;
        if (c >= 0xC2 && c <= 0xDF) {
            return i + 1 < end && cont(b[i + 1]) ? 2 : 0;
        }
        if (c >= 0xE0 && c <= 0xEF) {
            if (i + 2 >= end || !cont(b[i + 1]) || !cont(b[i + 2])) {
                return 0;
            }
            int c1 = b[i + 1] & 0xff;
            if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
                return 0; // overlong, or a surrogate
            }
            return 3;
        }
        if (c >= 0xF0 && c <= 0xF4) {
            if (i + 3 >= end || !cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])) {
                return 0;
            }
            int c1 = b[i + 1] & 0xff;
            if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
                return 0; // overlong, or past U+10FFFF
            }
            return 4;
        }
        return 0;
    }

    private static boolean cont(byte x) {
        return (x & 0xC0) == 0x80;
    }

    /** Longest member name kept in {@link #NAMES}. */
    private static final int MAX_KEPT_NAME = 32;

    /** A member name's bytes (zero-padded to whole eight-byte words), its length and its string. */
    private static final class Name {
        final byte[] words;
        final int length;
        final String text;

        Name(byte[] words, int length, String text) {
            this.words = words;
            this.length = length;
            this.text = text;
        }
    }

    /**
     * Member names seen recently, by hash: the same few dozen names come in every message (the
     * RPC envelope's keys, a context's, an object's fields), and reusing their strings saves a string
     * per name per message and its hashing again in the map it goes into. Shared by all threads
     * without locking: a slot holds an immutable {@link Name} or null, and a lost race only costs a miss.
     */
    private static final Name[] NAMES = new Name[2048];

    /** The name of the plain ASCII bytes {@code b[start, start + n)}, reused when seen before. */
    private String keptName(int start, int n) {
        int stop = start + n;
        // hashed and compared a word at a time, the last word masked to the name's bytes
        long h = n;
        int k = start;
        for (; k + 8 <= stop; k += 8) {
            h = (h ^ (long) LONGS.get(b, k)) * 0x9E3779B97F4A7C15L;
        }
        int rest = stop - k;
        long tail = 0;
        if (rest > 0) {
            if (k + 8 <= end) {
                tail = (long) LONGS.get(b, k) & (-1L >>> (64 - 8 * rest));
            } else {
                for (int j = rest - 1; j >= 0; j--) {
                    tail = (tail << 8) | (b[k + j] & 0xff);
                }
            }
        }
        h = (h ^ tail) * 0x9E3779B97F4A7C15L;
        // two slots per name (the second for a name whose first slot another one holds): with the
        // few dozen names in use, two of them sharing one slot is likely, and they would evict each other
        int slot = (int) (h >>> 53) & (NAMES.length - 2);
        for (int s = slot; s < slot + 2; s++) {
            Name kept = NAMES[s];
            if (kept != null && kept.length == n) {
                byte[] w = kept.words;
                int j = 0;
                while (j + 8 <= n && (long) LONGS.get(w, j) == (long) LONGS.get(b, start + j)) {
                    j += 8;
                }
                if (j + 8 > n && (rest == 0 || (long) LONGS.get(w, j) == tail)) {
                    return kept.text;
                }
            }
        }
        String text = new String(b, start, n, StandardCharsets.ISO_8859_1);
        text.hashCode(); // cached in the string for every map it goes into
        byte[] words = new byte[(n + 7) & ~7];
        System.arraycopy(b, start, words, 0, n);
        NAMES[NAMES[slot] == null ? slot : slot + 1] = new Name(words, n, text);
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
     * A reader (same limits) over the content of the string here, which is JSON carried inside a
     * JSON string as the oslo envelope carries its message: unescaped in one pass (a lone surrogate
     * escape or anything not strictly valid is refused), which also notes where the bytes that end
     * a plain run of the inner text are, so that the inner reader skips a long string value (a 6 KB
     * field) without reading it a second time.
     */
    public JsonInput readEmbeddedJson() {
        expect('"');
        // unescaping never lengthens (an escape of 2 or 6 bytes gives at most 3), so what is left of the
        // input is room enough: no growing, no capacity checks
        byte[] out = new byte[end - pos];
        int n = 0;
        int i = pos;
        boolean rawNonAscii = false;
        // every byte written that is not plain inside a string (quote, backslash, control, non-ASCII)
        // comes from an escape or is a raw non-ASCII byte: both are seen here
        int[] noted = new int[64];
        int count = 0;
        while (true) {
            if (i >= end) {
                throw unsupported();
            }
            // a run of plain bytes, ASCII eight at a time, then byte by byte (UTF-8 sequences copied as
            // they are are validated below, once, if there are any)
            int run = i;
            i = skipPlain(i);
            while (i < end && b[i] != '"' && b[i] != '\\' && (b[i] >= 0x20 || b[i] < 0)) {
                if (b[i] < 0) {
                    rawNonAscii = true;
                    if (count == noted.length) {
                        noted = java.util.Arrays.copyOf(noted, count * 2);
                    }
                    noted[count++] = n + (i - run);
                }
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
            if (count + 3 > noted.length) {
                noted = java.util.Arrays.copyOf(noted, noted.length * 2);
            }
            int from = n;
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
            for (int k = from; k < n; k++) {
                byte x = out[k];
                if (x == '"' || x == '\\' || x < 0x20) { // x < 0x20 includes every non-ASCII byte (negative)
                    noted[count++] = k;
                }
            }
        }
        if (n > maxStringLength) {
            throw unsupported();
        }
        if (rawNonAscii) {
            // non-ASCII bytes copied as they came: refuse invalid UTF-8, as Jackson would (what \\u escapes
            // gave is valid by construction)
            try {
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(out, 0, n));
            } catch (CharacterCodingException ex) {
                throw unsupported();
            }
        }
        return new JsonInput(out, n, maxStringLength, maxNesting, noted, count);
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
