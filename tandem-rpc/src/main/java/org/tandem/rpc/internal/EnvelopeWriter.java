package org.tandem.rpc.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.tandem.objects.json.JsonOutput;

/**
 * Writes the 2.0 envelope of a message dict in one pass: the dict is written as Python's
 * {@code json.dumps} text (separators {@code ": "} and {@code ", "}, everything outside
 * space..~ escaped as lower-case {@code \\uXXXX}) and escaped at once for the {@code oslo.message}
 * string, with no intermediate JSON text. Numbers are written as the Jackson path writes them.
 * Values other than maps with string keys, collections, strings, integers, finite doubles, booleans
 * and null make {@link #envelope} return null; {@link Envelope#encode} then takes the Jackson path.
 */
final class EnvelopeWriter extends JsonOutput {
    private static final byte[] HEAD = ("{\"" + Envelope.VERSION_KEY + "\": \"" + Envelope.VERSION + "\", \""
            + Envelope.MESSAGE_KEY + "\": \"").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    /** Per ASCII character inside a string: 0 copied as is, else the escape letter ('u' for \\u00XX). */
    /** JSON's escapes plus DEL as {@code \\u007f}, as Python's json.dumps writes it. */
    private static final byte[] ESCAPE = jsonEscapes();
    private static final ThreadLocal<EnvelopeWriter> WRITERS = ThreadLocal.withInitial(EnvelopeWriter::new);

    static {
        ESCAPE[0x7f] = 'u';
    }

    /** Scratch for {@link #writeString}'s characters. */
    private char[] chars = new char[256];
    /** Longest scratch a thread keeps (longer strings get one of their own). */
    private static final int MAX_KEPT_CHARS = 1 << 16;

    private EnvelopeWriter() {
        super(8192);
    }

    /** The envelope bytes, or null for a value this writer does not take. */
    static byte[] envelope(Map<String, Object> message) {
        EnvelopeWriter w = WRITERS.get();
        w.reset();
        try {
            w.writeRaw(HEAD);
            w.writeMessage(message);
            w.writeByte('"');
            w.writeByte('}');
            return w.toByteArray();
        } catch (JsonOutput.Unsupported e) {
            return null;
        }
    }

    /**
     * The message dict: as {@link #writeTree} writes it, except that the shared entries a
     * {@link WithKeys#joined} view puts after a message (a context's {@code _context_*} entries,
     * the same for every message sent with that context) are written once per thread and copied
     * while the same read-only map comes back.
     */
    private void writeMessage(Map<String, Object> message) {
        writeByte('{');
        writeEntries(message, true);
        writeByte('}');
    }

    /** Writes the entries of {@code m} (a separator first unless {@code first}); true if still none written. */
    private boolean writeEntries(Map<?, ?> m, boolean first) {
        if (m instanceof WithKeys w) {
            boolean none = writeEntries(w.message(), first);
            if (w.then() != null) {
                none = writeShared(w.then(), none);
            }
            String[] keys = w.extraKeys();
            Object[] values = w.extraValues();
            for (int i = 0; i < keys.length; i++) {
                none = writeEntry(keys[i], values[i], none);
            }
            return none;
        }
        boolean none = first;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k)) {
                throw JsonOutput.Unsupported.INSTANCE;
            }
            none = writeEntry(k, e.getValue(), none);
        }
        return none;
    }

    private boolean writeEntry(String key, Object value, boolean first) {
        if (!first) {
            writeValueSeparator();
        }
        writeString(key);
        writeNameSeparator();
        writeTree(value);
        return false;
    }

    /** The last shared map written on this thread, and its entries' bytes once it came back (else null). */
    private Map<String, Object> lastShared;
    private byte[] lastSharedBytes;
    /** {@link #lastSharedBytes} of a map that may change (not kept). */
    private static final byte[] NOT_KEPT = {};

    private boolean writeShared(Map<String, Object> shared, boolean first) {
        if (shared != lastShared) {
            // seen for the first time (in a row): written; kept only if it comes back next
            lastShared = shared;
            lastSharedBytes = null;
            return writeEntries(shared, first);
        }
        if (lastSharedBytes == NOT_KEPT) {
            return writeEntries(shared, first);
        }
        if (lastSharedBytes == null) {
            if (shared.isEmpty() || !ReadOnly.deeply(shared)) {
                lastSharedBytes = NOT_KEPT;
                return writeEntries(shared, first);
            }
            int start = pos;
            writeEntries(shared, true);
            lastSharedBytes = java.util.Arrays.copyOfRange(buf, start, pos);
            pos = start;
        }
        if (!first) {
            writeValueSeparator();
        }
        writeRaw(lastSharedBytes);
        return false;
    }

    @Override
    protected void writeValueSeparator() {
        writeByte(',');
        writeByte(' ');
    }

    @Override
    protected void writeNameSeparator() {
        writeByte(':');
        writeByte(' ');
    }

    /** A string of the inner text, written escaped for the outer string. */
    @Override
    public void writeString(String s) {
        int n = s.length();
        // room for every remaining character as one byte and the closing quote, kept after each escape,
        // so the common (plain) character needs no check
        ensure(n + 4);
        buf[pos++] = '\\';
        buf[pos++] = '"';
        // a long string's plain start in bulk; the rest from a copy of its characters (widened, from a
        // Latin-1 string): the loop below then reads an array, not String.charAt's checks per character
        int from = n >= BULK_STRING ? writePlainAsciiStart(s) : 0;
        int rest = n - from;
        char[] cs = chars;
        if (cs.length < rest) {
            cs = new char[Math.max(rest, cs.length * 2)];
            if (rest <= MAX_KEPT_CHARS) {
                chars = cs;
            }
        }
        s.getChars(from, n, cs, 0);
        byte[] buf = this.buf;
        int pos = this.pos;
        for (int i = 0; i < rest; i++) {
            char c = cs[i];
            if (c < 0x80 && ESCAPE[c] == 0) {
                buf[pos++] = (byte) c;
                continue;
            }
            this.pos = pos;
            ensure(8 + rest - i);
            buf = this.buf;
            buf[pos++] = '\\';
            buf[pos++] = '\\';
            byte e = c < 0x80 ? ESCAPE[c] : (byte) 'u';
            if (e == '"' || e == '\\') {
                buf[pos++] = '\\';
                buf[pos++] = e;
            } else if (e == 'u') {
                buf[pos++] = 'u';
                buf[pos++] = HEX[c >> 12];
                buf[pos++] = HEX[(c >> 8) & 0xF];
                buf[pos++] = HEX[(c >> 4) & 0xF];
                buf[pos++] = HEX[c & 0xF];
            } else {
                buf[pos++] = e;
            }
        }
        this.pos = pos;
        ensure(2);
        this.buf[this.pos++] = '\\';
        this.buf[this.pos++] = '"';
    }
}
