package org.tandem.objects.internal;

/**
 * IP address parsing and printing compatible with oslo.versionedobjects' netaddr-based fields
 * (netaddr 0.8): IPv4 text is read with inet_aton rules (1 to 4 parts, decimal, octal with a
 * leading 0, hex with 0x), IPv6 text strictly; IPv6 is printed like inet_ntop (lower case, the
 * first longest run of two or more zero groups compressed, IPv4-compatible and -mapped forms).
 */
public final class IpText {
    private IpText() {
    }

    /** The canonical text of an IPv4 or IPv6 address, or null when {@code s} is neither. */
    public static String normalize(String s) {
        if (s.indexOf(':') >= 0) {
            int[] words = parseV6(s);
            return words == null ? null : formatV6(words);
        }
        long v4 = parseInetAton(s);
        return v4 < 0 ? null : formatV4(v4);
    }

    /**
     * True if {@code s} is an IPv4 address already in the form {@link #normalize} gives (four
     * decimal numbers up to 255 without leading zeros), so that normalizing returns it unchanged.
     */
    public static boolean isCanonicalV4(String s) {
        int n = s.length();
        if (n < 7 || n > 15) {
            return false;
        }
        int parts = 0;
        int i = 0;
        while (true) {
            int start = i;
            int v = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                v = v * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 3 || v > 255 || (len > 1 && s.charAt(start) == '0')) {
                return false;
            }
            parts++;
            if (i == n) {
                return parts == 4;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return false;
            }
            i++;
        }
    }

    /** The address an integer denotes (IPv4 below 2^32, else IPv6), or null when out of range. */
    public static String fromInteger(java.math.BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 128) {
            return null;
        }
        if (value.bitLength() <= 32) {
            return formatV4(value.longValue());
        }
        int[] words = new int[8];
        for (int i = 7; i >= 0; i--) {
            words[i] = value.intValue() & 0xffff;
            value = value.shiftRight(16);
        }
        return formatV6(words);
    }

    public static boolean isV6(String canonical) {
        return canonical.indexOf(':') >= 0;
    }

    private static String formatV4(long v) {
        return ((v >> 24) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }

    private static long parseInetAton(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return -1;
        }
        long[] parts = new long[4];
        int n = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (n == 4) {
                    return -1;
                }
                long p = number(s, start, i);
                if (p < 0) {
                    return -1;
                }
                parts[n++] = p;
                start = i + 1;
            }
        }
        long[] max = {0xffffffffL, 0xffffffL, 0xffffL, 0xffL};
        for (int i = 0; i < n - 1; i++) {
            if (parts[i] > 0xff) {
                return -1;
            }
        }
        if (parts[n - 1] > max[n - 1]) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < n - 1; i++) {
            v |= parts[i] << (24 - 8 * i);
        }
        return v | parts[n - 1];
    }

    private static long number(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        int radix = 10;
        if (to - from > 1 && s.charAt(from) == '0' && (s.charAt(from + 1) == 'x' || s.charAt(from + 1) == 'X')) {
            radix = 16;
            from += 2;
            if (from == to) {
                return 0; // "0x" alone is 0 for inet_aton
            }
        } else if (to - from > 1 && s.charAt(from) == '0') {
            radix = 8;
            from++;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0 || s.charAt(i) > 'z') {
                return -1;
            }
            v = v * radix + d;
            if (v > 0xffffffffL) {
                return -1;
            }
        }
        return v;
    }

    private static int[] parseV6(String s) {
        if (s.length() > 45) {
            return null;
        }
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        int nh;
        int nt = 0;
        if (dbl < 0) {
            nh = groups(s, 0, s.length(), head, 8);
            if (nh != 8) {
                return null;
            }
            return head;
        }
        nh = dbl == 0 ? 0 : groups(s, 0, dbl, head, 7);
        if (nh < 0) {
            return null;
        }
        if (dbl + 2 < s.length()) {
            nt = groups(s, dbl + 2, s.length(), tail, 7 - nh);
            if (nt < 0) {
                return null;
            }
        }
        if (nh + nt > 7) {
            return null;
        }
        int[] words = new int[8];
        System.arraycopy(head, 0, words, 0, nh);
        System.arraycopy(tail, 0, words, 8 - nt, nt);
        return words;
    }

    /** Parses colon-separated hex groups (the last may be a dotted IPv4 worth two groups); returns the count or -1. */
    private static int groups(String s, int from, int to, int[] out, int max) {
        int n = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || s.charAt(i) == ':') {
                if (i == start) {
                    return -1;
                }
                if (i == to && s.lastIndexOf('.', to - 1) >= start) {
                    long v4 = strictDottedQuad(s.substring(start, i));
                    if (v4 < 0 || n + 2 > max) {
                        return -1;
                    }
                    out[n++] = (int) (v4 >> 16);
                    out[n++] = (int) (v4 & 0xffff);
                    return n;
                }
                if (i - start > 4 || n + 1 > max) {
                    return -1;
                }
                int v = 0;
                for (int k = start; k < i; k++) {
                    int d = Character.digit(s.charAt(k), 16);
                    if (d < 0 || s.charAt(k) > 'z') {
                        return -1;
                    }
                    v = v * 16 + d;
                }
                out[n++] = v;
                start = i + 1;
            }
        }
        return n;
    }

    private static long strictDottedQuad(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) {
            return -1;
        }
        long v = 0;
        for (String part : p) {
            if (part.isEmpty() || part.length() > 3) {
                return -1;
            }
            int x = 0;
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                x = x * 10 + (c - '0');
            }
            if (x > 255) {
                return -1;
            }
            v = (v << 8) | x;
        }
        return v;
    }

    private static String formatV6(int[] w) {
        int bestBase = -1;
        int bestLen = 0;
        for (int i = 0; i < 8;) {
            if (w[i] == 0) {
                int j = i;
                while (j < 8 && w[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestBase = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) {
            bestBase = -1;
        }
        if (bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
            String prefix = bestLen == 6 ? "::" : "::ffff:";
            return prefix + (w[6] >> 8) + "." + (w[6] & 0xff) + "." + (w[7] >> 8) + "." + (w[7] & 0xff);
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestBase) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(w[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }

    /**
     * True if {@code s} is an IPv6 address already in the form {@link #normalize} gives (lower-case
     * groups without leading zeros, the first longest run of two or more zero groups as {@code ::},
     * not one of the dotted forms), so that normalizing returns it unchanged. Read from the text,
     * with no groups parsed into numbers.
     */
    public static boolean isCanonicalV6(String s) {
        int n = s.length();
        if (n < 2 || n > 39) {
            return false;
        }
        int groups = 0; // written out
        int zeros = 0; // bit k: written-out group k is 0
        int gap = -1; // groups written before the "::"
        int firstAfterGap = -1;
        int i = 0;
        if (s.charAt(0) == ':') {
            if (s.charAt(1) != ':') {
                return false;
            }
            gap = 0;
            i = 2;
        }
        while (i < n) {
            int start = i;
            int v = 0;
            while (i < n && i - start < 5) {
                char c = s.charAt(i);
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
                if (d < 0) {
                    break;
                }
                v = v * 16 + d;
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 4 || (len > 1 && s.charAt(start) == '0') || groups == 8) {
                return false;
            }
            if (v == 0) {
                zeros |= 1 << groups;
            }
            if (groups == gap) {
                firstAfterGap = v;
            }
            groups++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':' || i + 1 == n) {
                return false; // another character (a dotted or zoned form), or a single colon at the end
            }
            if (s.charAt(i + 1) == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = groups;
                i += 2;
            } else {
                i++;
            }
        }
        int compressed = 8 - groups;
        if (gap < 0 ? groups != 8 : compressed < 2) {
            return false;
        }
        if (gap == 0 && (compressed == 6 || (compressed == 5 && firstAfterGap == 0xffff))) {
            return false; // written dotted
        }
        for (int k = 0; k < groups;) {
            if ((zeros & (1 << k)) == 0) {
                k++;
                continue;
            }
            int a = k;
            while (k < groups && (zeros & (1 << k)) != 0) {
                k++;
            }
            int len = k - a;
            if (gap < 0 ? len >= 2
                    : (a <= gap && gap <= k) // touches the "::": the run there is longer than written
                            || (k < gap && len >= compressed) || (a > gap && len > compressed)) {
                return false;
            }
        }
        return true;
    }
}
