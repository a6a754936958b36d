package org.tandem.objects.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Python-compatible text conversions (str/int/float/ISO 8601) without regular expressions. */
public final class PyText {
    private PyText() {
    }

    /** Shortens text for error messages. */
    public static String clip(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...(" + s.length() + " chars)";
    }

    /** Python's {@code repr(float)}: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0.0) {
            return (1.0 / d) < 0 ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exp < -4 || exp >= 16) {
            StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            if (a < 10) {
                sb.append('0');
            }
            return sb.append(a).toString();
        }
        String plain = bd.abs().toPlainString();
        return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
    }

    /** Python's {@code str(datetime)}: {@code 2015-03-04 05:06:07[.ffffff]+00:00}. */
    public static String datetimeStr(OffsetDateTime t) {
        StringBuilder sb = new StringBuilder(32);
        date(sb, t);
        sb.append(' ');
        time(sb, t);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            String m = Integer.toString(micros);
            sb.append('.').append("000000", 0, 6 - m.length()).append(m);
        }
        String id = t.getOffset().getId();
        return sb.append("Z".equals(id) ? "+00:00" : id).toString();
    }

    /** OVO's {@code isotime}: whole seconds, {@code Z} for UTC, else the offset. */
    public static String isotime(OffsetDateTime t) {
        StringBuilder sb = new StringBuilder(25);
        date(sb, t);
        sb.append('T');
        time(sb, t);
        ZoneOffset off = t.getOffset();
        return sb.append(off.getTotalSeconds() == 0 ? "Z" : off.getId()).toString();
    }

    private static void date(StringBuilder sb, OffsetDateTime t) {
        pad(sb, t.getYear(), 4).append('-');
        pad(sb, t.getMonthValue(), 2).append('-');
        pad(sb, t.getDayOfMonth(), 2);
    }

    private static void time(StringBuilder sb, OffsetDateTime t) {
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    private static String strip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isSpace(s.charAt(a))) {
            a++;
        }
        while (b > a && isSpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    /** Python's {@code int(str)} in base 10, or null when it would raise. */
    public static BigInteger parseInt(String text) {
        String s = strip(text);
        int i = 0;
        boolean neg = false;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        String digits = digitsWithUnderscores(s, i, s.length());
        if (digits == null) {
            return null;
        }
        BigInteger v = new BigInteger(digits);
        return neg ? v.negate() : v;
    }

    private static String digitsWithUnderscores(String s, int from, int to) {
        if (from >= to) {
            return null;
        }
        StringBuilder sb = new StringBuilder(to - from);
        boolean lastDigit = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
                lastDigit = true;
            } else if (c == '_' && lastDigit && i + 1 < to && s.charAt(i + 1) >= '0' && s.charAt(i + 1) <= '9') {
                lastDigit = false;
            } else {
                return null;
            }
        }
        return sb.toString();
    }

    /** Python's {@code float(str)}, or null when it would raise. */
    public static Double parseFloat(String text) {
        String s = strip(text);
        if (s.isEmpty()) {
            return null;
        }
        int i = 0;
        boolean neg = false;
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        String rest = s.substring(i).toLowerCase(java.util.Locale.ROOT);
        if (rest.equals("inf") || rest.equals("infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (rest.equals("nan")) {
            return Double.NaN;
        }
        StringBuilder sb = new StringBuilder(s.length());
        int mantissaDigits = 0;
        boolean dot = false;
        boolean exp = false;
        int expDigits = 0;
        for (int k = 0; k < rest.length(); k++) {
            char c = rest.charAt(k);
            if (c >= '0' && c <= '9') {
                if (exp) {
                    expDigits++;
                } else {
                    mantissaDigits++;
                }
                sb.append(c);
            } else if (c == '_') {
                if (k == 0 || k + 1 >= rest.length() || !isDigit(rest.charAt(k - 1)) || !isDigit(rest.charAt(k + 1))) {
                    return null;
                }
            } else if (c == '.' && !dot && !exp) {
                dot = true;
                sb.append(c);
            } else if (c == 'e' && !exp && mantissaDigits > 0) {
                exp = true;
                sb.append(c);
                if (k + 1 < rest.length() && (rest.charAt(k + 1) == '+' || rest.charAt(k + 1) == '-')) {
                    sb.append(rest.charAt(++k));
                }
            } else {
                return null;
            }
        }
        if (mantissaDigits == 0 || (exp && expDigits == 0)) {
            return null;
        }
        double v = Double.parseDouble(sb.toString());
        return neg ? -v : v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Parses ISO 8601 the way the iso8601 module does: {@code YYYY-MM-DD} or {@code YYYYMMDD},
     * optionally followed by {@code T} or space and {@code HH[:MM[:SS[.fraction]]]} (or the basic
     * form), then {@code Z}, {@code ±HH:MM}, {@code ±HHMM} or {@code ±HH}; no zone means UTC.
     * Returns null when the text is not such a timestamp.
     */
    public static OffsetDateTime parseIso8601(String s) {
        try {
            Cursor c = new Cursor(s);
            int year = c.digits(4);
            boolean ext = c.accept('-');
            int month = c.digits(2);
            if (ext && !c.accept('-')) {
                return null;
            }
            int day = c.digits(2);
            int hour = 0;
            int minute = 0;
            int second = 0;
            int nanos = 0;
            ZoneOffset offset = ZoneOffset.UTC;
            if (c.more() && (c.peek() == 'T' || c.peek() == 't' || c.peek() == ' ')) {
                c.pos++;
                hour = c.digits(2);
                boolean text = c.accept(':');
                if (text || (c.more() && isDigit(c.peek()))) {
                    minute = c.digits(2);
                    boolean colon = c.accept(':');
                    if ((colon && text) || (!text && c.more() && isDigit(c.peek()))) {
                        second = c.digits(2);
                        if (c.accept('.') || c.accept(',')) {
                            int start = c.pos;
                            long frac = 0;
                            int n = 0;
                            while (c.more() && isDigit(c.peek())) {
                                if (n < 9) {
                                    frac = frac * 10 + (c.peek() - '0');
                                    n++;
                                }
                                c.pos++;
                            }
                            if (c.pos == start) {
                                return null;
                            }
                            for (int k = n; k < 9; k++) {
                                frac *= 10;
                            }
                            nanos = (int) frac;
                        }
                    } else if (colon) {
                        return null;
                    }
                }
                if (c.more()) {
                    char z = c.peek();
                    if (z == 'Z' || z == 'z') {
                        c.pos++;
                    } else if (z == '+' || z == '-') {
                        c.pos++;
                        int oh = c.digits(2);
                        int om = 0;
                        if (c.accept(':') || (c.more() && isDigit(c.peek()))) {
                            om = c.digits(2);
                        }
                        int total = oh * 3600 + om * 60;
                        offset = ZoneOffset.ofTotalSeconds(z == '-' ? -total : total);
                    }
                }
            }
            if (c.more()) {
                return null;
            }
            return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
        } catch (DateTimeException | IndexOutOfBoundsException | NumberFormatException e) {
            return null;
        }
    }

    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) {
            this.s = s;
        }

        boolean more() {
            return pos < s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        boolean accept(char ch) {
            if (pos < s.length() && s.charAt(pos) == ch) {
                pos++;
                return true;
            }
            return false;
        }

        int digits(int n) {
            int v = 0;
            for (int i = 0; i < n; i++) {
                char ch = s.charAt(pos++);
                if (!isDigit(ch)) {
                    throw new NumberFormatException();
                }
                v = v * 10 + (ch - '0');
            }
            return v;
        }
    }
}
