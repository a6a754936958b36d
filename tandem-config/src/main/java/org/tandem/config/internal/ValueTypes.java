package org.tandem.config.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tandem.config.OptionType;

/** The built-in {@link OptionType}s (behaviour modelled on oslo.config's types). */
public final class ValueTypes {
    private ValueTypes() {
    }

    public static final OptionType<String> STRING = new StringType();
    public static final OptionType<Boolean> BOOLEAN = new BooleanType();
    public static final OptionType<Integer> PORT = new IntegerType(0, 65535, true);
    public static final OptionType<List<String>> LIST = new ListType();
    public static final OptionType<List<String>> MULTI_STRING = new MultiStringType();
    public static final OptionType<Map<String, String>> DICT = new DictType();

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Set<String> TRUE_WORDS = Set.of("true", "1", "on", "yes");
    private static final Set<String> FALSE_WORDS = Set.of("false", "0", "off", "no");

    public static OptionType<Integer> integer(Integer min, Integer max) {
        if (min != null && max != null && max < min) {
            throw new IllegalArgumentException("integer bounds reversed: min " + min + " > max " + max);
        }
        return new IntegerType(min, max, false);
    }

    public static OptionType<Double> floating(Double min, Double max) {
        if (min != null && max != null && max < min) {
            throw new IllegalArgumentException("float bounds reversed: min " + min + " > max " + max);
        }
        return new FloatType(min, max);
    }

    /** Quotes a value whose leading or trailing spaces would otherwise be lost when read back. */
    static String quoteSpaces(String s) {
        return s.strip().equals(s) ? s : "\"" + s + "\"";
    }

    static String boundsText(String noun, Number min, Number max) {
        if (min != null && max != null) {
            return noun + " between " + min + " and " + max;
        } else if (min != null) {
            return noun + " >= " + min;
        } else if (max != null) {
            return noun + " <= " + max;
        }
        return noun;
    }

    private static final class StringType implements OptionType<String> {
        @Override
        public String parse(String text) {
            return text;
        }

        @Override
        public String format(String value) {
            return quoteSpaces(value);
        }

        @Override
        public String description() {
            return "string";
        }
    }

    private static final class BooleanType implements OptionType<Boolean> {
        @Override
        public Boolean parse(String text) {
            String word = text.toLowerCase(Locale.ROOT);
            if (TRUE_WORDS.contains(word)) {
                return Boolean.TRUE;
            }
            if (FALSE_WORDS.contains(word)) {
                return Boolean.FALSE;
            }
            throw new IllegalArgumentException("a boolean (true/false, yes/no, on/off or 1/0)");
        }

        @Override
        public String format(Boolean value) {
            return value.toString();
        }

        @Override
        public String description() {
            return "boolean";
        }
    }

    private static final class IntegerType implements OptionType<Integer> {
        private final Integer min;
        private final Integer max;
        private final boolean port;

        IntegerType(Integer min, Integer max, boolean port) {
            this.min = min;
            this.max = max;
            this.port = port;
        }

        private String expected() {
            return port ? "a port number between 0 and 65535" : boundsText("an integer", min, max);
        }

        @Override
        public Integer parse(String text) {
            String s = text.strip();
            if (s.isEmpty()) {
                return null;
            }
            if (!INTEGER.matcher(s).matches()) {
                throw new IllegalArgumentException(expected());
            }
            long v;
            try {
                v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(expected() + " (this one is too large)");
            }
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(expected() + " (this one is too large)");
            }
            if ((min != null && v < min) || (max != null && v > max)) {
                throw new IllegalArgumentException(expected());
            }
            return (int) v;
        }

        @Override
        public String format(Integer value) {
            return value.toString();
        }

        @Override
        public String description() {
            return port ? "port number" : "integer";
        }

        @Override
        public Number min() {
            return min;
        }

