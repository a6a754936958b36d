package org.tandem.version;

import java.util.Objects;

/**
 * A dotted {@code major.minor[.revision]} version as used by RPC APIs and versioned objects.
 *
 * <p>Compatibility follows oslo's rule ({@link #canServe(Version)}): a receiver at version R can
 * handle a message at version M when both have the same major and M's minor is at most R's minor
 * (the revision is compared only when the minors are equal).
 */
public final class Version implements Comparable<Version> {
    private final int major;
    private final int minor;
    private final int revision; // -1 when absent

    private Version(int major, int minor, int revision) {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("version components must not be negative: " + major + "." + minor);
        }
        this.major = major;
        this.minor = minor;
        this.revision = revision;
    }

    public static Version of(int major, int minor) {
        return new Version(major, minor, -1);
    }

    public static Version of(int major, int minor, int revision) {
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative: " + revision);
        }
        return new Version(major, minor, revision);
    }

    /**
     * Parses {@code "X.Y"} or {@code "X.Y.Z"}.
     *
     * @throws InvalidVersionException naming the offending text, for {@code null}, empty text,
     *     {@code "1"}, {@code "x.y"}, {@code "1.2.3.4"}, signs, spaces or overflowing numbers
     */
    public static Version parse(String text) {
        if (text == null) {
            throw new InvalidVersionException(null, "a version is required, got nothing");
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new InvalidVersionException(text, "expected MAJOR.MINOR or MAJOR.MINOR.REVISION");
        }
        int[] numbers = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = component(text, parts[i]);
        }
        return parts.length == 2 ? new Version(numbers[0], numbers[1], -1)
                : new Version(numbers[0], numbers[1], numbers[2]);
    }

    private static int component(String text, String part) {
        if (part.isEmpty() || part.length() > 9) {
            throw new InvalidVersionException(text, "each component must be 1 to 9 decimal digits");
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (c < '0' || c > '9') {
                throw new InvalidVersionException(text, "each component must be decimal digits only");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }

    /** The third component, or -1 when the version has only two. */
    public int revision() {
        return revision;
    }

    public boolean hasRevision() {
        return revision >= 0;
    }

    /** This version without its revision. */
    public Version withoutRevision() {
        return revision < 0 ? this : new Version(major, minor, -1);
    }

    /**
     * oslo's {@code version_is_compatible(self, requested)}: true when something that implements
     * this version can handle a request for {@code requested}.
     */
    public boolean canServe(Version requested) {
        if (requested.major != major) {
            return false;
        }
        if (requested.minor != minor) {
            return requested.minor < minor;
        }
        return Math.max(requested.revision, 0) <= Math.max(revision, 0);
    }

    public boolean isOlderThan(Version other) {
        return compareTo(other) < 0;
    }

    public boolean isNewerThan(Version other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(Version o) {
        int c = Integer.compare(major, o.major);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(minor, o.minor);
        if (c != 0) {
            return c;
        }
        return Integer.compare(Math.max(revision, 0), Math.max(o.revision, 0));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && v.major == major && v.minor == minor
                && Math.max(v.revision, 0) == Math.max(revision, 0);
    }

    @Override
    public int hashCode() {
        return Objects.hash(major, minor, Math.max(revision, 0));
    }

    @Override
    public String toString() {
        return revision < 0 ? major + "." + minor : major + "." + minor + "." + revision;
    }
}
