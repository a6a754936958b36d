package org.tandem.rpc.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Message identifiers ({@code _msg_id}, {@code _unique_id}): 32 lowercase hex digits, the shape of
 * oslo's {@code uuid4().hex}. Drawn from {@link ThreadLocalRandom} rather than
 * {@code UUID.randomUUID()}, whose shared {@code SecureRandom} serialises concurrent callers; the
 * ids only need to be unique, not unpredictable.
 */
public final class Ids {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Ids() {
    }

    /** 128 random bits as 32 hex digits. */
    public static String hex() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] out = new byte[32];
        fill(out, 0, r.nextLong());
        fill(out, 16, r.nextLong());
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static void fill(byte[] out, int at, long bits) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }
}