        @Override
        public Number max() {
            return max;
        }
    }

    private static final class FloatType implements OptionType<Double> {
        private final Double min;
        private final Double max;

        FloatType(Double min, Double max) {
            this.min = min;
            this.max = max;
        }

        @Override
        public Double parse(String text) {
            String s = text.strip();
            if (s.isEmpty()) {
                return null;
            }
            double v;
            String lower = s.toLowerCase(Locale.ROOT).replaceFirst("^[+]", "");
            if (lower.equals("inf") || lower.equals("infinity")) {
                v = Double.POSITIVE_INFINITY;
            } else if (lower.equals("-inf") || lower.equals("-infinity")) {
                v = Double.NEGATIVE_INFINITY;
            } else if (lower.equals("nan") || lower.equals("-nan")) {
                v = Double.NaN;
            } else if (DECIMAL.matcher(s).matches()) {
                v = Double.parseDouble(s);
            } else {
                throw new IllegalArgumentException(boundsText("a number", min, max));
            }
            if ((min != null && !(v >= min)) || (max != null && !(v <= max))) {
                throw new IllegalArgumentException(boundsText("a number", min, max));
            }
            return v;
        }

        @Override
        public String format(Double value) {
            return value.toString();
        }

        @Override
        public String description() {
            return "floating point number";
        }

        @Override
        public Number min() {
            return min;
        }

        @Override
        public Number max() {
            return max;
        }
    }

    private static final class ListType implements OptionType<List<String>> {
        @Override
        public List<String> parse(String text) {
            String s = text.strip();
            int end = s.length();
            while (end > 0 && s.charAt(end - 1) == ',') {
                end--;
            }
            s = s.substring(0, end);
            if (s.isEmpty()) {
                return List.of();
            }
            return Arrays.stream(s.split(",", -1)).map(String::strip)
                    .collect(Collectors.toUnmodifiableList());
        }

        @Override
        public String format(List<String> value) {
            return String.join(",", value);
        }

        @Override
        public String description() {
            return "comma-separated list";
        }
    }

    private static final class MultiStringType implements OptionType<List<String>> {
        @Override
        public List<String> parse(String text) {
            return List.of(text);
        }

        @Override
        public String format(List<String> value) {
            return value.stream().map(ValueTypes::quoteSpaces).collect(Collectors.joining(","));
        }

        @Override
        public String description() {
            return "string, may be repeated";
        }

        @Override
        public boolean multiValued() {
            return true;
        }
    }

    private static final class DictType implements OptionType<Map<String, String>> {
        private static final String EXPECTED = "key:value pairs separated by commas";

        @Override
        public Map<String, String> parse(String text) {
            String s = text.strip();
            Map<String, String> result = new LinkedHashMap<>();
            if (s.isEmpty()) {
                return Collections.unmodifiableMap(result);
            }
            List<String> pieces = new ArrayList<>(Arrays.asList(s.split(",", -1)));
            while (!pieces.isEmpty()) {
                // Like oslo: a piece without ':' is glued to the next one with its comma.
                String pair = pieces.remove(0);
                while (pair.indexOf(':') < 0) {
                    if (pieces.isEmpty()) {
                        throw new IllegalArgumentException(EXPECTED);
                    }
                    pair = pair + "," + pieces.remove(0);
                }
                int colon = pair.indexOf(':');
                String key = pair.substring(0, colon).strip();
                String value = pair.substring(colon + 1).strip();
                if (key.isEmpty()) {
                    throw new IllegalArgumentException(EXPECTED + ", each with a non-empty key");
                }
                if (result.containsKey(key)) {
                    throw new IllegalArgumentException(EXPECTED + ", each key once (\"" + key
                            + "\" appears twice)");
                }
                result.put(key, value);
            }
            return Collections.unmodifiableMap(result);
        }

        @Override
        public String format(Map<String, String> value) {
            return new TreeMap<>(value).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(","));
        }

        @Override
        public String description() {
            return "key:value pairs";
        }
    }
}
