package org.tandem.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A compute API microversion {@code major.minor}, ordered numerically (2.10 &gt; 2.9). */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    private static final Pattern FORMAT = Pattern.compile("^([1-9]\\d*)\\.([1-9]\\d*|0)$");

    /**
     * Parses {@code X.Y}.
     *
     * @throws ApiException 400 "API Version String &lt;s&gt; is of invalid format. Must be of format MajorNum.MinorNum."
     */
    public static ApiVersion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw ApiException.badRequest("API Version String " + text
                    + " is of invalid format. Must be of format MajorNum.MinorNum.");
        }
        try {
            return new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("API Version String " + text
                    + " is of invalid format. Must be of format MajorNum.MinorNum.");
        }
    }

    public boolean atLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
