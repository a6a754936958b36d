package org.tandem.objects;

/**
 * Limits applied when decoding untrusted primitives or JSON.
 *
 * @param maxDepth how deeply objects may nest inside objects (default 64)
 * @param maxStringLength the longest string accepted anywhere, in chars (default 16 MiB)
 */
public record CodecLimits(int maxDepth, int maxStringLength) {
    public static final int DEFAULT_MAX_DEPTH = 64;
    public static final int DEFAULT_MAX_STRING_LENGTH = 16 * 1024 * 1024;

    public CodecLimits {
        if (maxDepth < 1 || maxStringLength < 1) {
            throw new IllegalArgumentException("limits must be positive: maxDepth=" + maxDepth + ", maxStringLength="
                    + maxStringLength);
        }
    }

    public static CodecLimits defaults() {
        return new CodecLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_STRING_LENGTH);
    }
}
